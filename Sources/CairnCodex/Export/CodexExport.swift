import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn export codex`: a native session as a Codex 0.147 rollout that `codex resume` /
/// `codex exec resume` continues with the same model history. Streams the log once; the
/// file is written privately (0600) and appears only when complete. docs/CODEX_COMPAT.md,
/// "Export", lists what is written and what is not preserved.
public enum CodexExport {
  /// Where the rollout goes: a file, or the place Codex looks for it in a Codex home.
  public enum Destination: Sendable, Equatable {
    case file(String)
    case codexHome(String)
  }

  public struct Result: Equatable, Sendable {
    public var sessionID: SessionID
    public var threadID: String
    /// Whether the thread id was derived (the session id is not a UUID).
    public var threadIDDerived: Bool
    public var path: String
    public var lines: Int
    public var bytes: UInt64
    public var turns: Int
    /// Events with no rollout form (UI events, approvals, hosted tool calls, …), by kind.
    public var eventsSkipped: Int
  }

  /// The file the mapping from a derived thread id to the session is kept in (0600, in
  /// the session's directory), so the exported thread can be traced back.
  public static let mappingFileName = "codex-export.json"

  public static func export(
    home: CairnHome, sessionID: SessionID, to destination: Destination, threadID: String? = nil
  ) throws(CodexExportError) -> Result {
    let directory = home.sessionDirectory(sessionID)
    let reader: LogReader
    do {
      guard try LogReader.segmentFileCount(directory: directory) > 0 else {
        throw CodexExportError.noSuchSession(sessionID.rawValue)
      }
      reader = try LogReader(directory: directory)
    } catch let error as CodexExportError {
      throw error
    } catch {
      throw .read(session: sessionID.rawValue, reason: "\(error)")
    }
    var created: (SessionCreated, Int64)?
    do {
      try reader.scan(from: .first, through: .first) { record in
        let envelope = try Envelope(record: record)
        if case .sessionCreated(let event) = envelope.event {
          created = (event, envelope.recordedAtNanoseconds)
        }
        return false
      }
    } catch {
      throw .read(session: sessionID.rawValue, reason: "\(error)")
    }
    guard let (session, createdAt) = created else {
      throw .read(session: sessionID.rawValue, reason: "its first event is not session_created")
    }
    let id: String
    var derived = false
    if let threadID {
      guard CodexThreadID.isUUID(threadID) else { throw .badThreadID(threadID) }
      id = threadID.lowercased()
    } else if CodexThreadID.isUUID(sessionID.rawValue) {
      id = sessionID.rawValue.lowercased()
    } else {
      id = CodexThreadID.derived(from: sessionID, createdAtNanoseconds: createdAt)
      derived = true
    }
    let path: String
    switch destination {
    case .file(let file): path = file
    case .codexHome(let codexHome):
      let place = RolloutTime.sessionPath(threadID: id, nanoseconds: createdAt)
      try makeDirectories(codexHome + "/" + place.directory)
      path = codexHome + "/" + place.directory + "/" + place.file
    }
    let stream: PrivateFileStream
    do {
      stream = try PrivateFileStream(path: path)
    } catch {
      throw .write(path: path, reason: "\(error)")
    }
    var writer = RolloutWriter(threadID: id, session: session)
    do {
      try reader.scan { record in
        let envelope = try Envelope(record: record)
        for line in writer.lines(for: envelope) {
          try stream.write(line)
        }
        return true
      }
      for line in writer.finish() { try stream.write(line) }
    } catch let error as PrivateFile.WriteError {
      throw .write(path: path, reason: "\(error)")
    } catch {
      throw .read(session: sessionID.rawValue, reason: "\(error)")
    }
    do {
      try stream.commit()
    } catch {
      throw .write(path: path, reason: "\(error)")
    }
    if derived || threadID != nil {
      let mapping = JSONValue.object([
        ("session_id", .string(sessionID.rawValue)), ("codex_thread_id", .string(id)),
        ("rollout_path", .string(path)),
      ])
      try? PrivateFile.write(
        Array((mapping.text + "\n").utf8), to: directory + "/" + mappingFileName)
    }
    return Result(
      sessionID: sessionID, threadID: id, threadIDDerived: derived, path: path,
      lines: writer.linesWritten, bytes: stream.bytesWritten, turns: writer.turnsWritten,
      eventsSkipped: writer.eventsSkipped)
  }

  private static func makeDirectories(_ path: String) throws(CodexExportError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o700) != 0 && errno != EEXIST {
        throw .write(path: current, reason: String(cString: strerror(errno)))
      }
    }
  }
}
