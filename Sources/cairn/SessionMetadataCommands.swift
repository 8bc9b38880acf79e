import ArgumentParser
import CairnCore
import CairnEngine

/// Opens the session, sends one command, closes it (which updates the catalog).
private func sendOne(_ options: HomeOptions, _ id: String, _ command: Command) throws {
  try reportingSessionFailures {
    let (home, sessionID) = try existingSession(options, id)
    let engine = try SessionEngine.open(
      home: home, sessionID: sessionID, clock: wallClockNanoseconds)
    try engine.send(command)
    try engine.close()
    if options.json {
      print(
        JSONValue.object([
          ("session_id", .string(sessionID.rawValue)),
          ("last_seq", .uint(engine.state.lastSeq.rawValue)),
        ]).text)
    }
  }
}

struct SessionRenameCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rename", abstract: "Give a session a title.")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String
  @Argument(help: "The new title.") var title: String

  func run() throws { try sendOne(options, id, .renameSession(SessionRenamed(title: title))) }
}

struct SessionArchiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive", abstract: "Archive a session (hidden from `list` without --all).")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String

  func run() throws { try sendOne(options, id, .archiveSession) }
}

struct SessionUnarchiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unarchive", abstract: "Unarchive a session.")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String

  func run() throws { try sendOne(options, id, .unarchiveSession) }
}
