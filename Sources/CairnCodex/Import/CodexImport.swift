import CairnCore
import CairnEngine
import CairnLogFormat
import CairnProtocol
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn import codex`: one rollout file becomes (or extends) the native session whose id
/// is the Codex thread id. Streams the file in bounded memory; a re-import reads only what
/// was appended since the last one (`CodexImportState`). docs/CODEX_COMPAT.md, "Import".
public enum CodexImport {
  /// The text a line may bring in, in total (messages, arguments, outputs). A longer text
  /// is cut at a character boundary and counted in `textsCut`: memory stays bounded
  /// whatever the line's size.
  public static let textBytesMax = 1 << 20

  public struct Result: Equatable, Sendable {
    public var path: String
    public var sessionID: SessionID
    /// Whether this import created the session (else it continued an imported one).
    public var created: Bool
    /// The byte offset the read started at, and where the import now stands.
    public var startOffset: UInt64
    public var endOffset: UInt64
    public var fileBytes: UInt64
    /// Lines read this time (blank ones included), and the file's lines imported so far.
    public var linesRead: Int
    public var lines: Int
    public var counts: CodexImportCounts
    /// Malformed lines and lines that are JSON but not rollout lines: read past, reported.
    public var problems: [RolloutProblem]
    /// A last line cut short (Codex still writing, or a crash): not imported; the next
    /// import reads it again.
    public var truncatedLastLine: RolloutProblem?
    /// Lines whose commands the session refused (`decide`), with why: read past.
    public var refused: [(line: Int, reason: String)]
    /// The file has no `turn_context` yet (only its first lines were written): no session
    /// was created, and the next import reads it from line 1 again.
    public var waitingForTurnContext = false

    public var malformedCount: Int { problems.count }

    public static func == (lhs: Result, rhs: Result) -> Bool {
      lhs.path == rhs.path && lhs.sessionID == rhs.sessionID && lhs.created == rhs.created
        && lhs.startOffset == rhs.startOffset && lhs.endOffset == rhs.endOffset
        && lhs.linesRead == rhs.linesRead && lhs.counts == rhs.counts
        && lhs.problems == rhs.problems && lhs.truncatedLastLine == rhs.truncatedLastLine
        && lhs.refused.elementsEqual(rhs.refused) { $0 == $1 }
    }
  }

  /// Imports `path` into `home`. Throws only what stops this file; problems inside it are
  /// in the result. `progress` gets the bytes read so far, now and then.
  public static func importRollout(
    path: String, home: CairnHome, bufferBytes: Int = 256 * 1024, readAhead: Bool = true,
    progress: (UInt64) -> Void = { _ in }
  ) throws(CodexImportError) -> Result {
    let options = RolloutReader.Options(
      bufferBytes: bufferBytes, parse: RolloutParseOptions(textBytesMax: textBytesMax))
    let fileBytes = try size(of: path)
    let reader: RolloutReader
    let first: RolloutRecord
    do {
      reader = try RolloutReader(path: path, options: options)
      switch try reader.next() {
      case .record(let record): first = record
      case .problem(let problem):
        throw CodexImportError.noSessionMeta(path: path, reason: "\(problem)")
      case nil: throw CodexImportError.noSessionMeta(path: path, reason: "the file is empty")
      }
    } catch let error as CodexImportError {
      throw error
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
    guard case .sessionMeta(let meta) = first.line else {
      throw .noSessionMeta(
        path: path, reason: "line \(first.lineNumber) is \(first.line.typeName), not session_meta")
    }
    guard let rawID = meta.id ?? meta.sessionID, isSessionID(rawID) else {
      throw .noSessionMeta(path: path, reason: "session_meta has no usable id")
    }
    let sessionID = SessionID(rawID)
    let firstLineHash = try hashBytes(
      path: path, offset: first.byteOffset, count: first.byteCount)
    let directory = home.sessionDirectory(sessionID)
    let statePath = directory + "/" + CodexImportState.fileName
    let saved: CodexImportState?
    do {
      saved = try PrivateFile.read(statePath, bytesMax: 1 << 20).map {
        bytes throws(CodexImportError) in try CodexImportState.parse(bytes, path: statePath)
      }
    } catch let error as CodexImportError {
      throw error
    } catch {
      throw .badImportState(path: statePath, reason: "\(error)")
    }

    // An import is one batch: a checkpoint per 256 MB of payload (not per turn, which
    // costs an fsync each) and one at the end; the state file, synced, marks it done.
    var engineOptions = EngineOptions(
      log: LogOptions(durability: .buffered), checkpointEventsInterval: 1_000_000,
      checkpointBytesInterval: 256 << 20, checkpointTurnEndEventsMin: 1_000_000)
    // Seeded salts: the same rollout writes the same segment bytes.
    engineOptions.log.salts = .seeded(Checksum.xxh3(Array(rawID.utf8)))
    let clock = ImportClock()
    let fold: CodexImportFold
    var activeReader = reader
    var startOffset: UInt64 = 0
    var linesBefore = 0
    if let saved {
      guard saved.firstLineHash == firstLineHash, saved.firstLineBytes == first.byteCount else {
        throw .replaced(path: path, sessionID: rawID)
      }
      guard fileBytes >= saved.offset else {
        throw .shrunk(path: path, sessionID: rawID, bytes: fileBytes, imported: saved.offset)
      }
      let engine: SessionEngine
      do {
        engine = try SessionEngine.open(
          home: home, sessionID: sessionID, options: engineOptions, clock: clock.now)
      } catch {
        throw .store(path: path, reason: "cannot open session \(rawID): \(error)")
      }
      guard engine.state.lastSeq.rawValue == saved.lastSeq else {
        try? engine.close()
        throw .logMovedOn(
          path: path, sessionID: rawID, lastSeq: engine.state.lastSeq.rawValue,
          imported: saved.lastSeq)
      }
      startOffset = saved.offset
      linesBefore = saved.lines
      do {
        activeReader = try RolloutReader(
          path: path, options: options, startOffset: saved.offset, linesBefore: saved.lines)
      } catch {
        try? engine.close()
        throw .unreadable(path: path, reason: "\(error)")
      }
      fold = CodexImportFold(engine: engine, persisted: saved.fold, clock: clock)
    } else {
      do {
        if try LogReader.segmentFileCount(directory: directory) > 0 {
          throw CodexImportError.notImported(path: path, sessionID: rawID)
        }
      } catch let error as CodexImportError {
        throw error
      } catch {
        throw .store(path: path, reason: "\(error)")
      }
      fold = CodexImportFold(
        home: home, sessionID: sessionID, meta: meta, options: engineOptions, clock: clock)
    }

    var result = Result(
      path: path, sessionID: sessionID, created: saved == nil, startOffset: startOffset,
      endOffset: startOffset, fileBytes: fileBytes, linesRead: 0, lines: linesBefore,
      counts: CodexImportCounts(), problems: [], truncatedLastLine: nil, refused: [])
    var nextProgress: UInt64 = 0
    func add(_ record: RolloutRecord) throws(CodexImportError) {
      do {
        try fold.add(record)
      } catch EngineError.rejected(let rejection) {
        result.refused.append((record.lineNumber, "\(rejection)"))
      } catch {
        throw .store(path: path, reason: "line \(record.lineNumber): \(error)")
      }
    }
    do {
      if saved == nil {
        try add(first)
        result.endOffset = activeReader.bytesRead
        result.lines = activeReader.lineCount
      }
      // Parsing runs on a thread of its own unless `readAhead` is off (then inline).
      let prefetcher = readAhead ? RolloutPrefetcher(reader: activeReader) : nil
      defer { prefetcher?.cancel() }
      let inline = activeReader
      func next() throws(CodexImportError) -> RolloutPrefetcher.Parsed? {
        do {
          if let prefetcher { return try prefetcher.next() }
          return try inline.next().map {
            RolloutPrefetcher.Parsed(
              item: $0, bytesRead: inline.bytesRead, lineCount: inline.lineCount)
          }
        } catch {
          throw .unreadable(path: path, reason: "\(error)")
        }
      }
      while let parsed = try next() {
        switch parsed.item {
        case .record(let record):
          try add(record)
        case .problem(let problem):
          if case .truncatedLastLine = problem.kind {
            result.truncatedLastLine = problem
            continue
          }
          result.problems.append(problem)
        }
        result.endOffset = parsed.bytesRead
        result.lines = parsed.lineCount
        if parsed.bytesRead >= nextProgress {
          progress(parsed.bytesRead)
          nextProgress = parsed.bytesRead + 8 * 1024 * 1024
        }
      }
      result.linesRead = activeReader.lineCount - linesBefore
    } catch {
      if let engine = fold.engine { try? engine.close() }
      throw error
    }
    let finished: SessionEngine?
    do {
      finished = try fold.finish()
      try finished?.close()
    } catch {
      throw .store(path: path, reason: "\(error)")
    }
    result.counts = fold.report
    guard let engine = finished else {
      result.created = false
      result.waitingForTurnContext = true
      result.endOffset = 0
      result.lines = 0
      progress(fileBytes)
      return result
    }
    let state = CodexImportState(
      rolloutPath: path, firstLineHash: firstLineHash, firstLineBytes: first.byteCount,
      offset: result.endOffset, lines: result.lines, lastSeq: engine.state.lastSeq.rawValue,
      fold: fold.persisted)
    do {
      try PrivateFile.write(Array((state.json.text + "\n").utf8), to: statePath)
    } catch {
      throw .store(path: path, reason: "\(error)")
    }
    progress(fileBytes)
    return result
  }

  /// Codex thread ids are UUIDs; anything a session directory name can hold is accepted.
  static func isSessionID(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty, bytes.count <= 128, text != ".", text != ".." else { return false }
    return bytes.allSatisfy { byte in
      (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
        || byte == 45 || byte == 95 || byte == 46
    }
  }

  /// The file's size in bytes (what the progress of its import counts up to).
  public static func size(ofFile path: String) throws(CodexImportError) -> UInt64 {
    try size(of: path)
  }

  static func size(of path: String) throws(CodexImportError) -> UInt64 {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw .unreadable(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .unreadable(path: path, reason: "not a regular file")
    }
    return UInt64(info.st_size)
  }

  /// XXH3-64 of `count` bytes at `offset`, streamed.
  static func hashBytes(path: String, offset: UInt64, count: UInt64) throws(CodexImportError)
    -> UInt64
  {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw .unreadable(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    let hasher = StreamingChecksum(seed: 0)
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var done: UInt64 = 0
    while done < count {
      let want = Int(min(UInt64(buffer.count), count - done))
      let got = buffer.withUnsafeMutableBytes {
        pread(descriptor, $0.baseAddress!, want, off_t(offset + done))
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else {
        throw .unreadable(path: path, reason: "cannot read line 1 again")
      }
      buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
      done += UInt64(got)
    }
    return hasher.digest()
  }
}
