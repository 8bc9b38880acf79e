import CairnCodex

/// The textual half of `config/value/write`: each edit touches only the bytes of the keys
/// it changes, so comments, blank lines and the order of everything else stay as the user
/// wrote them. Keys inside tables go through `TOMLTextEdit.set`; root keys and removals are
/// handled here.
enum ConfigTextEditor {
  /// Why an edit cannot be made in the text (the file is then left as it was).
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// `text` with the value at `path` set to `value` (a scalar, an array or a table, written
  /// inline or as `[table]` sections). A table is written key by key.
  static func write(_ value: ConfigValue, at path: ConfigKeyPath, in text: String)
    throws(Failure) -> String
  {
    if case .table(let table) = value, !table.isEmpty {
      var out = text
      for (key, member) in table.entries {
        out = try write(member, at: path.appending(key), in: out)
      }
      return out
    }
    let valueText = TOMLText.inline(value)
    if path.count >= 2 {
      do {
        return try TOMLTextEdit.set(path, to: valueText, in: text)
      } catch {
        throw Failure(description: error.description)
      }
    }
    return setRoot(path, to: valueText, in: text)
  }

  /// A key of the root table: its value is replaced where it is written; a new key goes
  /// after the last root key, else above the first table (and the comment lines directly
  /// above that header, which describe it), else at the end.
  private static func setRoot(_ path: ConfigKeyPath, to valueText: String, in text: String)
    -> String
  {
    let bytes = Array(text.utf8)
    let newline = text.contains("\r\n") ? "\r\n" : "\n"
    let statements = TOMLScanner.statements(of: text)
    let firstHeader = statements.firstIndex { statement in
      if case .header = statement.kind { return true }
      return false
    }
    let rootStatements = statements[..<(firstHeader ?? statements.endIndex)]
    if let existing = rootStatements.last(where: { $0.kind == .keyValue && $0.path == path }) {
      return splice(bytes, existing.valueRange, valueText)
    }
    let line = "\(ConfigKeyPath.tomlKey(path.segments[0])) = \(valueText)"
    if let last = rootStatements.last(where: { $0.kind == .keyValue }) {
      let lead = last.lineEnd > 0 && bytes[last.lineEnd - 1] != 0x0A ? newline : ""
      return splice(bytes, last.lineEnd..<last.lineEnd, lead + line + newline)
    }
    if let firstHeader {
      var offset = statements[firstHeader].lineStart
      // Walk back over comment lines that sit right above the header.
      while offset > 0 {
        var start = offset - 1
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        let content = bytes[start..<offset].drop { $0 == 0x20 || $0 == 0x09 }
        guard content.first == UInt8(ascii: "#") else { break }
        offset = start
      }
      return splice(bytes, offset..<offset, line + newline + newline)
    }
    var prefix = ""
    if let lastByte = bytes.last, lastByte != 0x0A { prefix = newline }
    return splice(bytes, bytes.count..<bytes.count, prefix + line + newline)
  }

  /// `text` without the value at `path`: its key lines, or its `[table]` sections (and
  /// those of its sub-tables) with the lines under them. A value that sits inside an inline
  /// table or array cannot be cut out line by line: that is a failure, naming the key.
  static func remove(_ path: ConfigKeyPath, from text: String) throws(Failure) -> String {
    let bytes = Array(text.utf8)
    let statements = TOMLScanner.statements(of: text)
    var ranges: [Range<Int>] = []
    for (index, statement) in statements.enumerated() {
      switch statement.kind {
      case .header:
        guard statement.path.hasPrefix(path) else { continue }
        var end = statement.lineEnd
        for next in statements[(index + 1)...] {
          if case .header = next.kind { break }
          end = next.lineEnd
        }
        ranges.append(tidied(statement.lineStart..<end, in: bytes))
      case .keyValue:
        if statement.path.hasPrefix(path) {
          ranges.append(statement.lineStart..<statement.lineEnd)
        } else if path.hasPrefix(statement.path) {
          throw Failure(
            description: "`\(statement.path)` is written as one inline value; edit `\(path)` in "
              + "it by hand")
        }
      }
    }
    guard !ranges.isEmpty else { return text }
    var out: [UInt8] = []
    var cursor = 0
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if range.lowerBound > cursor { out += bytes[cursor..<range.lowerBound] }
      cursor = max(cursor, range.upperBound)
    }
    out += bytes[cursor...]
    return String(decoding: out, as: UTF8.self)
  }

  /// A removed section takes one of the blank lines around it along, so the sections
  /// left keep one blank line between them (none at the start or end of the file).
  private static func tidied(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
    func isBlankLine(_ start: Int) -> Int? {
      var index = start
      while index < bytes.count,
        bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D
      {
        index += 1
      }
      return index < bytes.count && bytes[index] == 0x0A ? index + 1 : nil
    }
    let blankBefore = range.lowerBound >= 2 && bytes[range.lowerBound - 2] == 0x0A
    if range.lowerBound == 0 || blankBefore {
      var end = range.upperBound
      while let next = isBlankLine(end) { end = next }
      if end < bytes.count || range.lowerBound == 0 { return range.lowerBound..<end }
      // At the end of the file: the blank line before the section goes instead.
      var start = range.lowerBound
      while start >= 2 && bytes[start - 1] == 0x0A && bytes[start - 2] == 0x0A { start -= 1 }
      return start..<end
    }
    return range
  }

  private static func splice(_ bytes: [UInt8], _ range: Range<Int>, _ replacement: String)
    -> String
  {
    var out = Array(bytes[..<range.lowerBound])
    out += Array(replacement.utf8)
    out += bytes[range.upperBound...]
    return String(decoding: out, as: UTF8.self)
  }
}
