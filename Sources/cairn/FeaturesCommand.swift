import ArgumentParser
import CairnCodex
import CairnCore

/// `cairn features …`: Codex's feature flags, as `codex features`.
struct FeaturesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "features",
    abstract: "Inspect feature flags",
    discussion: """
      The catalog comes from `codex features list` when a `codex` is on PATH ($CAIRN_CODEX \
      picks another binary; CAIRN_CODEX=none uses the built-in copy of Codex 0.147's \
      catalog). See docs/CODEX_CONFIG.md.
      """,
    subcommands: [
      FeaturesListCommand.self, FeaturesEnableCommand.self, FeaturesDisableCommand.self,
    ]
  )
}

struct FeaturesListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List known features with their stage and effective state")

  @OptionGroup var overrides: CodexOverrideOptions
  @OptionGroup var homeOption: CodexHomeOption

  @Flag(help: "Print the result as JSON.")
  var json = false

  func run() throws {
    try reportingConfigFailures {
      let catalog = resolveFeatureCatalog()
      let config = try ConfigLoader.load(
        ConfigRequest(home: homeOption.home, overrides: overrides), catalog: catalog)
      if config.hasErrors {
        throw ConfigError.invalid(config.diagnostics.filter { $0.severity == .error })
      }
      printWarnings(config.diagnostics)
      let states = FeatureStates.compute(catalog: catalog, config: config)
      let output = StandardOutput()
      if json {
        try output.write(jsonReport(catalog, states).text + "\n")
      } else {
        try output.write(
          FeatureListParser.render(
            states.map { .init(name: $0.spec.name, stage: $0.spec.stage, enabled: $0.enabled) }))
      }
      try output.flush()
    }
  }

  private func jsonReport(_ catalog: FeatureCatalog, _ states: [FeatureState]) -> JSONValue {
    let origin: JSONValue =
      switch catalog.origin {
      case .embedded(let version):
        .object([("origin", .string("embedded")), ("codex_version", .string(version))])
      case .localCodex(let path): .object([("origin", .string("codex")), ("path", .string(path))])
      }
    return .object([
      ("catalog", origin),
      (
        "features",
        .array(
          states.map { state in
            .object([
              ("name", .string(state.spec.name)), ("stage", .string(state.spec.stage.rawValue)),
              ("enabled", .bool(state.enabled)),
              ("default_enabled", .bool(state.spec.defaultEnabled)),
              ("source", .string(state.source.map { $0.label(at: nil) } ?? "default")),
              ("config_ignored", .bool(state.configIgnored)),
            ])
          })
      ),
    ])
  }
}

struct FeaturesEnableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enable", abstract: "Enable a feature in config.toml")

  @Argument(help: "Feature key to update (for example: unified_exec)")
  var feature: String

  @OptionGroup var overrides: CodexOverrideOptions
  @OptionGroup var homeOption: CodexHomeOption

  func run() throws { try toggleFeature(feature, enabled: true, home: homeOption.home) }
}

struct FeaturesDisableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "disable", abstract: "Disable a feature in config.toml")

  @Argument(help: "Feature key to update (for example: unified_exec)")
  var feature: String

  @OptionGroup var overrides: CodexOverrideOptions
  @OptionGroup var homeOption: CodexHomeOption

  func run() throws { try toggleFeature(feature, enabled: false, home: homeOption.home) }
}

/// Sets the flag in config.toml and says so as Codex does; warns about unstable flags.
private func toggleFeature(_ name: String, enabled: Bool, home: CodexHome) throws {
  try reportingConfigFailures {
    let catalog = resolveFeatureCatalog()
    let outcome = try FeatureToggle.set(name, enabled: enabled, home: home, catalog: catalog)
    print("\(enabled ? "Enabled" : "Disabled") feature `\(name)` in config.toml.")
    if !outcome.spec.followsConfig {
      StandardError.write(
        "cairn: warning: `\(name)` is \(outcome.spec.stage.rawValue); Codex ignores its "
          + "setting and keeps it \(outcome.spec.defaultEnabled ? "enabled" : "disabled")\n")
    }
    if enabled && outcome.spec.stage == .underDevelopment {
      let config = try? ConfigLoader.load(ConfigRequest(home: home), catalog: catalog)
      let suppressed = config.map { CodexConfig($0).suppressUnstableFeaturesWarning } ?? false
      if !suppressed {
        StandardError.write(
          "cairn: warning: `\(name)` is under development: it is unfinished and may misbehave. "
            + "Set `suppress_unstable_features_warning = true` in \(home.configFile) to silence "
            + "this warning.\n")
      }
    }
  }
}
