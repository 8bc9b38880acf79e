import CairnTools

extension CodexConfig {
  /// The `[mcp_servers.NAME]` tables as the servers the MCP client starts (docs/MCP.md,
  /// "config.toml `mcp_servers`"), sorted by name (as Codex lists them).
  ///
  /// Codex refuses to start with a malformed server table; so does this: every problem in
  /// every table is collected and thrown at once, each naming its key and the file (with
  /// line and column) or `-c` override that set it. Secrets are never part of a message.
  public func mcpServerSpecs() throws(ConfigError) -> [MCPServerSpec] {
    let root = ConfigKeyPath(["mcp_servers"])
    guard let value = effective.value(at: root) else { return [] }
    var reader = MCPServerTableReader(config: effective)
    guard let table = value.tableValue else {
      reader.fail(
        root, "expected a table of servers, e.g. [mcp_servers.docs], found a \(value.typeName)")
      throw .invalid(reader.diagnostics)
    }
    var servers: [MCPServerSpec] = []
    for (name, member) in table.entries {
      if let server = reader.server(named: name, member, at: root.appending(name)) {
        servers.append(server)
      }
    }
    guard reader.diagnostics.isEmpty else { throw .invalid(reader.diagnostics) }
    return servers.sorted { $0.name < $1.name }
  }

  /// The server named `name`, or nil when no table has that name.
  public func mcpServerSpec(named name: String) throws(ConfigError) -> MCPServerSpec? {
    try mcpServerSpecs().first { $0.name == name }
  }
}

/// Reads one `[mcp_servers.NAME]` table into an ``MCPServerSpec``, collecting diagnostics.
struct MCPServerTableReader {
  let config: EffectiveConfig
  private(set) var diagnostics: [ConfigDiagnostic] = []

  init(config: EffectiveConfig) { self.config = config }

  /// Keys only a stdio server takes, and keys only a streamable HTTP server takes.
  static let stdioKeys = ["args", "env", "env_vars", "cwd"]
  static let httpKeys = ["bearer_token_env_var", "http_headers", "env_http_headers"]

  mutating func fail(_ path: ConfigKeyPath, _ message: String) {
    let source = config.source(of: path)
    var position: SourcePosition?
    if let source, let layer = config.layers.last(where: { $0.source == source }) {
      position = layer.position(of: path)
    }
    var text = message
    if let source, source.path == nil { text += " (set by \(source))" }
    diagnostics.append(
      ConfigDiagnostic(
        severity: .error, file: source?.path, key: path, position: position, message: text))
  }

  mutating func server(named name: String, _ value: ConfigValue, at path: ConfigKeyPath)
    -> MCPServerSpec?
  {
    guard let table = value.tableValue else {
      fail(path, "expected a table (command = \"…\" or url = \"…\"), found a \(value.typeName)")
      return nil
    }
    let before = diagnostics.count
    if table["bearer_token"] != nil {
      fail(
        path.appending("bearer_token"),
        "a literal bearer token is not supported: put it in an environment variable and name "
          + "that variable with bearer_token_env_var")
    }
    let command = string(table, "command", path)
    let url = string(table, "url", path)
    var transport: MCPServerSpec.Transport?
    switch (command, url) {
    case (.some, .some):
      fail(
        path,
        "both `command` (a stdio server) and `url` (a streamable HTTP server) are set; keep one")
    case (nil, nil):
      fail(
        path, "no transport: set `command` for a stdio server or `url` for a streamable HTTP server"
      )
    case (let command?, nil):
      for key in Self.httpKeys where table[key] != nil {
        fail(
          path.appending(key),
          "only a streamable HTTP server (`url`) takes `\(key)`; this one has `command`")
      }
      if command.isEmpty { fail(path.appending("command"), "the command is empty") }
      transport = .stdio(
        command: command, arguments: strings(table, "args", path) ?? [],
        environment: stringMap(table, "env", path, checkNames: true),
        environmentPassthrough: environmentPassthrough(table, path),
        workingDirectory: string(table, "cwd", path))
    case (nil, let url?):
      for key in Self.stdioKeys where table[key] != nil {
        fail(
          path.appending(key), "only a stdio server (`command`) takes `\(key)`; this one has `url`")
      }
      if !MCPServersEdit.isHTTPURL(url) {
        fail(path.appending("url"), "expected an http:// or https:// URL with a host")
      }
      transport = .streamableHTTP(
        url: url, headers: stringMap(table, "http_headers", path, checkNames: false),
        headersFromEnvironment: stringMap(table, "env_http_headers", path, checkNames: false),
        bearerTokenEnvironmentVariable: string(table, "bearer_token_env_var", path))
    }
    var enabled = true
    if let flag = table["enabled"] {
      if let bool = flag.boolValue {
        enabled = bool
      } else {
        fail(path.appending("enabled"), "expected true or false, found a \(flag.typeName)")
      }
    }
    // Codex: `startup_timeout_sec` wins over `startup_timeout_ms`.
    let startup =
      seconds(table, "startup_timeout_sec", path)
      ?? milliseconds(table, "startup_timeout_ms", path) ?? 10_000
    let toolTimeout = seconds(table, "tool_timeout_sec", path) ?? 60_000
    let enabledTools = strings(table, "enabled_tools", path)
    let disabledTools = strings(table, "disabled_tools", path) ?? []
    guard diagnostics.count == before, let transport else { return nil }
    return MCPServerSpec(
      name: name, transport: transport, enabled: enabled, startupTimeoutMilliseconds: startup,
      toolTimeoutMilliseconds: toolTimeout, enabledTools: enabledTools,
      disabledTools: disabledTools)
  }

  private mutating func string(_ table: ConfigTable, _ key: String, _ path: ConfigKeyPath)
    -> String?
  {
    guard let value = table[key] else { return nil }
    guard let text = value.stringValue else {
      fail(path.appending(key), "expected a string, found a \(value.typeName)")
      return nil
    }
    if text.utf8.contains(0) {
      fail(path.appending(key), "contains a NUL byte")
      return nil
    }
    return text
  }

  private mutating func strings(_ table: ConfigTable, _ key: String, _ path: ConfigKeyPath)
    -> [String]?
  {
    guard let value = table[key] else { return nil }
    guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
      fail(path.appending(key), "expected an array of strings, e.g. [\"a\", \"b\"]")
      return nil
    }
    return items.compactMap(\.stringValue)
  }

  /// A table of strings: `env` (names checked as environment variable names) or headers.
  private mutating func stringMap(
    _ table: ConfigTable, _ key: String, _ path: ConfigKeyPath, checkNames: Bool
  ) -> [String: String] {
    guard let value = table[key] else { return [:] }
    guard let entries = value.tableValue?.entries else {
      fail(path.appending(key), "expected a table of strings, e.g. { NAME = \"value\" }")
      return [:]
    }
    var out: [String: String] = [:]
    for (name, member) in entries {
      // The value is never quoted in a message: `env` and headers hold secrets.
      guard let text = member.stringValue else {
        fail(path.appending(key).appending(name), "expected a string, found a \(member.typeName)")
        continue
      }
      if checkNames, name.isEmpty || name.contains("=") || name.utf8.contains(0) {
        fail(path.appending(key).appending(name), "not an environment variable name")
        continue
      }
      if text.utf8.contains(0) || (!checkNames && text.contains(where: \.isNewline)) {
        fail(path.appending(key).appending(name), "the value contains a NUL byte or a newline")
        continue
      }
      out[name] = text
    }
    return out
  }

  /// `env_vars`: names, or `{ name = "…", source = "local" | "remote" }` tables (Codex's
  /// two forms); Cairn runs servers locally, so only the name matters.
  private mutating func environmentPassthrough(_ table: ConfigTable, _ path: ConfigKeyPath)
    -> [String]
  {
    guard let value = table["env_vars"] else { return [] }
    let key = path.appending("env_vars")
    guard let items = value.arrayValue else {
      fail(key, "expected an array of variable names, e.g. [\"HOME\", \"PATH\"]")
      return []
    }
    var names: [String] = []
    for item in items {
      if let name = item.stringValue ?? item.tableValue?["name"]?.stringValue, !name.isEmpty {
        names.append(name)
      } else {
        fail(key, "each entry is a variable name or a table { name = \"VAR\" }")
        return []
      }
    }
    return names
  }

  private mutating func seconds(_ table: ConfigTable, _ key: String, _ path: ConfigKeyPath)
    -> Int?
  {
    guard let value = table[key] else { return nil }
    guard let number = value.numberValue, number.isFinite, number >= 0, number < 86_400 * 365
    else {
      fail(path.appending(key), "expected a number of seconds ≥ 0, e.g. 10 or 2.5")
      return nil
    }
    return Int((number * 1000).rounded())
  }

  private mutating func milliseconds(_ table: ConfigTable, _ key: String, _ path: ConfigKeyPath)
    -> Int?
  {
    guard let value = table[key] else { return nil }
    guard let number = value.integerValue, number >= 0, number < 86_400_000 * 365 else {
      fail(path.appending(key), "expected a whole number of milliseconds ≥ 0, e.g. 2500")
      return nil
    }
    return Int(number)
  }
}
