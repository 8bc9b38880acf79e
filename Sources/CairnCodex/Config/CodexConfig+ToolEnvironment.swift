import CairnTools

extension CodexConfig {
  /// `[shell_environment_policy]` as the policy that builds tool commands' environments
  /// (docs/TOOLS.md, "Environment"). Unlike ``shellEnvironmentPolicy``, which reports what
  /// is set, a bad value here is an error naming its key and file: a tool must never run
  /// with an environment the user did not mean.
  ///
  /// Keys: `inherit` (`all`, `core`, `none`; default `all`), `ignore_default_excludes`
  /// (default false), `exclude` and `include_only` (glob patterns), `set` (a table of
  /// strings). `experimental_use_profile` is accepted and has no effect here.
  public func toolEnvironmentPolicy() throws(ConfigError) -> CairnTools.ShellEnvironmentPolicy {
    let root = ConfigKeyPath(["shell_environment_policy"])
    var diagnostics: [ConfigDiagnostic] = []
    func fail(_ key: String, _ message: String, allowed: [String] = []) {
      let path = root.appending(key)
      diagnostics.append(
        ConfigDiagnostic(
          severity: .error, file: effective.source(of: path)?.path, key: path, message: message,
          allowedValues: allowed))
    }
    guard let value = effective.value(at: root) else { return CairnTools.ShellEnvironmentPolicy() }
    guard let table = value.tableValue else {
      throw .invalid([
        ConfigDiagnostic(
          severity: .error, file: effective.source(of: root)?.path, key: root,
          message: "expected a table")
      ])
    }

    var policy = CairnTools.ShellEnvironmentPolicy()
    if let inherit = table["inherit"] {
      let modes = CairnTools.ShellEnvironmentPolicy.Inheritance.allCases.map(\.rawValue)
      if let mode = inherit.stringValue.flatMap(
        CairnTools.ShellEnvironmentPolicy.Inheritance.init(rawValue:))
      {
        policy.inherit = mode
      } else {
        fail("inherit", "expected one of \(modes.joined(separator: ", "))", allowed: modes)
      }
    }
    if let ignore = table["ignore_default_excludes"] {
      if let flag = ignore.boolValue {
        policy.ignoreDefaultExcludes = flag
      } else {
        fail("ignore_default_excludes", "expected true or false")
      }
    }
    for key in ["exclude", "include_only"] {
      guard let list = table[key] else { continue }
      guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
        fail(key, "expected an array of glob patterns (strings), e.g. [\"AWS_*\"]")
        continue
      }
      let patterns = items.compactMap(\.stringValue).map(EnvironmentVariablePattern.init)
      if key == "exclude" { policy.exclude = patterns } else { policy.includeOnly = patterns }
    }
    if let set = table["set"] {
      if let entries = set.tableValue?.entries {
        for (name, member) in entries {
          guard let text = member.stringValue else {
            fail("set", "`\(name)` must be a string")
            continue
          }
          guard !name.isEmpty, !name.contains("="), !name.utf8.contains(0) else {
            fail("set", "`\(name)` is not an environment variable name")
            continue
          }
          guard !text.utf8.contains(0) else {
            fail("set", "the value of `\(name)` contains a NUL byte")
            continue
          }
          policy.set[name] = text
        }
      } else {
        fail("set", "expected a table of strings, e.g. { CI = \"1\" }")
      }
    }
    guard diagnostics.isEmpty else { throw .invalid(diagnostics) }
    return policy
  }
}
