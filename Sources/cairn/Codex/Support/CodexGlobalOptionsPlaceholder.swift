import ArgumentParser

/// Codex's global options (`-c/--config`, `--enable`, `--disable`), parsed but not yet
/// applied: the config work replaces this group with `CodexConfigOptions`.
///
/// Declared once, on the root command. The argument parser hands an option to the
/// outermost command that declares it wherever it appears on the command line, so
/// `cairn mcp list -c k=v` lands here, as a Codex global would; a subcommand that also
/// declared these options would never see their values.
struct CodexGlobalOptionsPlaceholder: ParsableArguments {
  @Option(
    name: [.customShort("c"), .customLong("config")],
    help: ArgumentHelp(
      "Override one config.toml value for this run: a dotted key, '=', and a TOML value.",
      discussion: """
        The key may reach into tables (`sandbox_workspace_write.network_access=true`). A \
        value that is not valid TOML is taken as a plain string (`-c model=o3`).
        """,
      valueName: "key=value"))
  var config: [String] = []

  @Option(
    name: .customLong("enable"),
    help: ArgumentHelp(
      "Turn a feature on for this run; repeat for more (same as -c features.NAME=true).",
      valueName: "FEATURE"))
  var enable: [String] = []

  @Option(
    name: .customLong("disable"),
    help: ArgumentHelp(
      "Turn a feature off for this run; repeat for more (same as -c features.NAME=false).",
      valueName: "FEATURE"))
  var disable: [String] = []
}
