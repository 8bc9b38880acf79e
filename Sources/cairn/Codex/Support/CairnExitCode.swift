/// Exit statuses shared by every `cairn` command (docs/CLI.md, "Exit codes").
enum CairnExitCode {
  /// A Codex command or argument Cairn parses but does not run yet: EX_UNAVAILABLE
  /// from sysexits.h. The message on stderr says which and why.
  static let notSupported: Int32 = 69
}
