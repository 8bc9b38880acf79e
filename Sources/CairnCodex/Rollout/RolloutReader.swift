import CairnProtocol

/// Reads a Codex rollout file line by line in bounded memory: the file passes through a
/// fixed window (`Options.bufferBytes`), each line is parsed as it streams by, and only
/// what the typed models keep (bounded by `RolloutParseOptions`) is materialized. A line
/// of hundreds of megabytes costs time, not memory.
///
/// Malformed lines come out as `.problem` items with their line numbers and reading
/// goes on; only an unreadable file throws. docs/CODEX_ROLLOUT.md has the details.
public final class RolloutReader {
  public struct Options: Sendable, Equatable {
    /// The read window, and so the most bytes of the file held at once.
    public var bufferBytes: Int
    public var parse: RolloutParseOptions

    public init(bufferBytes: Int = 256 * 1024, parse: RolloutParseOptions = RolloutParseOptions()) {
      self.bufferBytes = bufferBytes
      self.parse = parse
    }
  }

  public enum Item: Sendable, Equatable {
    case record(RolloutRecord)
    case problem(RolloutProblem)
  }

  public let path: String
  private let scanner: JSONScanner
  private let parser: RolloutLineParser
  private var started = false

  /// Lines seen so far, blank ones included.
  public private(set) var lineCount = 0
  /// Lines holding nothing but whitespace (skipped).
  public private(set) var blankLines = 0
  /// Whether the file starts with a UTF-8 byte order mark (skipped).
  public private(set) var hadByteOrderMark = false
  /// Whether the last line is complete JSON without a final newline (it is used).
  public private(set) var finalNewlineMissing = false

  /// Reads `path` from its start, or from `startOffset` (the start of a line, after
  /// `linesBefore` lines) to continue where an earlier read stopped: line numbers and
  /// offsets then still count from the file's start.
  public init(
    path: String, options: Options = Options(), startOffset: UInt64 = 0, linesBefore: Int = 0
  ) throws {
    self.path = path
    let source = try RolloutFileSource(path: path, startOffset: startOffset)
    scanner = JSONScanner(
      source: source, bufferBytes: options.bufferBytes, lineMode: true, startOffset: startOffset)
    lineCount = linesBefore
    // A byte order mark can only be at the file's start.
    started = startOffset > 0
    parser = RolloutLineParser(scanner: scanner, options: options.parse)
  }

  /// Bytes of the file consumed so far.
  public var bytesRead: UInt64 { scanner.offset }
  /// The window's size: the reader's largest buffer of file bytes.
  public var bufferBytes: Int { scanner.bufferBytes }

  /// The next record or problem, or nil at the end of the file. Throws only when the
  /// file cannot be read.
  public func next() throws -> Item? {
    if !started {
      started = true
      hadByteOrderMark = try scanner.skipByteOrderMark()
    }
    while true {
      if try scanner.isAtEnd() { return nil }
      lineCount += 1
      let start = scanner.offset
      if try scanner.restOfLineIsBlank() {
        _ = try scanner.finishLine()
        blankLines += 1
        continue
      }
      do {
        let (timestamp, line) = try parser.parseLine()
        let end = scanner.offset
        if try !scanner.finishLine() { finalNewlineMissing = true }
        return .record(
          RolloutRecord(
            lineNumber: lineCount, byteOffset: start, byteCount: end - start,
            timestampMilliseconds: timestamp.flatMap(RolloutTimestamp.milliseconds),
            line: line))
      } catch let error as JSONScanError {
        if error.cause == .unexpectedEndOfInput {
          // The error may point before the last bytes (a cut escape or UTF-8 sequence):
          // consume to the end, so the file's length is the line's end.
          _ = try scanner.skipLine()
          return .problem(
            RolloutProblem(
              lineNumber: lineCount, lineOffset: start, errorOffset: scanner.offset,
              kind: .truncatedLastLine))
        }
        _ = try scanner.skipLine()
        return .problem(
          RolloutProblem(
            lineNumber: lineCount, lineOffset: start, errorOffset: error.offset,
            kind: .malformed(error.cause)))
      } catch let error as RolloutLineError {
        let at = scanner.offset
        _ = try scanner.skipLine()
        return .problem(
          RolloutProblem(
            lineNumber: lineCount, lineOffset: start, errorOffset: at,
            kind: .notARolloutLine(error)))
      }
    }
  }
}
