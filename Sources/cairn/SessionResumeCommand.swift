import ArgumentParser
import CairnCore
import CairnEngine

/// `cairn session resume ID`: loads the session as a resume would and reports how.
struct SessionResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract:
      "Load a session as a resume would: print the checkpoint used, the events replayed and the state digest."
  )

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id.")
  var id: String

  func run() throws {
    try reportingSessionFailures {
      let started = ProgressBar.monotonicSeconds()
      let (home, sessionID) = try existingSession(options, id)
      let (state, report) = try SessionResume.load(
        sessionID: sessionID, directory: home.sessionDirectory(sessionID))
      let milliseconds = (ProgressBar.monotonicSeconds() - started) * 1000
      let members: [(String, JSONValue)] = [
        ("session_id", .string(sessionID.rawValue)), ("last_seq", .uint(report.lastSeq.rawValue)),
        ("checkpoint_seq", report.checkpointSeq.map { .uint($0.rawValue) } ?? .null),
        ("events_replayed", .uint(report.eventsReplayed)),
        ("payload_bytes_replayed", .uint(report.payloadBytesReplayed)),
        ("resume_ms", .double((milliseconds * 1000).rounded() / 1000)),
        ("digest", .string(report.digest)),
        ("pending_approvals", .uint(UInt64(state.approvals.pending.count))),
        ("active_tools", .uint(UInt64(state.tools.active.count))),
      ]
      if options.json {
        print(JSONValue.object(members).text)
      } else {
        printSummary(members)
      }
    }
  }
}
