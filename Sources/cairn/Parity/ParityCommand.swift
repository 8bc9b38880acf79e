import ArgumentParser
import CairnCodex

/// `cairn parity`: Codex's commands and flags against Cairn's own command tree.
struct ParityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parity",
    abstract: "Show how much of Codex's command surface Cairn covers.",
    discussion: """
      Every command path and flag of the Codex reference, with Cairn's status: \
      implemented, partial, not supported (with the reason) or missing. Cairn's side is \
      read from its own command tree at run time. docs/PARITY.md is this command's \
      --markdown output.
      """)

  @OptionGroup var source: ReferenceSourceOption

  @Flag(help: "Print the matrix as JSON.")
  var json = false

  @Flag(help: "Print the matrix as Markdown (docs/PARITY.md).")
  var markdown = false

  func validate() throws {
    if json && markdown { throw ValidationError("choose one of --json and --markdown") }
  }

  func run() throws {
    let matrix = ParityMatrix(reference: try source.load(), surface: CairnCommandTree.surface())
    let text = json ? matrix.json.text + "\n" : markdown ? matrix.markdown : matrix.text
    let output = StandardOutput()
    try reportingFailures {
      try output.write(text)
      try output.flush()
    }
  }
}
