import ArgumentParser
import CairnCodex
import CairnCore

/// `cairn config show`: the effective config and where every value comes from.
struct ConfigShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the effective config with the source of every value, secrets redacted.",
    discussion: """
      Each value is followed by its source: `default`, the file and line:column it is \
      written at, `profile NAME …`, or the override (`-c #N`, `--enable NAME`). Keys that \
      Codex does not know are kept and listed. Feature flags left at their defaults are \
      listed by `cairn features list`, not here.
      """)

  @OptionGroup var configOptions: CodexConfigOptions
  @OptionGroup var homeOption: CodexHomeOption

  @Flag(help: "Print the result as JSON.")
  var json = false

  func run() throws {
    try reportingConfigFailures {
      let home = homeOption.home
      let catalog = resolveFeatureCatalog()
      let config = try ConfigLoader.load(
        ConfigRequest(
          home: home, overrides: configOptions.overrides, profile: configOptions.profile),
        catalog: catalog)
      let leaves = config.leaves.map { leaf -> (ConfigLeaf, ConfigValue, Bool) in
        let (value, redacted) = ConfigRedaction.redact(leaf.value, at: leaf.path)
        return (leaf, value, redacted)
      }
      let output = StandardOutput()
      if json {
        try output.write(jsonReport(config, leaves).text + "\n")
      } else {
        try output.write(textReport(config, leaves))
      }
      try output.flush()
      if config.hasErrors { throw ExitCode(1) }
    }
  }

  private func layerLabels(_ config: EffectiveConfig) -> [String] {
    config.layers.map { layer in
      switch layer.source {
      case .defaultValue: "default"
      case .file(let path): path
      case .profileFile(let name, let path): "profile \(name) (\(path))"
      case .profileTable(let name, _): "profile \(name) ([profiles.\(name)])"
      case .override(let index): "-c #\(index)"
      case .featureFlag(let flag): flag
      }
    }
  }

  private func textReport(_ config: EffectiveConfig, _ leaves: [(ConfigLeaf, ConfigValue, Bool)])
    -> String
  {
    var out = "CODEX_HOME  \(config.home.path) (\(config.home.origin.rawValue))\n"
    out += "profile     \(config.profile ?? "none")\n"
    out += "layers      \(layerLabels(config).joined(separator: " < "))\n\n"
    let lines = leaves.map { leaf, value, _ in
      ("\(leaf.path) = \(TOMLText.inline(value))", leaf.source.label(at: leaf.position))
    }
    let width = min(60, (lines.map(\.0.count).max() ?? 0) + 2)
    for (assignment, source) in lines {
      out += assignment.padding(to: width) + "# " + source + "\n"
    }
    if !config.unknownKeys.isEmpty {
      out += "\nunknown keys (kept; Codex 0.147 does not read them):\n"
      for unknown in config.unknownKeys {
        out +=
          "  \(unknown.path)".padding(to: width) + "# "
          + unknown.source.label(at: unknown.position) + "\n"
      }
    }
    let problems = config.diagnostics
    if !problems.isEmpty {
      out += "\n"
      for diagnostic in problems {
        out +=
          "\(diagnostic.severity.rawValue): "
          + ConfigRedaction.redactText(diagnostic.description) + "\n"
      }
    }
    return out
  }

  private func jsonReport(_ config: EffectiveConfig, _ leaves: [(ConfigLeaf, ConfigValue, Bool)])
    -> JSONValue
  {
    .object([
      ("codex_home", .string(config.home.path)),
      ("codex_home_origin", .string(config.home.origin.rawValue)),
      ("profile", config.profile.map { .string($0) } ?? .null),
      ("layers", .array(config.layers.map { .object($0.source.jsonMembers(at: nil)) })),
      (
        "values",
        .array(
          leaves.map { leaf, value, redacted in
            .object(
              [
                ("key", .string(leaf.path.description)),
                ("key_path", .array(leaf.path.segments.map { .string($0) })),
                ("value", value.jsonValue), ("redacted", .bool(redacted)),
              ] + leaf.source.jsonMembers(at: leaf.position))
          })
      ),
      (
        "unknown_keys",
        .array(
          config.unknownKeys.map { unknown in
            .object(
              [("key", .string(unknown.path.description))]
                + unknown.source.jsonMembers(at: unknown.position))
          })
      ),
      ("diagnostics", .array(config.diagnostics.map(\.jsonValue))),
    ])
  }
}

extension String {
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
