/// Which environment a tool command gets: Codex's `[shell_environment_policy]`.
///
/// `apply(to:)` builds it from the parent's environment in five steps, in this order:
/// 1. `inherit`: `all` of it, only the `core` variables (`coreVariableNames`), or `none`;
/// 2. unless `ignoreDefaultExcludes`, drop every name matching `*KEY*`, `*SECRET*` or
///    `*TOKEN*` (case-insensitive), so credentials in the user's shell do not reach tools;
/// 3. drop names matching any `exclude` pattern;
/// 4. add or overwrite the `set` variables;
/// 5. when `includeOnly` is not empty, keep only names matching one of its patterns (so it
///    can also remove what `set` added).
///
/// ```toml
/// [shell_environment_policy]
/// inherit = "core"
/// exclude = ["AWS_*"]
/// set = { CI = "1" }
/// ```
///
/// The default differs from recent Codex builds in one respect, on purpose: Codex 0.147
/// treats a missing `ignore_default_excludes` as true (secret-looking variables pass),
/// Cairn as false (they are dropped). docs/TOOLS.md says why.
public struct ShellEnvironmentPolicy: Sendable, Equatable {
  public enum Inheritance: String, Sendable, Equatable, CaseIterable {
    case all, core, none
  }

  /// The variables `inherit = "core"` keeps: what a shell needs to find programs, the
  /// user and a temporary directory.
  public static let coreVariableNames: Set<String> = [
    "HOME", "LOGNAME", "PATH", "SHELL", "USER", "USERNAME", "TMPDIR", "TEMP", "TMP",
  ]
  /// The patterns dropped unless `ignoreDefaultExcludes`.
  public static let defaultExcludes = ["*KEY*", "*SECRET*", "*TOKEN*"].map(
    EnvironmentVariablePattern.init)
  /// What `ignore_default_excludes` is when the config does not say.
  public static let ignoreDefaultExcludesWhenUnset = false

  public var inherit: Inheritance
  public var ignoreDefaultExcludes: Bool
  public var exclude: [EnvironmentVariablePattern]
  public var set: [String: String]
  public var includeOnly: [EnvironmentVariablePattern]

  public init(
    inherit: Inheritance = .all,
    ignoreDefaultExcludes: Bool = ShellEnvironmentPolicy.ignoreDefaultExcludesWhenUnset,
    exclude: [EnvironmentVariablePattern] = [], set: [String: String] = [:],
    includeOnly: [EnvironmentVariablePattern] = []
  ) {
    self.inherit = inherit
    self.ignoreDefaultExcludes = ignoreDefaultExcludes
    self.exclude = exclude
    self.set = set
    self.includeOnly = includeOnly
  }

  /// The tool's environment built from `base` (the parent's) in the five steps above.
  public func apply(to base: [String: String]) -> [String: String] {
    var environment: [String: String]
    switch inherit {
    case .all: environment = base
    case .core: environment = base.filter { Self.coreVariableNames.contains($0.key) }
    case .none: environment = [:]
    }
    if !ignoreDefaultExcludes {
      environment = environment.filter { !Self.matchesAny($0.key, Self.defaultExcludes) }
    }
    if !exclude.isEmpty {
      environment = environment.filter { !Self.matchesAny($0.key, exclude) }
    }
    environment.merge(set) { _, new in new }
    if !includeOnly.isEmpty {
      environment = environment.filter { Self.matchesAny($0.key, includeOnly) }
    }
    return environment
  }

  private static func matchesAny(_ name: String, _ patterns: [EnvironmentVariablePattern])
    -> Bool
  {
    patterns.contains { $0.matches(name) }
  }
}
