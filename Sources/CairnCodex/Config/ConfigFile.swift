import Foundation

/// One parsed TOML config file: its text, its values and where each key is written.
public struct ConfigFile: Sendable {
  public var path: String
  public var text: String
  public var table: ConfigTable
  public var statements: [TOMLStatement]
  private var keyPositions: [ConfigKeyPath: SourcePosition] = [:]
  private var valuePositions: [ConfigKeyPath: SourcePosition] = [:]
  /// Every statement's path and key position, in document order.
  private var statementPositions: [(path: ConfigKeyPath, position: SourcePosition)] = []

  /// Parses `text` as the contents of `path`.
  public init(path: String, text: String) throws(ConfigError) {
    self.path = path
    self.text = text
    do {
      table = try TOMLParser.parseDocument(text)
    } catch {
      throw .syntax(file: path, position: error.position, message: error.message)
    }
    let scanner = TOMLScanner(text)
    statements = TOMLScanner.statements(of: text)
    for statement in statements {
      let path = statement.path
      let position = scanner.position(ofByte: statement.keyStart)
      statementPositions.append((path, position))
      if keyPositions[path] == nil { keyPositions[path] = position }
      if statement.kind == .keyValue, valuePositions[path] == nil {
        valuePositions[path] = scanner.position(ofByte: statement.valueRange.lowerBound)
      }
    }
  }

  /// Reads and parses the file at `path`; nil when there is no file.
  public static func load(path: String) throws(ConfigError) -> ConfigFile? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .io(file: path, message: "cannot read: \(error.localizedDescription)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .io(file: path, message: "not valid UTF-8")
    }
    return try ConfigFile(path: path, text: text)
  }

  /// Where the key at `path` is written; for a table only implied by its sub-tables
  /// (`[a.b]` implies `a`), the first statement inside it; else where the nearest enclosing
  /// key or table is (for keys inside inline tables and arrays).
  public func keyPosition(of path: ConfigKeyPath) -> SourcePosition? {
    if let position = keyPositions[path] { return position }
    if let inside = statementPositions.first(where: { $0.path.hasPrefix(path) }) {
      return inside.position
    }
    var current = path.parent
    while !current.isEmpty {
      if let position = keyPositions[current] { return position }
      current = current.parent
    }
    return nil
  }

  /// Where the value of the key at `path` starts, falling back to the key's position.
  public func valuePosition(of path: ConfigKeyPath) -> SourcePosition? {
    var current = path
    while !current.isEmpty {
      if let position = valuePositions[current] ?? keyPositions[current] { return position }
      current = current.parent
    }
    return nil
  }
}
