import ArgumentParser

/// `--strict-config`: unknown config.toml keys are an error instead of a report.
struct CodexStrictConfigOption: ParsableArguments {
  @Flag(help: "Fail when config.toml has keys this version does not know.")
  var strictConfig = false
}
