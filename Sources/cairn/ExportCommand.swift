import ArgumentParser

/// `cairn export …`: native sessions in other tools' formats.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a Cairn session in another tool's format.",
    subcommands: [ExportCodexCommand.self]
  )
}
