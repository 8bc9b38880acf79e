import ArgumentParser

/// `cairn bench …`: benchmarks that compare against a reference measured in the same run.
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure Cairn against its budgets (release builds only give meaningful figures).",
    subcommands: []
  )
}
