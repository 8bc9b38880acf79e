import ArgumentParser

/// The `cairn` command: argument parsing and wiring only.
@main
struct Cairn: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cairn",
    abstract: "A Linux-native agent workstation built on an append-only event log.",
    usage: """
      cairn [<options>] [PROMPT]
      cairn [<options>] <subcommand>
      """,
    discussion: CodexCommands.rootDiscussion,
    subcommands: [SessionCommand.self, FixtureCommand.self, LogCommand.self, BenchCommand.self]
      + [ConfigCommand.self, ReferenceCommand.self, ParityCommand.self, TestServerCommand.self]
      + [ImportCommand.self, ExportCommand.self]
      + [ReplayCommand.self, DemoCommand.self]
      + [PolicyCommand.self]
      + [ToolCommand.self]
      + CodexCommands.all,
    defaultSubcommand: CodexInteractiveCommand.self
  )

  @OptionGroup var overrides: CodexOverrideOptions
  @OptionGroup var versionOption: CairnVersionOption
}
