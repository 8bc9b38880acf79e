import ArgumentParser

/// `cairn import …`: sessions of other tools become native sessions.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import sessions from another tool into the Cairn home.",
    subcommands: [ImportCodexCommand.self]
  )
}
