import ArgumentParser
import CairnCore
import CairnEngine
import CairnLogFormat

/// `cairn session replay ID`: the projections at a point, replayed from the first record.
struct SessionReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay a session from its first record and print its state at a point.",
    discussion: """
      With --verify, checks at every checkpoint's sequence number that the replayed state \
      has the checkpoint's digest (XXH3-128 of the canonical state encoding), and exits 2 if \
      any differs.
      """
  )

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id.")
  var id: String

  @Option(help: "Stop after this sequence number.")
  var until: UInt64?

  @Flag(help: "Compare the replayed state with every checkpoint on the way.")
  var verify = false

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let started = ProgressBar.monotonicSeconds()
      let report = try SessionReplay.run(
        sessionID: sessionID, directory: home.sessionDirectory(sessionID),
        until: until.map { Seq($0) }, verify: verify)
      let seconds = ProgressBar.monotonicSeconds() - started
      var members = stateSummary(report.state)
      members += [
        ("events_replayed", .uint(report.eventsReplayed)),
        (
          "events_per_second",
          .double((Double(report.eventsReplayed) / max(seconds, 1e-9)).rounded())
        ),
      ]
      if verify {
        members += [
          ("checkpoints_verified", .uint(UInt64(report.checkpointsVerified))),
          (
            "mismatches",
            .array(
              report.mismatches.map {
                .object([
                  ("seq", .uint($0.seq.rawValue)),
                  ("checkpoint_digest", .string($0.checkpointDigest)),
                  ("replay_digest", .string($0.replayDigest)),
                ])
              })
          ),
        ]
      }
      if options.json {
        print(JSONValue.object(members).text)
      } else {
        printSummary(members)
      }
      if !report.mismatches.isEmpty { throw ExitCode(2) }
    }
  }
}
