import ArgumentParser
import CairnCore
import CairnEngine
import CairnLogFormat

#if canImport(Glibc)
  import Glibc
#endif

struct SessionForkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fork",
    abstract: "Fork a session at a sequence number into a new session.",
    discussion: """
      The fork shares the parent's sealed segments up to the fork point instead of copying \
      them, and records its parent and fork point in its first own event.
      """)

  @OptionGroup var options: HomeOptions
  @Argument(help: "The parent session id.") var id: String
  @Option(help: "Fork after this sequence number (default: the parent's last).") var at: UInt64?
  @Option(name: .customLong("id"), help: "The new session's id (default: a new random UUID).")
  var childID: String?

  func run() throws {
    try reportingSessionFailures {
      let (home, parent) = try existingSession(options, id)
      let engine = try SessionFork.fork(
        home: home, parent: parent,
        at: at.map { Seq($0) }, child: childID.map { SessionID($0) } ?? newSessionID(),
        clock: wallClockNanoseconds)
      try engine.close()
      let origin = engine.state.session?.origin
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(engine.sessionID.rawValue)),
            ("parent_id", .string(parent.rawValue)),
            ("fork_seq", .uint(origin?.forkSeq.rawValue ?? 0)),
            ("last_seq", .uint(engine.state.lastSeq.rawValue)),
            ("digest", .string(engine.state.digest)),
          ]).text)
      } else {
        print(engine.sessionID.rawValue)
      }
    }
  }
}

struct SessionDeleteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Delete a session and its files.",
    discussion: """
      Asks for confirmation on a terminal; otherwise refuses without --force. A session \
      whose segments forks share is refused unless --force, which first copies the shared \
      segments into each fork.
      """)

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String
  @Flag(help: "Delete without asking, and make forks independent first.") var force = false

  func run() throws {
    try reportingSessionFailures {
      if !force {
        guard isatty(0) == 1 else {
          throw EngineError.rejected(
            .invalidArgument(
              "refusing to delete \(id) without --force when standard input is not a terminal"))
        }
        StandardError.write("Delete session \(id) and all its files? [y/N] ")
        let answer = readLine() ?? ""
        guard answer.lowercased().hasPrefix("y") else {
          StandardError.write("cairn: not deleted\n")
          throw ExitCode(1)
        }
      }
      let forks = try SessionFork.delete(
        home: CairnHome.resolve(explicit: options.home), SessionID(id), force: force)
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(id)), ("deleted", .bool(true)),
            ("forks_made_independent", .array(forks.map { .string($0.rawValue) })),
          ]).text)
      } else {
        print("deleted \(id)")
        for fork in forks { print("  copied the shared segments into fork \(fork)") }
      }
    }
  }
}
