import ArgumentParser
import CairnCodex

/// `cairn reference …`: the Codex reference `cairn parity` measures against.
struct ReferenceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reference",
    abstract: "Capture and compare Codex references (help texts, version, features).",
    discussion: "The layout and the capture procedure are in docs/PARITY.md.",
    subcommands: [ReferenceCaptureCommand.self, ReferenceDiffCommand.self])
}

/// Where a command reads a reference from: a directory, else the embedded copy.
struct ReferenceSourceOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A reference directory written by `cairn reference capture` (default: the Codex "
        + "0.147 reference embedded in Cairn).", valueName: "DIR"))
  var reference: String?

  func load() throws -> CodexReference { try Self.load(reference) }

  /// The reference in `directory`, or the embedded one for nil; an unusable directory is
  /// reported on stderr and exits 1.
  static func load(_ directory: String?) throws -> CodexReference {
    guard let directory else { return .embedded }
    do {
      return try CodexReference.load(directory: directory)
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
  }
}
