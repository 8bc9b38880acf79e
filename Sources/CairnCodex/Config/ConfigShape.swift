/// What a config key holds, for validation: the keys Codex 0.147 reads, their types and,
/// for keys that take one of a list, the allowed values.
public indirect enum ConfigShape: Sendable {
  case string
  case boolean
  case integer
  /// An integer or a float.
  case number
  /// A string from a fixed list. `lenient` keys warn instead of failing on other values,
  /// as Codex 0.147 accepts them (`model_reasoning_effort`).
  case oneOf([String], lenient: Bool)
  case array(ConfigShape)
  /// A table with known keys; other keys are reported as unknown (and kept).
  case table([String: ConfigShape])
  /// A table whose keys are names the user picks, each holding this shape.
  case map(ConfigShape)
  /// Any of these shapes.
  case either([ConfigShape])
  /// A key Codex reads whose contents Cairn does not check.
  case any

  static func oneOf(_ values: [String]) -> ConfigShape { .oneOf(values, lenient: false) }

  /// What the shape expects, for messages: `a boolean`, `one of "a", "b"`.
  var expectation: String {
    switch self {
    case .string: "a string"
    case .boolean: "a boolean"
    case .integer: "an integer"
    case .number: "a number"
    case .oneOf(let values, _): "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
    case .array(let element): "an array of \(element.plural)"
    case .table, .map: "a table"
    case .either(let shapes): shapes.map(\.expectation).joined(separator: " or ")
    case .any: "any value"
    }
  }

  private var plural: String {
    switch self {
    case .string, .oneOf: "strings"
    case .boolean: "booleans"
    case .integer: "integers"
    case .number: "numbers"
    case .array: "arrays"
    case .table, .map: "tables"
    case .either, .any: "values"
    }
  }
}
