import ArgumentParser

/// `cairn config …`: the Codex config (`$CODEX_HOME/config.toml`, profiles, overrides).
struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Inspect the Codex configuration Cairn reads.",
    discussion: """
      Layers, lowest first: Codex's defaults, $CODEX_HOME/config.toml, the profile \
      (-p NAME: a legacy [profiles.NAME] table, then $CODEX_HOME/NAME.config.toml), and \
      the command line (-c key=value, --enable, --disable). See docs/CODEX_CONFIG.md. \
      Exit codes: 0 success, 1 a config file cannot be read or parsed or holds invalid \
      values, 64 usage error.
      """,
    subcommands: [ConfigShowCommand.self],
    defaultSubcommand: ConfigShowCommand.self
  )
}
