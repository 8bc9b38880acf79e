extension CodexConfig {
  public var model: String? { string("model") }
  public var reviewModel: String? { string("review_model") }
  public var modelProvider: String { string("model_provider") ?? "openai" }
  public var modelReasoningEffort: ReasoningEffort? {
    string("model_reasoning_effort").flatMap(ReasoningEffort.init(rawValue:))
  }
  /// `model_reasoning_summary`: auto, concise, detailed or none.
  public var modelReasoningSummary: String? { string("model_reasoning_summary") }
  public var modelContextWindow: Int64? {
    effective.value(at: path("model_context_window"))?.integerValue
  }
  public var modelAutoCompactTokenLimit: Int64? {
    effective.value(at: path("model_auto_compact_token_limit"))?.integerValue
  }
  public var modelVerbosity: Verbosity? {
    string("model_verbosity").flatMap(Verbosity.init(rawValue:))
  }
  public var approvalPolicy: ApprovalPolicy? {
    if effective.value(at: path("approval_policy"))?.tableValue?["granular"] != nil {
      return .granular
    }
    return string("approval_policy").flatMap(ApprovalPolicy.init(rawValue:))
  }
  public var sandboxMode: SandboxMode? {
    string("sandbox_mode").flatMap(SandboxMode.init(rawValue:))
  }
  public var webSearch: WebSearchMode? {
    string("web_search").flatMap(WebSearchMode.init(rawValue:))
  }
  /// `tools.web_search` as a boolean (older configs), when it is one.
  public var toolsWebSearch: Bool? { effective.value(at: path("tools", "web_search"))?.boolValue }
  public var toolsViewImage: Bool? { effective.value(at: path("tools", "view_image"))?.boolValue }
  public var notify: [String]? { strings(effective.value(at: path("notify"))) }

  public var sandboxWorkspaceWrite: SandboxWorkspaceWrite {
    let table = effective.value(at: path("sandbox_workspace_write"))?.tableValue ?? ConfigTable()
    return SandboxWorkspaceWrite(
      writableRoots: strings(table["writable_roots"]) ?? [],
      networkAccess: table["network_access"]?.boolValue ?? false,
      excludeTmpdirEnvVar: table["exclude_tmpdir_env_var"]?.boolValue ?? false,
      excludeSlashTmp: table["exclude_slash_tmp"]?.boolValue ?? false)
  }

  public var shellEnvironmentPolicy: ShellEnvironmentPolicy {
    let table = effective.value(at: path("shell_environment_policy"))?.tableValue ?? ConfigTable()
    return ShellEnvironmentPolicy(
      inherit: table["inherit"]?.stringValue.flatMap(EnvironmentInheritance.init(rawValue:)),
      ignoreDefaultExcludes: table["ignore_default_excludes"]?.boolValue,
      exclude: strings(table["exclude"]) ?? [],
      includeOnly: strings(table["include_only"]) ?? [],
      set: stringMap(table["set"]),
      experimentalUseProfile: table["experimental_use_profile"]?.boolValue)
  }

  /// The providers defined in config (Codex's built-in `openai` is not listed unless the
  /// config defines it).
  public var modelProviders: [ModelProvider] {
    let table = effective.value(at: path("model_providers"))?.tableValue ?? ConfigTable()
    return table.entries.compactMap { id, value in
      guard let provider = value.tableValue else { return nil }
      return ModelProvider(
        id: id, name: provider["name"]?.stringValue, baseURL: provider["base_url"]?.stringValue,
        envKey: provider["env_key"]?.stringValue, wireAPI: provider["wire_api"]?.stringValue,
        queryParams: stringMap(provider["query_params"]),
        httpHeaders: stringMap(provider["http_headers"]),
        envHTTPHeaders: stringMap(provider["env_http_headers"]),
        requestMaxRetries: provider["request_max_retries"]?.integerValue,
        streamMaxRetries: provider["stream_max_retries"]?.integerValue,
        streamIdleTimeoutMilliseconds: provider["stream_idle_timeout_ms"]?.integerValue,
        requiresOpenAIAuth: provider["requires_openai_auth"]?.boolValue ?? false,
        experimentalBearerToken: provider["experimental_bearer_token"]?.stringValue)
    }
  }

  public var mcpServers: [MCPServer] {
    let table = effective.value(at: path("mcp_servers"))?.tableValue ?? ConfigTable()
    return table.entries.compactMap { name, value in
      guard let server = value.tableValue else { return nil }
      var transport: MCPServer.Transport?
      if let command = server["command"]?.stringValue {
        transport = .stdio(
          command: command, arguments: strings(server["args"]) ?? [],
          environment: stringMap(server["env"]), cwd: server["cwd"]?.stringValue)
      } else if let url = server["url"]?.stringValue {
        transport = .streamableHTTP(
          url: url, bearerTokenEnvVar: server["bearer_token_env_var"]?.stringValue,
          httpHeaders: stringMap(server["http_headers"]))
      }
      let startup =
        server["startup_timeout_sec"]?.numberValue
        ?? server["startup_timeout_ms"]?.integerValue.map { Double($0) / 1000 }
      return MCPServer(
        name: name, transport: transport, enabled: server["enabled"]?.boolValue ?? true,
        startupTimeoutSeconds: startup, toolTimeoutSeconds: server["tool_timeout_sec"]?.numberValue,
        enabledTools: strings(server["enabled_tools"]),
        disabledTools: strings(server["disabled_tools"]))
    }
  }

  public var projects: [Project] {
    let table = effective.value(at: path("projects"))?.tableValue ?? ConfigTable()
    return table.entries.map { key, value in
      Project(
        path: key,
        trustLevel: value.tableValue?["trust_level"]?.stringValue.flatMap(
          TrustLevel.init(rawValue:))
      )
    }
  }

  /// The names of the legacy `[profiles.*]` tables.
  public var profileNames: [String] {
    effective.value(at: path("profiles"))?.tableValue?.keys ?? []
  }

  /// Feature flags set by some layer (not the catalog's defaults; see ``FeatureStates``).
  public var featureSettings: [String: Bool] {
    let table = effective.value(at: path("features"))?.tableValue ?? ConfigTable()
    var out: [String: Bool] = [:]
    for (name, value) in table.entries {
      if let bool = value.boolValue ?? value.tableValue?["enabled"]?.boolValue { out[name] = bool }
    }
    return out
  }

  public var suppressUnstableFeaturesWarning: Bool {
    effective.value(at: path("suppress_unstable_features_warning"))?.boolValue ?? false
  }

  private func path(_ segments: String...) -> ConfigKeyPath { ConfigKeyPath(segments) }

  private func string(_ key: String) -> String? { effective.value(at: path(key))?.stringValue }

  private func strings(_ value: ConfigValue?) -> [String]? {
    value?.arrayValue.map { $0.compactMap(\.stringValue) }
  }

  private func stringMap(_ value: ConfigValue?) -> [String: String] {
    var out: [String: String] = [:]
    for (key, member) in value?.tableValue?.entries ?? [] {
      if let string = member.stringValue { out[key] = string }
    }
    return out
  }
}
