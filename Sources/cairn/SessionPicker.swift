import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine

#if canImport(Glibc)
  import Glibc
#endif

/// What `resume` and `fork` share: list without a session when there is no terminal (or
/// with --json), pick `--last`, resolve an id or name, and hand a native session to the
/// verb's action. Codex sessions and a PROMPT answer "not supported yet" with the reason.
struct SessionPicker {
  let verb: String
  let sessionID: String?
  let prompt: String?
  let last: Bool
  let filter: PickerFilter
  let options: MixedSessionOptions
  let command: ParsableCommand.Type

  func run(native action: (MixedSessions, ListedSession) throws -> Void) throws {
    let mixed = try MixedSessions.load(options)
    let target: ListedSession
    if let sessionID {
      target = try mixed.resolve(sessionID, scope: "", where: { _ in true })
    } else if last {
      guard let newest = mixed.sessions.first(where: filter.includes) else {
        StandardError.write(
          "cairn: no session to \(verb)"
            + (filter.all ? "" : " in \(filter.cwd) (--all looks in every directory)") + "\n")
        throw ExitCode(1)
      }
      target = newest
    } else {
      guard isatty(0) != 1 || options.home.json else {
        throw notSupported(
          "the interactive session picker comes with the terminal UI; pass a session id or "
            + "name, --last, or --json to list the sessions")
      }
      try MixedSessionRendering.write(
        mixed.sessions.filter(filter.includes), json: options.home.json, showCwd: filter.all)
      return
    }
    if prompt != nil {
      throw notSupported(
        "running a turn with PROMPT needs the model runtime; `cairn \(verb) \(target.id)` "
          + "without PROMPT works for native sessions")
    }
    switch target.kind {
    case .codex:
      throw notSupported(
        "\(target.id) is a Codex session: import it first with `cairn import codex "
          + "\(target.path)`, then `cairn \(verb)` the native session")
    case .native:
      try action(mixed, target)
    }
  }

  private func notSupported(_ reason: String) -> ExitCode {
    CodexNotSupported(commandLine: CairnCommandTree.commandLine(of: command), reason: reason)
      .reported()
  }

  /// `resume ID` for a native session: load it as a resume does and print the summary.
  static func resumeNative(_ target: ListedSession, _ mixed: MixedSessions, json: Bool) throws {
    try reportingSessionFailures {
      let id = SessionID(target.id)
      let started = ProgressBar.monotonicSeconds()
      let (state, report) = try SessionResume.load(
        sessionID: id, directory: mixed.cairnHome.sessionDirectory(id))
      let milliseconds = (ProgressBar.monotonicSeconds() - started) * 1000
      let members: [(String, JSONValue)] =
        [("kind", .string("native"))] + stateSummary(state) + [
          ("checkpoint_seq", report.checkpointSeq.map { .uint($0.rawValue) } ?? .null),
          ("events_replayed", .uint(report.eventsReplayed)),
          ("resume_ms", .double((milliseconds * 1000).rounded() / 1000)),
        ]
      if json { print(JSONValue.object(members).text) } else { printSummary(members) }
    }
  }

  /// `fork ID` for a native session: fork at its last event; print the new id.
  static func forkNative(_ target: ListedSession, _ mixed: MixedSessions, json: Bool) throws {
    try reportingSessionFailures {
      let engine = try SessionFork.fork(
        home: mixed.cairnHome, parent: SessionID(target.id), at: nil, child: newSessionID(),
        clock: wallClockNanoseconds)
      try engine.close()
      if json {
        print(
          JSONValue.object([
            ("session_id", .string(engine.sessionID.rawValue)), ("parent_id", .string(target.id)),
            ("fork_seq", .uint(engine.state.session?.origin?.forkSeq.rawValue ?? 0)),
            ("last_seq", .uint(engine.state.lastSeq.rawValue)),
          ]).text)
      } else {
        print(engine.sessionID.rawValue)
      }
    }
  }
}
