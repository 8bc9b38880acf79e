/// Why a tool call's arguments were refused. The description is the text the model gets
/// back as the call's output (Codex answers a bad call the same way, so the model can
/// correct itself), e.g. "failed to parse function arguments: missing field `cmd`".
public enum ToolArgumentsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The arguments are not JSON; `offset` is the byte where they go wrong.
  case malformedJSON(offset: UInt64, cause: String)
  /// The arguments are JSON but not an object.
  case notAnObject(found: String)
  case missingField(String)
  case duplicateField(String)
  /// A field holds the wrong kind of value.
  case invalidType(field: String, expected: String, found: String)
  /// A field holds a value of the right kind that is not allowed.
  case invalidValue(field: String, value: String, expected: String)

  public var description: String {
    "failed to parse function arguments: " + detail
  }

  private var detail: String {
    switch self {
    case .malformedJSON(let offset, let cause):
      return "the arguments are not valid JSON (byte \(offset): \(cause))"
    case .notAnObject(let found):
      return "invalid type: \(found), expected a JSON object of named arguments"
    case .missingField(let name): return "missing field `\(name)`"
    case .duplicateField(let name): return "duplicate field `\(name)`"
    case .invalidType(let field, let expected, let found):
      return "invalid type for `\(field)`: \(found), expected \(expected)"
    case .invalidValue(let field, let value, let expected):
      return "invalid value for `\(field)`: \(value), expected \(expected)"
    }
  }
}
