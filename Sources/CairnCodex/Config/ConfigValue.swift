/// A TOML value as Cairn keeps it: a Sendable tree, independent of the parser that produced
/// it. Dates and times keep their TOML text, since Cairn only shows them.
public enum ConfigValue: Equatable, Sendable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case boolean(Bool)
  /// An offset or local date-time, a local date or a local time, as TOML text.
  case datetime(String)
  case array([ConfigValue])
  case table(ConfigTable)

  /// The TOML type name used in messages: `string`, `integer`, `float`, `boolean`,
  /// `datetime`, `array`, `table`.
  public var typeName: String {
    switch self {
    case .string: "string"
    case .integer: "integer"
    case .float: "float"
    case .boolean: "boolean"
    case .datetime: "datetime"
    case .array: "array"
    case .table: "table"
    }
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var boolValue: Bool? {
    if case .boolean(let value) = self { return value }
    return nil
  }

  public var integerValue: Int64? {
    if case .integer(let value) = self { return value }
    return nil
  }

  /// An integer or a float, as a double.
  public var numberValue: Double? {
    switch self {
    case .integer(let value): Double(value)
    case .float(let value): value
    default: nil
    }
  }

  public var tableValue: ConfigTable? {
    if case .table(let value) = self { return value }
    return nil
  }

  public var arrayValue: [ConfigValue]? {
    if case .array(let value) = self { return value }
    return nil
  }
}

/// A TOML table with its keys in a stable order (the parser's order, then insertion order
/// for keys that layers add).
public struct ConfigTable: Equatable, Sendable {
  public private(set) var keys: [String] = []
  private var values: [String: ConfigValue] = [:]

  public init() {}

  public init(_ entries: [(String, ConfigValue)]) {
    for (key, value) in entries { self[key] = value }
  }

  public var isEmpty: Bool { keys.isEmpty }
  public var count: Int { keys.count }

  /// The entries in key order.
  public var entries: [(key: String, value: ConfigValue)] {
    keys.map { ($0, values[$0]!) }
  }

  public subscript(key: String) -> ConfigValue? {
    get { values[key] }
    set {
      if let newValue {
        if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if values.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  /// The value at a path of keys through nested tables, or nil.
  public func value(at path: ConfigKeyPath) -> ConfigValue? {
    guard let first = path.segments.first else { return .table(self) }
    var current = self[first]
    for segment in path.segments.dropFirst() {
      guard case .table(let table) = current else { return nil }
      current = table[segment]
    }
    return current
  }

  /// Sets the value at a path, creating tables on the way and replacing any non-table value
  /// that stands where a table is needed (as Codex does for `-c a.b=1` over `a = 1`).
  public mutating func setValue(_ value: ConfigValue, at path: ConfigKeyPath) {
    let segments = path.segments
    guard let first = segments.first else { return }
    if segments.count == 1 {
      self[first] = value
      return
    }
    var child = self[first]?.tableValue ?? ConfigTable()
    child.setValue(value, at: ConfigKeyPath(Array(segments.dropFirst())))
    self[first] = .table(child)
  }

  /// Tables are equal when they hold the same keys and values, in any order (as in TOML).
  public static func == (lhs: ConfigTable, rhs: ConfigTable) -> Bool {
    lhs.values == rhs.values
  }
}
