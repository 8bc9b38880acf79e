import TOMLKit

/// Parsing TOML text into ``ConfigTable`` with TOMLKit (toml++).
public enum TOMLParser {
  /// A TOML syntax error with its position.
  public struct SyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var position: SourcePosition
  }

  /// Parses a whole document.
  public static func parseDocument(_ text: String) throws(SyntaxError) -> ConfigTable {
    // toml++ reads a C string: a NUL byte would silently end the document early.
    if let nul = text.utf8.firstIndex(of: 0) {
      throw SyntaxError(
        message: "NUL byte in the file", position: position(ofByte: nul, in: text))
    }
    do {
      let table = try TOMLTable(string: text)
      return convert(table)
    } catch let error as TOMLParseError {
      throw SyntaxError(
        message: error.description,
        position: SourcePosition(line: error.source.begin.line, column: error.source.begin.column)
      )
    } catch {
      throw SyntaxError(message: "\(error)", position: SourcePosition(line: 1, column: 1))
    }
  }

  /// Parses the right-hand side of `key = VALUE` alone, as Codex does for `-c` values; nil
  /// when it is not a TOML value.
  public static func parseValue(_ text: String) -> ConfigValue? {
    // A newline would let the text add keys of its own beside the sentinel.
    guard !text.contains("\n"), !text.contains("\r"), !text.utf8.contains(0) else { return nil }
    let sentinel = "__cairn_value__"
    guard let table = try? parseDocument("\(sentinel) = \(text)"), table.count == 1 else {
      return nil
    }
    return table[sentinel]
  }

  static func convert(_ table: TOMLTable) -> ConfigTable {
    var result = ConfigTable()
    for (key, value) in table {
      result[key] = convert(value.tomlValue)
    }
    return result
  }

  static func convert(_ value: TOMLValue) -> ConfigValue {
    switch value.type {
    case .table: return .table(value.table.map(convert) ?? ConfigTable())
    case .array: return .array(value.array.map { $0.map { convert($0.tomlValue) } } ?? [])
    case .string: return .string(value.string ?? "")
    case .int: return .integer(Int64(value.int ?? 0))
    case .double: return .float(value.double ?? 0)
    case .bool: return .boolean(value.bool ?? false)
    case .date: return .datetime(value.date.map(text) ?? "")
    case .time: return .datetime(value.time.map(text) ?? "")
    case .dateTime: return .datetime(value.dateTime.map(text) ?? "")
    }
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  private static func text(_ date: TOMLDate) -> String {
    "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
  }

  private static func text(_ time: TOMLTime) -> String {
    var out = "\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
    if time.nanoSecond > 0 { out += "." + pad(time.nanoSecond, 9) }
    return out
  }

  private static func text(_ dateTime: TOMLDateTime) -> String {
    var out = text(dateTime.date) + "T" + text(dateTime.time)
    if let offset = dateTime.offset {
      if offset.offset == 0 {
        out += "Z"
      } else {
        let minutes = abs(offset.offset)
        out += (offset.offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
      }
    }
    return out
  }

  /// The line and column of a byte offset.
  static func position(ofByte offset: String.UTF8View.Index, in text: String) -> SourcePosition {
    var line = 1
    var column = 1
    for byte in text.utf8[..<offset] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return SourcePosition(line: line, column: column)
  }
}
