import CairnCore
import CairnServer

/// A request's params, read field by field with the errors Codex's decoder (serde) gives:
/// `missing field `threadId``, `invalid type: integer `123`, expected a string`. Unknown
/// fields are ignored, as Codex does.
struct AppServerParams {
  let members: [(String, ParsedJSON)]

  init(_ value: ParsedJSON?, method: String) throws(AppServerError) {
    guard let value else {
      members = []
      return
    }
    switch value.kind {
    case .object(let members): self.members = members
    case .null: members = []
    default:
      throw .malformed("invalid type: \(Self.unexpected(value)), expected a map")
    }
  }

  /// The params as JSON (for free-form members such as `config`).
  var json: JSONValue { .object(members.map { ($0.0, $0.1.jsonValue) }) }

  /// serde's description of a value it did not expect.
  static func unexpected(_ value: ParsedJSON) -> String {
    switch value.kind {
    case .null: return "null"
    case .bool(let flag): return "boolean `\(flag)`"
    case .number(let text):
      return Int64(text) != nil || UInt64(text) != nil
        ? "integer `\(text)`" : "floating point `\(text)`"
    case .string(let text): return "string \(JSONValue.quoted(text))"
    case .array: return "sequence"
    case .object: return "map"
    }
  }

  private func field(_ key: String) -> ParsedJSON? {
    guard let member = members.first(where: { $0.0 == key })?.1 else { return nil }
    if case .null = member.kind { return nil }
    return member
  }

  private func mismatch(_ member: ParsedJSON, expected: String) -> AppServerError {
    .malformed("invalid type: \(Self.unexpected(member)), expected \(expected)")
  }

  static func missing(_ key: String) -> AppServerError { .malformed("missing field `\(key)`") }

  func string(_ key: String) throws(AppServerError) -> String? {
    guard let member = field(key) else { return nil }
    guard let text = member.stringValue else { throw mismatch(member, expected: "a string") }
    return text
  }

  func requiredString(_ key: String) throws(AppServerError) -> String {
    guard let text = try string(key) else { throw Self.missing(key) }
    return text
  }

  func bool(_ key: String) throws(AppServerError) -> Bool? {
    guard let member = field(key) else { return nil }
    guard case .bool(let flag) = member.kind else { throw mismatch(member, expected: "a boolean") }
    return flag
  }

  func integer(_ key: String) throws(AppServerError) -> Int64? {
    guard let member = field(key) else { return nil }
    guard case .number(let text) = member.kind, let number = Int64(text) else {
      throw mismatch(member, expected: "an integer")
    }
    return number
  }

  /// A count such as `limit`: serde reads it as u32.
  func count(_ key: String) throws(AppServerError) -> Int? {
    guard let member = field(key) else { return nil }
    guard case .number(let text) = member.kind, let number = UInt32(text) else {
      throw mismatch(member, expected: "u32")
    }
    return Int(number)
  }

  func strings(_ key: String) throws(AppServerError) -> [String]? {
    guard let member = field(key) else { return nil }
    guard let items = member.arrayValue else { throw mismatch(member, expected: "a sequence") }
    var out: [String] = []
    for item in items {
      guard let text = item.stringValue else { throw mismatch(item, expected: "a string") }
      out.append(text)
    }
    return out
  }

  func array(_ key: String) throws(AppServerError) -> [ParsedJSON]? {
    guard let member = field(key) else { return nil }
    guard let items = member.arrayValue else { throw mismatch(member, expected: "a sequence") }
    return items
  }

  func object(_ key: String) throws(AppServerError) -> AppServerParams? {
    guard let member = field(key) else { return nil }
    guard case .object = member.kind else { throw mismatch(member, expected: "a map") }
    return try AppServerParams(member, method: "")
  }

  /// An absolute path, as Codex's `AbsolutePathBuf`: a relative one is refused with its text.
  func absolutePath(_ key: String) throws(AppServerError) -> String {
    let path = try requiredString(key)
    guard path.hasPrefix("/") else {
      throw .malformed("AbsolutePathBuf deserialized without a base path")
    }
    return path
  }

  /// A thread id: it must parse as a UUID, with Codex's message when it does not.
  func threadID(_ key: String = "threadId") throws(AppServerError) -> String {
    let text = try requiredString(key)
    if let problem = AppServerUUID.problem(text) { throw .invalid("invalid thread id: \(problem)") }
    return text.lowercased()
  }
}

/// UUID text checks with the uuid crate's messages, which Codex passes on.
enum AppServerUUID {
  /// Nil when `text` is a hyphenated or simple UUID; otherwise what is wrong.
  static func problem(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    for (index, byte) in bytes.enumerated() {
      let isHex =
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
      if !isHex && byte != UInt8(ascii: "-") {
        let character = String(decoding: [byte], as: UTF8.self)
        return "invalid character: expected an optional prefix of `urn:uuid:` followed by "
          + "[0-9a-fA-F-], found `\(character)` at \(index + 1)"
      }
    }
    let hexCount = bytes.filter { $0 != UInt8(ascii: "-") }.count
    let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
    guard hexCount == 32, groups == [8, 4, 4, 4, 12] || groups == [32] else {
      return "invalid length: expected length 32 for simple format, found \(hexCount)"
    }
    return nil
  }
}
