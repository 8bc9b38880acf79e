import CairnCodex
import CairnCore
import CairnTools

/// One configured MCP server as `cairn mcp list` and `get` show it: the resolved spec, plus
/// what Codex prints as written (a timeout that was not set shows as null, not as its
/// default). Secret-bearing values (environment values, HTTP header values) are replaced
/// by ``mask`` everywhere, JSON included; variable names are not secrets and are shown.
struct MCPServerView {
  /// Codex's mask for a hidden value in its tables.
  static let mask = "*****"

  var spec: MCPServerSpec
  var startupTimeoutSeconds: Double?
  var toolTimeoutSeconds: Double?
  /// Whether `disabled_tools` is written (the spec folds "absent" into an empty list).
  var disabledToolsWritten: Bool

  /// The servers of the effective config, sorted by name as Codex lists them.
  static func all(in config: EffectiveConfig) throws(ConfigError) -> [MCPServerView] {
    let specs = try CodexConfig(config).mcpServerSpecs()
    return specs.sorted { $0.name < $1.name }.map { spec in
      let table = config.value(at: ConfigKeyPath(["mcp_servers", spec.name]))?.tableValue
      let startup =
        table?["startup_timeout_sec"]?.numberValue
        ?? table?["startup_timeout_ms"]?.integerValue.map { Double($0) / 1000 }
      return MCPServerView(
        spec: spec, startupTimeoutSeconds: startup,
        toolTimeoutSeconds: table?["tool_timeout_sec"]?.numberValue,
        disabledToolsWritten: table?["disabled_tools"] != nil)
    }
  }

  var name: String { spec.name }

  /// Codex's `auth_status`: a stdio server (or a disabled one) has none; an HTTP server
  /// with a bearer token variable uses it; Cairn has no OAuth, so any other HTTP server's
  /// state is unknown.
  var authStatus: (json: String, text: String) {
    guard spec.enabled, case .streamableHTTP(_, _, _, let bearer) = spec.transport else {
      return ("unsupported", "Unsupported")
    }
    return bearer == nil ? ("unknown", "Unknown") : ("bearer_token", "Bearer token")
  }

  /// `env` then `env_vars`, as Codex's tables show them: `NAME=*****`.
  var maskedEnvironment: [String] {
    guard case .stdio(_, _, let environment, let passthrough, _) = spec.transport else {
      return []
    }
    return environment.keys.sorted().map { "\($0)=\(Self.mask)" }
      + passthrough.map { "\($0)=\(Self.mask)" }
  }

  // MARK: JSON (Codex's shapes; secrets masked)

  /// One element of `cairn mcp list --json`.
  var listJSON: JSONValue {
    .object([
      ("name", .string(name)), ("enabled", .bool(spec.enabled)), ("disabled_reason", .null),
      ("transport", transportJSON), ("startup_timeout_sec", seconds(startupTimeoutSeconds)),
      ("tool_timeout_sec", seconds(toolTimeoutSeconds)),
      ("auth_status", .string(authStatus.json)),
    ])
  }

  /// `cairn mcp get NAME --json`.
  var getJSON: JSONValue {
    .object([
      ("name", .string(name)), ("enabled", .bool(spec.enabled)), ("disabled_reason", .null),
      ("transport", transportJSON),
      ("enabled_tools", spec.enabledTools.map { .array($0.map(JSONValue.string)) } ?? .null),
      (
        "disabled_tools",
        disabledToolsWritten ? .array(spec.disabledTools.map(JSONValue.string)) : .null
      ),
      ("startup_timeout_sec", seconds(startupTimeoutSeconds)),
      ("tool_timeout_sec", seconds(toolTimeoutSeconds)),
    ])
  }

  private var transportJSON: JSONValue {
    switch spec.transport {
    case .stdio(let command, let arguments, let environment, let passthrough, let cwd):
      return .object([
        ("type", .string("stdio")), ("command", .string(command)),
        ("args", .array(arguments.map(JSONValue.string))),
        ("env", maskedMap(environment)),
        ("env_vars", .array(passthrough.map(JSONValue.string))),
        ("cwd", cwd.map(JSONValue.string) ?? .null),
      ])
    case .streamableHTTP(let url, let headers, let fromEnvironment, let bearer):
      return .object([
        ("type", .string("streamable_http")), ("url", .string(url)),
        ("bearer_token_env_var", bearer.map(JSONValue.string) ?? .null),
        ("http_headers", maskedMap(headers)),
        (
          "env_http_headers",
          fromEnvironment.isEmpty
            ? .null
            : .object(fromEnvironment.keys.sorted().map { ($0, .string(fromEnvironment[$0]!)) })
        ),
      ])
    }
  }

  private func maskedMap(_ map: [String: String]) -> JSONValue {
    map.isEmpty ? .null : .object(map.keys.sorted().map { ($0, .string(Self.mask)) })
  }

  private func seconds(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
}
