import ArgumentParser

/// The `cairn` command: argument parsing and wiring only.
@main
struct Cairn: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cairn",
    abstract: "A Linux-native agent workstation built on an append-only event log.",
    version: "0.1.0",
    subcommands: [
      SessionCommand.self, FixtureCommand.self, LogCommand.self, BenchCommand.self,
      ConfigCommand.self, FeaturesCommand.self,
      DoctorCommand.self,
    ]
  )
}
