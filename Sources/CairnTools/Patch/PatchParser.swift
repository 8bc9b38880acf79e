/// Parses Codex's apply_patch format (docs/APPLY_PATCH.md) with Codex's leniency: white
/// space around the whole text and around the markers, a heredoc wrapper (`<<'EOF'` …
/// `EOF`), blank lines between chunks, and a first chunk without its `@@`.
///
/// ```swift
/// let patch = try PatchParser.parse("*** Begin Patch\n*** Delete File: old.txt\n*** End Patch")
/// // patch.hunks == [.deleteFile(path: "old.txt")]
/// ```
public enum PatchParser {
  static let beginMarker = "*** Begin Patch"
  static let endMarker = "*** End Patch"
  static let addFileMarker = "*** Add File: "
  static let deleteFileMarker = "*** Delete File: "
  static let updateFileMarker = "*** Update File: "
  static let moveToMarker = "*** Move to: "
  static let endOfFileMarker = "*** End of File"
  static let contextMarker = "@@ "
  static let emptyContextMarker = "@@"
  /// The heredoc openers a model may wrap the patch in.
  static let heredocOpeners = ["<<EOF", "<<'EOF'", "<<\"EOF\""]

  public static func parse(_ text: String) throws(PatchParseError) -> Patch {
    let lines = PatchText.lines(PatchText.trimmed(text))
    let body = try bodyLines(lines)
    var hunks: [PatchHunk] = []
    var remaining = body[...]
    // Line 1 is `*** Begin Patch`.
    var lineNumber = 2
    while !remaining.isEmpty {
      let (hunk, used) = try parseHunk(remaining, lineNumber: lineNumber)
      hunks.append(hunk)
      lineNumber += used
      remaining = remaining.dropFirst(used)
    }
    return Patch(hunks: hunks)
  }

  /// The lines between the markers; a heredoc wrapper is taken off first when the plain
  /// text does not have them.
  private static func bodyLines(_ lines: [String]) throws(PatchParseError) -> [String] {
    let plainFailure: PatchParseError
    do {
      return try checkedMarkers(lines)
    } catch {
      plainFailure = error
    }
    // At least the two heredoc lines and the two markers.
    guard lines.count >= 4, let first = lines.first, let last = lines.last,
      heredocOpeners.contains(where: { PatchText.same($0, first) }),
      last.utf8.reversed().starts(with: "EOF".utf8.reversed())
    else { throw plainFailure }
    return try checkedMarkers(Array(lines.dropFirst().dropLast()))
  }

  private static func checkedMarkers(_ lines: [String]) throws(PatchParseError) -> [String] {
    let first = lines.first.map(PatchText.trimmed)
    let last = lines.last.map(PatchText.trimmed)
    if let first, !PatchText.same(first, beginMarker) {
      throw .invalidPatch("The first line of the patch must be '\(beginMarker)'")
    }
    guard lines.count >= 2, let last, PatchText.same(last, endMarker) else {
      throw .invalidPatch("The last line of the patch must be '\(endMarker)'")
    }
    return Array(lines.dropFirst().dropLast())
  }

  /// One file section from the start of `lines`, and how many lines it took.
  private static func parseHunk(_ lines: ArraySlice<String>, lineNumber: Int)
    throws(PatchParseError) -> (PatchHunk, Int)
  {
    let header = PatchText.trimmed(lines[lines.startIndex])
    if let path = PatchText.removingPrefix(addFileMarker, from: header) {
      var contents = ""
      var used = 1
      for line in lines.dropFirst() {
        guard PatchText.firstByte(line) == UInt8(ascii: "+") else { break }
        contents += PatchText.droppingFirstByte(line) + "\n"
        used += 1
      }
      return (.addFile(path: path, contents: contents), used)
    }
    if let path = PatchText.removingPrefix(deleteFileMarker, from: header) {
      return (.deleteFile(path: path), 1)
    }
    if let path = PatchText.removingPrefix(updateFileMarker, from: header) {
      return try parseUpdate(path: path, lines, lineNumber: lineNumber)
    }
    throw .invalidHunk(
      line: lineNumber,
      message: "'\(header)' is not a valid hunk header. Valid hunk headers: "
        + "'*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'")
  }

  private static func parseUpdate(path: String, _ lines: ArraySlice<String>, lineNumber: Int)
    throws(PatchParseError) -> (PatchHunk, Int)
  {
    var remaining = lines.dropFirst()
    var used = 1
    // The move line is matched as written, without trimming (as Codex does).
    let movePath = remaining.first.flatMap { PatchText.removingPrefix(moveToMarker, from: $0) }
    if movePath != nil {
      remaining = remaining.dropFirst()
      used += 1
    }
    var chunks: [PatchChunk] = []
    while let line = remaining.first {
      // Blank lines may separate chunks.
      if PatchText.trimmed(line).isEmpty {
        used += 1
        remaining = remaining.dropFirst()
        continue
      }
      // The next file section (or a misplaced marker, which that will report).
      if PatchText.firstByte(line) == UInt8(ascii: "*") { break }
      let (chunk, chunkLines) = try parseChunk(
        remaining, lineNumber: lineNumber + used, allowMissingContext: chunks.isEmpty)
      chunks.append(chunk)
      used += chunkLines
      remaining = remaining.dropFirst(chunkLines)
    }
    guard !chunks.isEmpty else {
      throw .invalidHunk(line: lineNumber, message: "Update file hunk for path '\(path)' is empty")
    }
    return (.updateFile(path: path, movePath: movePath, chunks: chunks), used)
  }

  /// One chunk from the start of `lines`, and how many lines it took. Line numbers in its
  /// errors are Codex's: the line after `lineNumber`.
  private static func parseChunk(
    _ lines: ArraySlice<String>, lineNumber: Int, allowMissingContext: Bool
  ) throws(PatchParseError) -> (PatchChunk, Int) {
    let first = lines[lines.startIndex]
    var context: String?
    var start = 0
    if PatchText.same(first, emptyContextMarker) {
      start = 1
    } else if let text = PatchText.removingPrefix(contextMarker, from: first) {
      context = text
      start = 1
    } else if !allowMissingContext {
      throw .invalidHunk(
        line: lineNumber,
        message: "Expected update hunk to start with a @@ context marker, got: '\(first)'")
    }
    guard start < lines.count else {
      throw .invalidHunk(line: lineNumber + 1, message: "Update hunk does not contain any lines")
    }
    var chunk = PatchChunk(context: context, oldLines: [], newLines: [], isEndOfFile: false)
    var parsed = 0
    for line in lines.dropFirst(start) {
      if PatchText.same(line, endOfFileMarker) {
        guard parsed > 0 else {
          throw .invalidHunk(
            line: lineNumber + 1, message: "Update hunk does not contain any lines")
        }
        chunk.isEndOfFile = true
        parsed += 1
        break
      }
      switch PatchText.firstByte(line) {
      case nil:
        // An empty line is an empty context line.
        chunk.oldLines.append("")
        chunk.newLines.append("")
      case UInt8(ascii: " "):
        let text = PatchText.droppingFirstByte(line)
        chunk.oldLines.append(text)
        chunk.newLines.append(text)
      case UInt8(ascii: "+"):
        chunk.newLines.append(PatchText.droppingFirstByte(line))
      case UInt8(ascii: "-"):
        chunk.oldLines.append(PatchText.droppingFirstByte(line))
      default:
        guard parsed > 0 else {
          throw .invalidHunk(
            line: lineNumber + 1,
            message: "Unexpected line found in update hunk: '\(line)'. Every line should start "
              + "with ' ' (context line), '+' (added line), or '-' (removed line)")
        }
        // The start of the next chunk or section.
        return (chunk, parsed + start)
      }
      parsed += 1
    }
    return (chunk, parsed + start)
  }
}
