import ArgumentParser
import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import CairnTools

/// `cairn session changes ID`: the files a session's tool calls changed, from its
/// `file_changed` events (docs/APPLY_PATCH.md).
struct SessionChangesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "changes",
    abstract: "List the file changes a session recorded (apply_patch), or show them as diffs.",
    discussion: """
      Reads the session's log and prints one line per changed file: the record's sequence \
      number, the tool call, the kind (add, update, delete), the path (and where a moved \
      file went), and the sizes of the contents recorded before and after (- when none). \
      With --diff, prints a unified diff of each change instead. Contents are recorded \
      redacted and up to 8 MiB a side; a diff says when they were not recorded.
      """
  )

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id.")
  var id: String

  @Flag(help: "Print unified diffs of the changes (with --json: a \"diff\" member on each).")
  var diff = false

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let changes = try Self.fileChanges(directory: home.sessionDirectory(sessionID))
      if options.json {
        let members: [(String, JSONValue)] = [
          ("session_id", .string(sessionID.rawValue)),
          ("changes", .array(changes.map { json($0) })),
        ]
        print(JSONValue.object(members).text)
      } else if diff {
        for change in changes { print(Self.diff(change.change), terminator: "") }
      } else {
        printTable(changes)
      }
    }
  }

  /// A `file_changed` event and where it is in the log.
  struct Recorded {
    var seq: Seq
    var change: FileChanged
  }

  /// Every `file_changed` event of the session, in log order.
  static func fileChanges(directory: String) throws -> [Recorded] {
    let reader = try LogReader(directory: directory)
    var found: [Recorded] = []
    try reader.scan(from: .first, through: nil) { record in
      // Only this kind is decoded: a long session's other payloads are skipped unread.
      guard record.kind == EventKind.fileChanged.rawValue else { return true }
      if case .fileChanged(let change) = try Envelope(record: record).event {
        found.append(Recorded(seq: record.seq, change: change))
      }
      return true
    }
    return found
  }

  private func json(_ recorded: Recorded) -> JSONValue {
    let change = recorded.change
    var members: [(String, JSONValue)] = [
      ("seq", .uint(recorded.seq.rawValue)),
      ("call_id", .string(change.callID.rawValue)),
      ("kind", .string(change.kind.rawValue)),
      ("path", .string(change.path)),
      ("move_path", change.movePath.map { .string($0) } ?? .null),
      ("before_bytes", change.before.map { .uint(UInt64($0.count)) } ?? .null),
      ("after_bytes", change.after.map { .uint(UInt64($0.count)) } ?? .null),
    ]
    if diff { members.append(("diff", .string(Self.diff(change)))) }
    return .object(members)
  }

  private func printTable(_ changes: [Recorded]) {
    guard !changes.isEmpty else {
      print("no file changes recorded")
      return
    }
    print(
      "SEQ".padded(to: 8) + "CALL".padded(to: 24) + "KIND".padded(to: 8) + "BEFORE".padded(to: 10)
        + "AFTER".padded(to: 10) + "PATH")
    for recorded in changes {
      let change = recorded.change
      let path = change.movePath.map { "\(change.path) -> \($0)" } ?? change.path
      print(
        String(recorded.seq.rawValue).padded(to: 8) + change.callID.rawValue.padded(to: 24)
          + change.kind.rawValue.padded(to: 8) + Self.size(change.before).padded(to: 10)
          + Self.size(change.after).padded(to: 10) + path)
    }
  }

  private static func size(_ bytes: [UInt8]?) -> String {
    bytes.map { String($0.count) } ?? "-"
  }

  /// The change as a unified diff; a note where contents an update or delete must have
  /// were not recorded (too large).
  static func diff(_ change: FileChanged) -> String {
    let newName = change.movePath ?? change.path
    let missingBefore = change.kind != .add && change.before == nil
    let missingAfter = change.kind != .delete && change.after == nil
    if missingBefore || missingAfter {
      return "--- \(change.path)\n+++ \(newName)\n(contents not recorded: larger than "
        + "\(ToolExecutor.recordedFileBytesMax) bytes)\n"
    }
    let text = UnifiedDiff.render(
      old: change.before, new: change.after, oldName: change.path, newName: newName)
    if text.isEmpty, change.movePath != nil {
      return "--- \(change.path)\n+++ \(newName)\n(moved, contents unchanged)\n"
    }
    return text
  }
}
