/// Cairn's app-server protocol as data: each type the server sends or accepts, described once
/// so the JSON Schema and TypeScript generators (`cairn app-server generate-json-schema`,
/// `generate-ts`) emit the same truth. Names follow Codex's generated bundle
/// (docs/APP_SERVER.md, "Schema generators").
indirect enum ProtocolShape: Sendable {
  case string
  case boolean
  /// A whole number; the format (`int64`, `uint64`, `int32`, `uint`) is JSON Schema's hint.
  case integer(format: String)
  case number
  /// Any JSON value (`JsonValue` in TypeScript, `true` in JSON Schema).
  case any
  /// Always `null`: a member Codex fills and Cairn has nothing for (yet).
  case null
  /// No value at all (`never` in TypeScript, `false` in JSON Schema): the items of an array
  /// Cairn always sends empty, where Codex lists things Cairn does not have.
  case never
  /// Another named type of the catalog.
  case ref(String)
  case array(ProtocolShape)
  /// A JSON object whose keys are free and whose values share one shape.
  case map(ProtocolShape)
  /// The shape or `null`.
  case nullable(ProtocolShape)
  /// One of these strings.
  case stringEnum([String])
  case object([ProtocolField])
  /// Any of these shapes (untagged).
  case union([ProtocolShape])
  /// Objects told apart by the string value of their `tag` field (e.g. `type`, `method`).
  case tagged(tag: String, [ProtocolVariant])
}

/// One member of an object.
struct ProtocolField: Sendable {
  var name: String
  var shape: ProtocolShape
  /// The key may be absent (required otherwise).
  var optional = false
  var description: String?
  /// Only in the `--experimental` output (Codex marks the field experimental).
  var experimental = false
}

/// One branch of a tagged union: the tag's value and the other members.
struct ProtocolVariant: Sendable {
  var tagValue: String
  /// The branch's name in JSON Schema (`title`), as Codex's bundle names it.
  var title: String
  var fields: [ProtocolField]
  var description: String?
  var experimental = false
}

/// Where a type lives in the generated trees.
enum ProtocolNamespace: String, Comparable, Sendable {
  /// The top of the tree (envelopes, v1 types, the shared primitives).
  case root = ""
  case v2
  /// `serde_json/JsonValue.ts` (TypeScript only).
  case serdeJSON = "serde_json"

  static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A named type of the catalog.
struct ProtocolType: Sendable {
  var name: String
  /// The TypeScript directory, and the JSON bundle's group (`definitions` or `definitions/v2`).
  var namespace: ProtocolNamespace
  var shape: ProtocolShape
  var description: String?
  /// Types that are a method's params or result, a notification's params, or an envelope get
  /// a JSON Schema file of their own: in this directory ("" for the top, "v1" or "v2").
  var jsonFileDirectory: String?
  var experimental = false
  /// The JSON bundle's group when it differs from the TypeScript directory (Codex keeps the
  /// approval requests' types at the top of the bundle and in `v2/` in TypeScript, and the
  /// MCP specification's types the other way round).
  var jsonNamespaceOverride: ProtocolNamespace?
  /// Codex emits no TypeScript for the JSON-RPC envelopes.
  var jsonOnly = false

  var jsonNamespace: ProtocolNamespace { jsonNamespaceOverride ?? namespace }
}

extension ProtocolField {
  /// A required member.
  static func required(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolField
  {
    ProtocolField(name: name, shape: shape, description: description)
  }

  /// A member that may be absent.
  static func optional(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolField
  {
    ProtocolField(name: name, shape: shape, optional: true, description: description)
  }

  /// A member that is always present and may be `null`.
  static func nullable(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolField
  {
    ProtocolField(name: name, shape: .nullable(shape), description: description)
  }

  /// Marks the member as experimental.
  var experimentalOnly: ProtocolField {
    var copy = self
    copy.experimental = true
    return copy
  }
}

extension ProtocolShape {
  static let int64 = ProtocolShape.integer(format: "int64")
  static let uint64 = ProtocolShape.integer(format: "uint64")
  static let int32 = ProtocolShape.integer(format: "int32")

  /// The names of the catalog types this shape refers to.
  func references(experimental: Bool) -> [String] {
    switch self {
    case .string, .boolean, .integer, .number, .any, .null, .never, .stringEnum: return []
    case .ref(let name): return [name]
    case .array(let inner), .map(let inner), .nullable(let inner):
      return inner.references(experimental: experimental)
    case .object(let fields):
      return fields.filter { experimental || !$0.experimental }.flatMap {
        $0.shape.references(experimental: experimental)
      }
    case .union(let shapes): return shapes.flatMap { $0.references(experimental: experimental) }
    case .tagged(_, let variants):
      return variants.filter { experimental || !$0.experimental }.flatMap {
        $0.fields.filter { experimental || !$0.experimental }.flatMap {
          $0.shape.references(experimental: experimental)
        }
      }
    }
  }
}
