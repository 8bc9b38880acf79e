import ArgumentParser

/// Codex's `-p/--profile NAME`, parsed but not yet applied (the config work replaces it).
/// Not global in Codex: only the session commands and `sandbox` take it, and
/// `app-server generate-ts` uses `-p` for `--prettier`.
struct CodexProfileOptionPlaceholder: ParsableArguments {
  @Option(
    name: [.customShort("p"), .customLong("profile")],
    help: ArgumentHelp(
      "Apply the profile $CODEX_HOME/NAME.config.toml over the base config.",
      valueName: "CONFIG_PROFILE_V2"))
  var profile: String?
}
