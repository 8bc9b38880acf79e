import CairnCore

/// Hides secrets in config values before they are shown (docs/CODEX_CONFIG.md,
/// "Secrets"). Two rules, applied to every string:
///
/// 1. by key: the values of `mcp_servers.*.env`, of every `http_headers` table, of
///    `experimental_bearer_token`, and of any key whose name looks secret (`api_key`,
///    `token`, `secret`, `password`, …, but not `*_env_var`, `env_key` and the like, which
///    name a variable rather than hold its value) become `[REDACTED]`;
/// 2. by content: everything else goes through ``SecretRedactor``, so a key pasted into
///    `notify` or a password in a `base_url` is caught too.
public enum ConfigRedaction {
  public static let mark = "[REDACTED]"

  /// The value with secrets replaced, and whether anything was replaced.
  public static func redact(_ value: ConfigValue, at path: ConfigKeyPath) -> (
    value: ConfigValue, redacted: Bool
  ) {
    switch value {
    case .string(let string):
      if isSecretKey(path) { return (.string(mark), true) }
      let (text, findings) = SecretRedactor().redact(string)
      return (.string(text), !findings.isEmpty)
    case .array(let items):
      var any = false
      let redacted = items.enumerated().map { index, item -> ConfigValue in
        let (value, hit) = redact(item, at: path.appending("[\(index)]"))
        any = any || hit
        return value
      }
      return (.array(redacted), any)
    case .table(let table):
      var any = false
      var out = ConfigTable()
      for (key, member) in table.entries {
        let (value, hit) = redact(member, at: path.appending(key))
        any = any || hit
        out[key] = value
      }
      return (.table(out), any)
    case .integer, .float, .boolean, .datetime:
      return (value, false)
    }
  }

  /// Text that may hold a value (a diagnostic): through ``SecretRedactor``.
  public static func redactText(_ text: String) -> String {
    SecretRedactor().redact(text).text
  }

  /// Whether the string values at `path` are secrets by the name of their key.
  public static func isSecretKey(_ path: ConfigKeyPath) -> Bool {
    let segments = path.segments.filter { !$0.hasPrefix("[") }
    guard let name = segments.last?.lowercased() else { return false }
    let parent = segments.dropLast().last?.lowercased()
    // Every value of an MCP server's environment and of any HTTP header table.
    if segments.count >= 4, segments[0] == "mcp_servers", segments[2] == "env" { return true }
    if parent == "http_headers" || parent == "headers" { return true }
    if segments.count >= 3, segments[0] == "shell_environment_policy", segments[1] == "set" {
      return looksSecret(name)
    }
    return looksSecret(name)
  }

  private static let secretWords = [
    "api_key", "apikey", "api-key", "token", "secret", "password", "passwd", "passphrase",
    "bearer", "authorization", "cookie", "private_key", "credential", "access_key",
  ]
  /// Suffixes of names that refer to a secret (its variable, its file, its store) without
  /// holding it, or count tokens.
  private static let referenceSuffixes = [
    "_env_var", "env_key", "_env", "_instructions", "_store", "_file", "_path", "_limit",
    "_limit_scope", "_url", "_mode",
  ]

  static func looksSecret(_ name: String) -> Bool {
    let name = name.lowercased()
    guard secretWords.contains(where: { name.contains($0) }) else { return false }
    return !referenceSuffixes.contains { name.hasSuffix($0) }
  }
}
