import ArgumentParser
import CairnCodex
import CairnCore
import CairnProtocol

/// `cairn session summarize FILE`: what a Codex rollout holds, in one streaming pass.
struct SessionSummarizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summarize",
    abstract: "Summarize a Codex rollout file (rollout-*.jsonl) without importing it.",
    discussion: """
      Reads the file in one streaming pass in bounded memory (a line of hundreds of MB \
      included) and prints its session id and Codex version, turns, messages, tool calls \
      and outputs, tokens, errors, compactions, durations, and the counts of unknown and \
      malformed lines (docs/CODEX_ROLLOUT.md). Malformed lines are reported on stderr with \
      their line numbers and the summary is still printed. Exit codes: 0 summarized (even \
      with malformed lines), 1 the file cannot be read.
      """
  )

  @Argument(help: "The rollout file, e.g. ~/.codex/sessions/2026/11/25/rollout-….jsonl.")
  var file: String

  @Flag(help: "Print the summary as a JSON object.")
  var json = false

  @Option(help: .hidden)
  var bufferBytes: Int = 256 * 1024

  func run() throws {
    let reader: RolloutReader
    var summary = RolloutSummary()
    do {
      reader = try RolloutReader(
        path: file,
        options: RolloutReader.Options(
          bufferBytes: bufferBytes, parse: RolloutParseOptions(textBytesMax: 256)))
      while let item = try reader.next() {
        if case .problem(let problem) = item {
          StandardError.write("cairn: \(file): \(problem)\n")
        }
        summary.add(item)
      }
    } catch let error as RolloutReadError {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    summary.finish()
    let members = RolloutSummaryRendering.members(summary, reader: reader, path: file)
    if json {
      print(JSONValue.object(members).text)
    } else {
      RolloutSummaryRendering.printText(members)
    }
  }
}
