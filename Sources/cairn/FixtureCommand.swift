import ArgumentParser
import CairnCore
import CairnEngine

/// `cairn fixture …`: realistic sessions for tests, demos and benchmarks.
struct FixtureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fixture", abstract: "Generate realistic seeded sessions.",
    subcommands: [FixtureGenerateCommand.self])
}

struct FixtureGenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a realistic, status-rich session (the same seed gives the same bytes).",
    discussion: """
      Turns with streamed reasoning and text, tool runs with outputs of varied size, \
      approvals, denials, aborts, interrupts, failures, token usage, compactions, terminal \
      resizes and composer edits, driven through the real engine. Times, ids and segment \
      salts all derive from --seed.
      """)

  @OptionGroup var options: HomeOptions

  @Option(help: "The new session's id.")
  var sessionID: String

  @Option(help: "How many events to write (at least; the last turn is finished).")
  var events: Int

  @Option(help: "The seed every byte derives from.")
  var seed: UInt64 = 1

  @Option(help: "Mean bytes of a tool output chunk.")
  var toolChunkBytes: Int = 2048

  @Option(
    help: ArgumentHelp(
      "Compact as the runtime does: a semantic summary every N turns.", valueName: "N"))
  var summaryEveryTurns: Int?

  func validate() throws {
    guard events >= 1 else { throw ValidationError("--events must be at least 1") }
    if let summaryEveryTurns, summaryEveryTurns < 1 {
      throw ValidationError("--summary-every-turns must be at least 1")
    }
    guard toolChunkBytes >= 1 else {
      throw ValidationError("--tool-chunk-bytes must be at least 1")
    }
  }

  func run() throws {
    try reportingSessionFailures {
      let home = CairnHome.resolve(explicit: options.home)
      let progress = ProgressBar(label: "generating", total: UInt64(events))
      let state = try SessionFixture.generate(
        home: home, sessionID: SessionID(sessionID),
        options: SessionFixture.Options(
          events: events, seed: seed, toolChunkBytesMean: toolChunkBytes,
          summaryEveryTurns: summaryEveryTurns)
      ) { done in progress.update(UInt64(done)) }
      progress.finish()
      if options.json {
        print(JSONValue.object(stateSummary(state)).text)
      } else {
        print(
          "\(sessionID): \(state.lastSeq) events, \(state.turns.startedCount) turns, digest "
            + state.digest)
      }
    }
  }
}
