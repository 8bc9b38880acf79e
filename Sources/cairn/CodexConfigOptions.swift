import ArgumentParser
import CairnCodex

/// `-c/--config`, `--enable` and `--disable`: Codex's config overrides, for every command
/// that reads the Codex config (the same flags as `codex features …`).
struct CodexOverrideOptions: ParsableArguments {
  @Option(
    name: [.customShort("c"), .customLong("config")],
    help: ArgumentHelp(
      "Override a value of `~/.codex/config.toml` (repeatable).",
      discussion: """
        The key is a dotted path (`foo.bar.baz`) to reach nested values. The value is \
        parsed as TOML; when it is not valid TOML it is taken as a literal string. \
        Examples: -c model="o3", -c 'sandbox_permissions=["disk-full-read-access"]', \
        -c shell_environment_policy.inherit=all
        """,
      valueName: "key=value"))
  var config: [String] = []

  @Option(
    name: .customLong("enable"),
    help: ArgumentHelp(
      "Enable a feature (repeatable). Same as `-c features.<name>=true`.",
      valueName: "FEATURE"))
  var enabledFeatures: [String] = []

  @Option(
    name: .customLong("disable"),
    help: ArgumentHelp(
      "Disable a feature (repeatable). Same as `-c features.<name>=false`.",
      valueName: "FEATURE"))
  var disabledFeatures: [String] = []
}

/// The overrides plus `-p/--profile`, for commands that run with a profile (Codex takes
/// `-p` only on its runtime commands and `mcp`, not on `features`).
struct CodexConfigOptions: ParsableArguments {
  @OptionGroup var overrides: CodexOverrideOptions

  @Option(
    name: [.customShort("p"), .customLong("profile")],
    help: ArgumentHelp(
      "Layer $CODEX_HOME/<name>.config.toml (and a legacy [profiles.<name>] table) on top of "
        + "the base config.",
      valueName: "NAME"))
  var profile: String?
}

/// `--codex-home DIR`: the Codex home, instead of $CODEX_HOME or ~/.codex.
struct CodexHomeOption: ParsableArguments {
  @Option(
    name: .customLong("codex-home"),
    help: ArgumentHelp(
      "The Codex home (default: $CODEX_HOME, else ~/.codex).", valueName: "DIR"))
  var codexHome: String?

  var home: CodexHome { CodexHome.resolve(option: codexHome) }
}

extension ConfigRequest {
  init(home: CodexHome, overrides: CodexOverrideOptions, profile: String? = nil) {
    self.init(
      home: home, profile: profile, overrides: overrides.config,
      enabledFeatures: overrides.enabledFeatures, disabledFeatures: overrides.disabledFeatures)
  }
}
