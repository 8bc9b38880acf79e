import CairnCore
import CairnProtocol

/// Where the last import of a rollout stopped, kept beside the native session
/// (`<session dir>/codex-import.json`, 0600, replaced atomically) so a re-import reads only
/// what Codex appended since. docs/CODEX_COMPAT.md describes every member.
public struct CodexImportState: Equatable, Sendable {
  public static let fileName = "codex-import.json"
  public static let formatVersion: UInt64 = 1

  /// The rollout's path when it was imported (informational: a moved file still matches
  /// by its line-1 hash).
  public var rolloutPath: String
  /// XXH3-64 of line 1 (`session_meta`, without its newline): tells an appended file from
  /// a replaced one.
  public var firstLineHash: UInt64
  public var firstLineBytes: UInt64
  /// The byte offset just past the last whole line imported, and that line's number.
  public var offset: UInt64
  public var lines: Int
  /// The native log's last sequence number after the import: a log that moved on since
  /// (another writer) is not continued blindly.
  public var lastSeq: UInt64
  public var fold: CodexImportFold.Persisted

  public init(
    rolloutPath: String, firstLineHash: UInt64, firstLineBytes: UInt64, offset: UInt64,
    lines: Int, lastSeq: UInt64, fold: CodexImportFold.Persisted
  ) {
    self.rolloutPath = rolloutPath
    self.firstLineHash = firstLineHash
    self.firstLineBytes = firstLineBytes
    self.offset = offset
    self.lines = lines
    self.lastSeq = lastSeq
    self.fold = fold
  }

  var json: JSONValue {
    var total: JSONValue = .null
    if let last = fold.lastTotal {
      total = .array(last.map { .int($0) })
    }
    return .object([
      ("format_version", .uint(Self.formatVersion)),
      ("rollout_path", .string(rolloutPath)),
      ("first_line_xxh3", .string(hex(firstLineHash))),
      ("first_line_bytes", .uint(firstLineBytes)),
      ("offset", .uint(offset)),
      ("lines", .uint(UInt64(lines))),
      ("last_seq", .uint(lastSeq)),
      ("turns_started", .uint(UInt64(fold.turnsStarted))),
      ("open_turn_from_task", .bool(fold.openTurnFromTask)),
      ("pending_turn_id", fold.pendingTurnID.map { .string($0) } ?? .null),
      ("last_total_token_usage", total),
    ])
  }

  /// Parses the file's bytes; nil members or a wrong version are an error naming `path`.
  static func parse(_ bytes: [UInt8], path: String) throws(CodexImportError) -> CodexImportState {
    let scanner = JSONScanner(source: JSONMemorySource(bytes), bufferBytes: 64 * 1024)
    var version: Int64?
    var rolloutPath: String?
    var numbers: [String: Int64] = [:]
    var openTurnFromTask = false
    var pendingTurnID: String?
    var lastTotal: [Int64]?
    var hash: UInt64?
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        let key = scanner.keyString
        switch (key, try scanner.peekKind()) {
        case ("rollout_path", .string):
          rolloutPath = try scanner.readString(keepingBytes: 64 * 1024).text
        case ("first_line_xxh3", .string):
          hash = UInt64(try scanner.readString(keepingBytes: 64).text, radix: 16)
        case ("pending_turn_id", .string):
          pendingTurnID = try scanner.readString(keepingBytes: 4096).text
        case ("open_turn_from_task", .bool):
          openTurnFromTask = try scanner.readBool()
        case ("last_total_token_usage", .array):
          var values: [Int64] = []
          try scanner.beginArray()
          while try scanner.nextElement() {
            values.append(try scanner.readInteger() ?? 0)
          }
          lastTotal = values.count == 5 ? values : nil
        case (_, .number):
          numbers[key] = try scanner.readInteger()
          if key == "format_version" { version = numbers[key] }
        default:
          try scanner.skipValue()
        }
      }
    } catch {
      throw .badImportState(path: path, reason: "not the JSON Cairn writes (\(error))")
    }
    guard version.map(UInt64.init) == formatVersion else {
      throw .badImportState(
        path: path,
        reason: "format_version \(version.map(String.init) ?? "missing"), "
          + "this build reads \(formatVersion)")
    }
    func number(_ key: String) throws(CodexImportError) -> UInt64 {
      guard let value = numbers[key], value >= 0 else {
        throw .badImportState(path: path, reason: "\(key) is missing")
      }
      return UInt64(value)
    }
    guard let hash else { throw .badImportState(path: path, reason: "first_line_xxh3 is missing") }
    return CodexImportState(
      rolloutPath: rolloutPath ?? "", firstLineHash: hash,
      firstLineBytes: try number("first_line_bytes"), offset: try number("offset"),
      lines: Int(try number("lines")), lastSeq: try number("last_seq"),
      fold: CodexImportFold.Persisted(
        turnsStarted: Int(try number("turns_started")), openTurnFromTask: openTurnFromTask,
        pendingTurnID: pendingTurnID, lastTotal: lastTotal))
  }
}

/// 16 lowercase hex digits.
func hex(_ value: UInt64) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}
