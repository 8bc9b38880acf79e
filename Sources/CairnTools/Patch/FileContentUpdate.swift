/// An update section's chunks applied to a file's text, as Codex computes it: chunks are
/// found in order (each after the previous), a chunk with no old lines appends at the end,
/// and the result always ends with a newline. Unlike Codex 0.147 on Linux, a file whose
/// every line ends in `\r\n` keeps `\r\n` on every line, the new ones included.
enum FileContentUpdate {
  /// The new contents of `bytes` (valid UTF-8) at `path` (for messages).
  static func apply(_ chunks: [PatchChunk], to bytes: [UInt8], path: String)
    throws(PatchApplyError) -> [UInt8]
  {
    let crlf = usesCRLF(bytes)
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { line in
        let body = crlf && line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        return String(decoding: body, as: UTF8.self)
      }
    // The empty string after a final newline is not a line.
    if lines.last?.isEmpty == true { lines.removeLast() }
    let replacements = try self.replacements(chunks, in: lines, path: path)
    for replacement in replacements.reversed() {
      lines.replaceSubrange(
        replacement.start..<(replacement.start + replacement.oldCount), with: replacement.lines)
    }
    if lines.last?.isEmpty != true { lines.append("") }
    return Array(lines.joined(separator: crlf ? "\r\n" : "\n").utf8)
  }

  /// True when the text has newlines and every one is `\r\n`.
  static func usesCRLF(_ bytes: [UInt8]) -> Bool {
    var newlines = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      guard index > 0, bytes[index - 1] == UInt8(ascii: "\r") else { return false }
      newlines += 1
    }
    return newlines > 0
  }

  private struct Replacement {
    var start: Int
    var oldCount: Int
    var lines: [String]
  }

  private static func replacements(_ chunks: [PatchChunk], in lines: [String], path: String)
    throws(PatchApplyError) -> [Replacement]
  {
    var found: [Replacement] = []
    var position = 0
    for chunk in chunks {
      if let context = chunk.context {
        guard let index = LineSeeker.seek(lines, [context], from: position, endOfFile: false)
        else { throw .contextNotFound(context: context, path: path) }
        position = index + 1
      }
      guard !chunk.oldLines.isEmpty else {
        // A pure addition goes at the end of the file (before a last empty line), wherever
        // its context was: Codex's rule, kept so patches land where Codex puts them.
        let end = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
        found.append(Replacement(start: end, oldCount: 0, lines: chunk.newLines))
        continue
      }
      var pattern = chunk.oldLines[...]
      var newLines = chunk.newLines[...]
      var start = LineSeeker.seek(
        lines, Array(pattern), from: position, endOfFile: chunk.isEndOfFile)
      if start == nil, pattern.last?.isEmpty == true {
        // A final empty old line often stands for the file's last newline, which is not a
        // line here: try again without it.
        pattern = pattern.dropLast()
        if newLines.last?.isEmpty == true { newLines = newLines.dropLast() }
        start = LineSeeker.seek(
          lines, Array(pattern), from: position, endOfFile: chunk.isEndOfFile)
      }
      guard let start else { throw .linesNotFound(path: path, lines: chunk.oldLines) }
      found.append(Replacement(start: start, oldCount: pattern.count, lines: Array(newLines)))
      position = start + pattern.count
    }
    // Stable: two pure additions at the end keep their order.
    return found.enumerated().sorted {
      ($0.element.start, $0.offset) < ($1.element.start, $1.offset)
    }
    .map(\.element)
  }
}
