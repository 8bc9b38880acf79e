import CairnCore

/// JSON Schema (draft-07) for the catalog, laid out as Codex's bundle: a file per message
/// type (with the types it uses under `definitions`), and the two bundles
/// `codex_app_server_protocol.schemas.json` (v2 types under `definitions/v2`) and
/// `codex_app_server_protocol.v2.schemas.json` (flat).
struct ProtocolJSONSchema {
  let catalog: ProtocolCatalog
  static let draft = "http://json-schema.org/draft-07/schema#"

  /// Relative path → file text, every object's keys sorted.
  func files() throws(ProtocolCatalog.Failure) -> [(path: String, text: String)] {
    var out: [(String, String)] = []
    for type in catalog.types where type.jsonFileDirectory != nil && type.namespace != .serdeJSON {
      let directory = type.jsonFileDirectory!
      let path = (directory.isEmpty ? "" : directory + "/") + type.name + ".json"
      out.append((path, Self.render(try standalone(type))))
    }
    out.append(("codex_app_server_protocol.schemas.json", Self.render(try bundle())))
    out.append(("codex_app_server_protocol.v2.schemas.json", Self.render(try flatV2Bundle())))
    return out.sorted { $0.0 < $1.0 }
  }

  /// A type's own file: its schema at the top, what it uses under `definitions`.
  func standalone(_ type: ProtocolType) throws(ProtocolCatalog.Failure) -> JSONValue {
    let flat: (String) -> String = { "#/definitions/" + $0 }
    var members = Self.members(schema(type, ref: flat))
    members.append(("$schema", .string(Self.draft)))
    members.append(("title", .string(type.name)))
    let uses = try catalog.closure(of: [type.name]).filter {
      $0.name != type.name && $0.namespace != .serdeJSON
    }
    if !uses.isEmpty {
      members.append(("definitions", .object(uses.map { ($0.name, schema($0, ref: flat)) })))
    }
    return .object(members)
  }

  /// Every type: the top namespace's at `definitions`, v2's at `definitions/v2`.
  func bundle() throws(ProtocolCatalog.Failure) -> JSONValue {
    let nested: (String) -> String = { name in
      catalog.type(named: name)?.jsonNamespace == .v2
        ? "#/definitions/v2/" + name : "#/definitions/" + name
    }
    let all = try catalog.closure(of: catalog.types.map(\.name))
    var definitions: [(String, JSONValue)] = all.filter { $0.jsonNamespace == .root }.map {
      ($0.name, schema($0, ref: nested))
    }
    let v2 = all.filter { $0.jsonNamespace == .v2 }.map { ($0.name, schema($0, ref: nested)) }
    definitions.append(("v2", .object(v2)))
    return .object([
      ("$schema", .string(Self.draft)), ("definitions", .object(definitions)),
      ("title", .string("CodexAppServerProtocol")), ("type", .string("object")),
    ])
  }

  /// The v2 types and everything they use, flat.
  func flatV2Bundle() throws(ProtocolCatalog.Failure) -> JSONValue {
    let flat: (String) -> String = { "#/definitions/" + $0 }
    let roots = catalog.types.filter { $0.jsonNamespace == .v2 }.map(\.name)
    let all = try catalog.closure(of: roots).filter { $0.namespace != .serdeJSON }
    return .object([
      ("$schema", .string(Self.draft)),
      ("definitions", .object(all.map { ($0.name, schema($0, ref: flat)) })),
      ("title", .string("CodexAppServerProtocolV2")), ("type", .string("object")),
    ])
  }

  private func schema(_ type: ProtocolType, ref: (String) -> String) -> JSONValue {
    let body = schema(type.shape, ref: ref)
    guard let description = type.description else { return body }
    return .object(Self.members(body) + [("description", .string(description))])
  }

  func schema(_ shape: ProtocolShape, ref: (String) -> String) -> JSONValue {
    switch shape {
    case .string: return .object([("type", .string("string"))])
    case .boolean: return .object([("type", .string("boolean"))])
    case .number: return .object([("type", .string("number"))])
    case .integer(let format):
      return .object([("format", .string(format)), ("type", .string("integer"))])
    case .any: return .bool(true)
    case .null: return .object([("type", .string("null"))])
    case .never: return .bool(false)
    case .ref(let name): return .object([("$ref", .string(ref(name)))])
    case .array(let inner):
      return .object([("items", schema(inner, ref: ref)), ("type", .string("array"))])
    case .map(let inner):
      return .object([
        ("additionalProperties", schema(inner, ref: ref)), ("type", .string("object")),
      ])
    case .nullable(.null): return schema(.null, ref: ref)
    case .nullable(let inner):
      return nullable(schema(inner, ref: ref))
    case .stringEnum(let values):
      return .object([("enum", .array(values.map { .string($0) })), ("type", .string("string"))])
    case .object(let fields):
      return object(fields, ref: ref)
    case .union(let shapes):
      return .object([("anyOf", .array(shapes.map { schema($0, ref: ref) }))])
    case .tagged(let tag, let variants):
      let branches = variants.filter { catalog.experimental || !$0.experimental }.map {
        variant -> JSONValue in
        let tagSchema = JSONValue.object([
          ("enum", .array([.string(variant.tagValue)])),
          ("title", .string(variant.title + Self.capitalized(tag))), ("type", .string("string")),
        ])
        var members = Self.members(object(variant.fields, ref: ref, tag: (tag, tagSchema)))
        members.append(("title", .string(variant.title)))
        if let description = variant.description {
          members.append(("description", .string(description)))
        }
        return .object(members)
      }
      return .object([("oneOf", .array(branches))])
    }
  }

  private func object(
    _ fields: [ProtocolField], ref: (String) -> String, tag: (String, JSONValue)? = nil
  ) -> JSONValue {
    var properties: [(String, JSONValue)] = []
    var required: [String] = []
    if let tag {
      properties.append(tag)
      required.append(tag.0)
    }
    for field in fields where catalog.experimental || !field.experimental {
      var property = schema(field.shape, ref: ref)
      if let description = field.description {
        if case .object(let members) = property, members.contains(where: { $0.0 == "$ref" }) {
          // A sibling of `$ref` is ignored in draft-07: wrap the reference.
          property = .object([("allOf", .array([property]))])
        }
        property = .object(Self.members(property) + [("description", .string(description))])
      }
      properties.append((field.name, property))
      if !field.optional { required.append(field.name) }
    }
    var members: [(String, JSONValue)] = [("type", .string("object"))]
    if !properties.isEmpty { members.append(("properties", .object(properties))) }
    if !required.isEmpty {
      members.append(("required", .array(required.sorted().map { .string($0) })))
    }
    return .object(members)
  }

  /// `null` added: a list of primitive types where possible, `anyOf` otherwise.
  private func nullable(_ inner: JSONValue) -> JSONValue {
    if case .object(let members) = inner, members.count <= 2,
      case .string(let type)? = members.first(where: { $0.0 == "type" })?.1,
      type != "object", type != "array", !members.contains(where: { $0.0 == "enum" })
    {
      return .object(
        members.map { $0.0 == "type" ? ("type", .array([.string(type), .string("null")])) : $0 })
    }
    return .object([("anyOf", .array([inner, .object([("type", .string("null"))])]))])
  }

  private static func members(_ value: JSONValue) -> [(String, JSONValue)] {
    if case .object(let members) = value { return members }
    return [("allOf", .array([value]))]
  }

  static func capitalized(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }

  /// Pretty text (two-space indent, keys sorted), the layout of Codex's files.
  static func render(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: "", to: &out)
    return out + "\n"
  }

  private static func write(_ value: JSONValue, indent: String, to out: inout String) {
    let inner = indent + "  "
    switch value {
    case .object(let members) where !members.isEmpty:
      out += "{\n"
      for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
        out += inner + JSONValue.quoted(member.0) + ": "
        write(member.1, indent: inner, to: &out)
        out += index == members.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    case .array(let items) where !items.isEmpty:
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += inner
        write(item, indent: inner, to: &out)
        out += index == items.count - 1 ? "\n" : ",\n"
      }
      out += indent + "]"
    default:
      out += value.text
    }
  }
}
