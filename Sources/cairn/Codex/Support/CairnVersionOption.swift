import ArgumentParser

/// `-V/--version` on the root command, as Codex spells it (the argument parser's own
/// version flag has no short name).
struct CairnVersionOption: ParsableArguments {
  static let version = "cairn 0.1.0"

  @Flag(name: [.customShort("V"), .customLong("version")], help: "Print Cairn's version.")
  var version = false

  func validate() throws {
    if version { throw CleanExit.message(Self.version) }
  }
}
