import ArgumentParser
import CairnCodex

/// `cairn reference diff DIR [--reference DIR]`.
struct ReferenceDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare a captured reference with another (by default the embedded one).",
    discussion: """
      Compares the files, and per command path the subcommands, flags (long and short \
      names) and positional arguments; not the wording. Exit codes: 0 the same, 1 they \
      differ or a directory cannot be read.
      """)

  @Argument(help: ArgumentHelp("The captured reference to check.", valueName: "DIR"))
  var captured: String

  @OptionGroup var source: ReferenceSourceOption

  func run() throws {
    let expected = try source.load()
    let actual = try ReferenceSourceOption.load(captured)
    let diff = CodexReferenceDiff(expected: expected, actual: actual)
    print(diff.text, terminator: "")
    if !diff.isEmpty { throw ExitCode(1) }
  }
}
