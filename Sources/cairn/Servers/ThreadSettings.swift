import CairnCodex
import CairnCore

/// What a server asks for when it starts a thread (MCP's `codex` tool arguments,
/// app-server's `thread/start` params). Every nil field comes from the effective config,
/// as `cairn exec` resolves it: flags (these fields) over `config` overrides over the
/// profile over config.toml over defaults.
struct ThreadSettings: Sendable {
  /// The working directory; relative paths resolve against the server's own. nil: the
  /// server's.
  var cwd: String?
  var model: String?
  /// `model_provider`, by id.
  var modelProvider: String?
  /// nil: `approval_policy` from the config, else on-request (Codex's default).
  var approvalPolicy: ApprovalPolicy?
  var sandboxMode: SandboxMode?
  /// `-c`-style overrides, `key=value` with a TOML value, in order.
  var configOverrides: [String] = []
  /// Replaces Cairn's base instructions for this thread's requests.
  var baseInstructions: String?
  /// A developer message sent before the thread's first prompt.
  var developerInstructions: String?
  var profile: String?

  init() {}

  /// The `-c` overrides for a JSON object of config keys (MCP's `config` argument,
  /// app-server's `config` param): dotted keys kept as written, each value as TOML.
  static func overrides(fromJSON object: [(String, JSONValue)]) -> [String] {
    object.map { key, value in "\(key)=\(toml(value))" }
  }

  /// A JSON value as a TOML value (inline tables for objects; null as an empty string,
  /// since TOML has none).
  static func toml(_ value: JSONValue) -> String {
    switch value {
    case .null: return "\"\""
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return "\(number)"
    case .uint(let number): return "\(number)"
    case .double(let number): return number.isFinite ? "\(number)" : "0"
    case .string(let text): return TOMLText.quoted(text)
    case .array(let items): return "[" + items.map(toml).joined(separator: ", ") + "]"
    case .object(let members):
      return "{"
        + members.map { "\(tomlKey($0.0)) = \(toml($0.1))" }.joined(separator: ", ") + "}"
    }
  }

  private static func tomlKey(_ key: String) -> String {
    let bare =
      !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
          || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
      }
    return bare ? key : TOMLText.quoted(key)
  }
}
