import ArgumentParser
import CairnCodex

/// `cairn update`.
struct UpdateCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "update", abstract: "Update to the latest version.")

  static let codexParity = CodexParity.notSupported(
    reason: "Cairn does not update itself; rebuild it from source (README.md)")
}
