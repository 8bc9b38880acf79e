/// Variables set for every command the model runs, after the `shell_environment_policy`:
/// the ones Codex's unified exec sets, so tools print plain, uncoloured, unpaged UTF-8
/// text the model can read, and can tell they run under an agent.
///
/// - `NO_COLOR=1`, `TERM=dumb`, `COLORTERM=` (empty): no colour escapes, no cursor tricks.
/// - `LANG`, `LC_CTYPE`, `LC_ALL` = `C.UTF-8`: UTF-8 output whatever the user's locale.
/// - `PAGER`, `GIT_PAGER`, `GH_PAGER` = `cat`: nothing waits for a key press in a pager.
/// - `CODEX_CI=1`: what Codex sets, kept so tools that look for it behave the same.
///
/// A sandboxed command also gets `CODEX_SANDBOX_NETWORK_DISABLED=1` when its network is
/// off (`networkDisabledVariable`), as Codex sets it; the sandbox layer adds it.
public enum ToolCommandEnvironment {
  /// The variables, in the order Codex lists them.
  public static let variables: [(name: String, value: String)] = [
    ("NO_COLOR", "1"),
    ("TERM", "dumb"),
    ("LANG", "C.UTF-8"),
    ("LC_CTYPE", "C.UTF-8"),
    ("LC_ALL", "C.UTF-8"),
    ("COLORTERM", ""),
    ("PAGER", "cat"),
    ("GIT_PAGER", "cat"),
    ("GH_PAGER", "cat"),
    ("CODEX_CI", "1"),
  ]

  /// Set when the sandbox turns the network off.
  public static let networkDisabledVariable = (name: "CODEX_SANDBOX_NETWORK_DISABLED", value: "1")

  /// `environment` with `variables` set over it.
  public static func applied(to environment: [String: String]) -> [String: String] {
    var result = environment
    for (name, value) in variables { result[name] = value }
    return result
  }
}
