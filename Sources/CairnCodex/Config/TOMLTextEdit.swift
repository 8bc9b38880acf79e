/// Minimal textual edits of a TOML document: setting one key changes the bytes of that key's
/// value, or adds one line (or one table) and leaves every other byte of the file as it was
/// (docs/CODEX_CONFIG.md, "What Cairn writes").
public enum TOMLTextEdit {
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// `text` with the key at `path` (at least two segments: a table and a key) set to
  /// `valueText`, a TOML value as text. Where the key is written already, only its value
  /// changes; otherwise a line goes after the last key of its table (or into its inline
  /// table), or a new `[table]` is added.
  public static func set(_ path: ConfigKeyPath, to valueText: String, in text: String)
    throws(Failure) -> String
  {
    guard path.count >= 2, let key = path.last else {
      throw Failure(description: "can only set a key inside a table, not `\(path)`")
    }
    let parent = path.parent
    let bytes = Array(text.utf8)
    let newline = text.contains("\r\n") ? "\r\n" : "\n"
    let statements = TOMLScanner.statements(of: text).filter { statement in
      !statement.tablePath.segments.contains { $0.hasPrefix("[") }
    }

    // 1. The key is written: replace its value.
    if let existing = statements.last(where: { $0.kind == .keyValue && $0.path == path }) {
      return splice(bytes, existing.valueRange, valueText)
    }
    // 2. The table is an inline table: add a member inside its braces.
    if let inline = statements.last(where: {
      $0.kind == .keyValue && $0.path == parent && $0.valueRange.count >= 2
        && bytes[$0.valueRange.lowerBound] == UInt8(ascii: "{")
    }) {
      let members = TOMLScanner.inlineTableMembers(of: text, in: inline.valueRange)
      if let member = members.last(where: { $0.key == ConfigKeyPath([key]) }) {
        return splice(bytes, member.valueRange, valueText)
      }
      let closing = inline.valueRange.upperBound - 1
      var end = closing
      while end > inline.valueRange.lowerBound + 1,
        bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09
      {
        end -= 1
      }
      let member = "\(ConfigKeyPath.tomlKey(key)) = \(valueText)"
      if end == inline.valueRange.lowerBound + 1 {
        return splice(bytes, inline.valueRange, "{ \(member) }")
      }
      return splice(bytes, end..<end, ", \(member)")
    }
    // 3. Other keys of the table are written: add a line after the last of them.
    if let sibling = statements.last(where: { $0.kind == .keyValue && $0.path.parent == parent }) {
      let relative = ConfigKeyPath(Array(path.segments.dropFirst(sibling.tablePath.count)))
      let indent = String(decoding: bytes[sibling.lineStart..<sibling.keyStart], as: UTF8.self)
      return insertLine(indent + "\(relative) = \(valueText)", at: sibling.lineEnd, bytes, newline)
    }
    // 4. The table has a header but no keys: add a line after the header.
    if let header = statements.last(where: {
      $0.kind == .header(arrayOfTables: false) && $0.path == parent
    }) {
      return insertLine(
        "\(ConfigKeyPath.tomlKey(key)) = \(valueText)", at: header.lineEnd, bytes, newline)
    }
    // 5. No such table: add it, before its first sub-table if it has one, else at the end.
    let block = "[\(parent)]\(newline)\(ConfigKeyPath.tomlKey(key)) = \(valueText)\(newline)"
    if let child = statements.first(where: { statement in
      if case .header = statement.kind { return statement.path.hasPrefix(parent) }
      return false
    }) {
      let before = bytes[..<child.lineStart]
      let separator = before.isEmpty || endsWithBlankLine(before) ? "" : newline
      return splice(bytes, child.lineStart..<child.lineStart, separator + block)
    }
    var prefix = ""
    if !bytes.isEmpty {
      if bytes.last != 0x0A { prefix += newline }
      if !endsWithBlankLine(bytes[...]) { prefix += newline }
    }
    return splice(bytes, bytes.count..<bytes.count, prefix + block)
  }

  private static func insertLine(
    _ line: String, at offset: Int, _ bytes: [UInt8], _ newline: String
  )
    -> String
  {
    // A last line without a newline gets one before the new line.
    let lead = offset > 0 && bytes[offset - 1] != 0x0A ? newline : ""
    return splice(bytes, offset..<offset, lead + line + newline)
  }

  private static func splice(_ bytes: [UInt8], _ range: Range<Int>, _ replacement: String) -> String
  {
    var out = Array(bytes[..<range.lowerBound])
    out += Array(replacement.utf8)
    out += bytes[range.upperBound...]
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether the bytes end with an empty line (`…\n\n`, or `…\n` followed by spaces).
  private static func endsWithBlankLine(_ bytes: ArraySlice<UInt8>) -> Bool {
    var index = bytes.endIndex
    var newlines = 0
    while index > bytes.startIndex {
      let byte = bytes[index - 1]
      if byte == 0x0A {
        newlines += 1
        if newlines == 2 { return true }
      } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
        return false
      }
      index -= 1
    }
    return true
  }
}
