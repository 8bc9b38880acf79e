import CairnCore
import CairnTools

/// The text forms of `cairn mcp list` and `get`, laid out as Codex 0.147 prints them.
enum MCPServerText {
  static let noServers =
    "No MCP servers configured yet. Try `cairn mcp add my-tool -- my-command`.\n"

  /// Two tables, stdio servers then HTTP servers, each only when it has rows, a blank line
  /// between them.
  static func list(_ servers: [MCPServerView]) -> String {
    guard !servers.isEmpty else { return noServers }
    var stdioRows: [[String]] = []
    var httpRows: [[String]] = []
    for server in servers {
      let status = server.spec.enabled ? "enabled" : "disabled"
      switch server.spec.transport {
      case .stdio(let command, let arguments, _, _, let cwd):
        let environment = server.maskedEnvironment
        stdioRows.append([
          server.name, command, arguments.isEmpty ? "-" : arguments.joined(separator: " "),
          environment.isEmpty ? "-" : environment.joined(separator: ", "), cwd ?? "-", status,
          server.authStatus.text,
        ])
      case .streamableHTTP(let url, _, _, let bearer):
        httpRows.append([server.name, url, bearer ?? "-", status, server.authStatus.text])
      }
    }
    var blocks: [String] = []
    if !stdioRows.isEmpty {
      blocks.append(
        table(header: ["Name", "Command", "Args", "Env", "Cwd", "Status", "Auth"], stdioRows))
    }
    if !httpRows.isEmpty {
      blocks.append(
        table(header: ["Name", "Url", "Bearer Token Env Var", "Status", "Auth"], httpRows))
    }
    return blocks.joined(separator: "\n")
  }

  /// Cells padded to their column's width (in characters), two spaces apart; every line
  /// padded to the full width, as Codex does.
  static func table(header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
      row.enumerated().map { column, cell in
        cell + String(repeating: " ", count: widths[column] - cell.count)
      }.joined(separator: "  ") + "\n"
    }.joined()
  }

  /// `cairn mcp get NAME`: the name, then `  key: value` lines; a disabled server is only
  /// its name and `(disabled)`.
  static func details(_ server: MCPServerView) -> String {
    let spec = server.spec
    guard spec.enabled else { return "\(server.name) (disabled)\n" }
    var lines = [server.name, "  enabled: true"]
    if let enabledTools = spec.enabledTools {
      lines.append("  enabled_tools: \(list(enabledTools))")
    }
    if server.disabledToolsWritten { lines.append("  disabled_tools: \(list(spec.disabledTools))") }
    switch spec.transport {
    case .stdio(let command, let arguments, _, _, let cwd):
      let environment = server.maskedEnvironment
      lines += [
        "  transport: stdio", "  command: \(command)",
        "  args: \(arguments.isEmpty ? "-" : arguments.joined(separator: " "))",
        "  cwd: \(cwd ?? "-")",
        "  env: \(environment.isEmpty ? "-" : environment.joined(separator: ", "))",
      ]
    case .streamableHTTP(let url, let headers, let fromEnvironment, let bearer):
      let masked = headers.keys.sorted().map { "\($0)=\(MCPServerView.mask)" }
      let named = fromEnvironment.keys.sorted().map { "\($0)=\(fromEnvironment[$0]!)" }
      lines += [
        "  transport: streamable_http", "  url: \(url)",
        "  bearer_token_env_var: \(bearer ?? "-")",
        "  http_headers: \(masked.isEmpty ? "-" : masked.joined(separator: ", "))",
        "  env_http_headers: \(named.isEmpty ? "-" : named.joined(separator: ", "))",
      ]
    }
    if let startup = server.startupTimeoutSeconds {
      lines.append("  startup_timeout_sec: \(seconds(startup))")
    }
    if let tool = server.toolTimeoutSeconds { lines.append("  tool_timeout_sec: \(seconds(tool))") }
    lines.append("  remove: cairn mcp remove \(server.name)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `a, b`, or `[]` for an empty list (Codex's forms).
  private static func list(_ items: [String]) -> String {
    items.isEmpty ? "[]" : items.joined(separator: ", ")
  }

  /// `30`, `12.5`, `0.1`: whole seconds without a fraction.
  static func seconds(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// JSON indented by two spaces, `"key": value`, as Codex's `--json` (serde's pretty form).
  static func pretty(_ value: JSONValue, indent: String = "") -> String {
    let inner = indent + "  "
    switch value {
    case .object(let members):
      if members.isEmpty { return "{}" }
      let body = members.map { "\(inner)\(JSONValue.quoted($0.0)): \(pretty($0.1, indent: inner))" }
      return "{\n" + body.joined(separator: ",\n") + "\n\(indent)}"
    case .array(let items):
      if items.isEmpty { return "[]" }
      let body = items.map { inner + pretty($0, indent: inner) }
      return "[\n" + body.joined(separator: ",\n") + "\n\(indent)]"
    default:
      return value.text
    }
  }
}
