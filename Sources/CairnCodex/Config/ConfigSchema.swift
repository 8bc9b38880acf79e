/// The keys of Codex 0.147's `config.toml` (its `ConfigToml`), as shapes. Keys marked
/// `.any` are known and passed through unchecked; keys missing here are reported as
/// unknown and kept. docs/CODEX_CONFIG.md lists what is checked.
public enum ConfigSchema {
  static let approvalPolicies = ["untrusted", "on-failure", "on-request", "granular", "never"]
  static let sandboxModes = ["read-only", "workspace-write", "danger-full-access"]
  static let reasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"]
  static let reasoningSummaries = ["auto", "concise", "detailed", "none"]
  static let verbosities = ["low", "medium", "high"]
  static let webSearchModes = ["disabled", "cached", "live"]
  static let trustLevels = ["trusted", "untrusted"]
  static let inheritModes = ["core", "all", "none"]
  static let toolApprovals = ["auto", "prompt", "approve"]

  static let sandboxWorkspaceWrite = ConfigShape.table([
    "writable_roots": .array(.string),
    "network_access": .boolean,
    "exclude_tmpdir_env_var": .boolean,
    "exclude_slash_tmp": .boolean,
  ])

  static let shellEnvironmentPolicy = ConfigShape.table([
    "inherit": .oneOf(inheritModes),
    "ignore_default_excludes": .boolean,
    "exclude": .array(.string),
    "include_only": .array(.string),
    "set": .map(.string),
    "experimental_use_profile": .boolean,
  ])

  static let modelProvider = ConfigShape.table([
    "name": .string,
    "base_url": .string,
    "env_key": .string,
    "env_key_instructions": .string,
    "experimental_bearer_token": .string,
    "wire_api": .oneOf(["responses"]),
    "query_params": .map(.string),
    "http_headers": .map(.string),
    "env_http_headers": .map(.string),
    "request_max_retries": .integer,
    "stream_max_retries": .integer,
    "stream_idle_timeout_ms": .integer,
    "websocket_connect_timeout_ms": .integer,
    "requires_openai_auth": .boolean,
    "supports_websockets": .boolean,
    "auth": .table([
      "command": .string, "args": .array(.string), "cwd": .string,
      "refresh_interval_ms": .integer, "timeout_ms": .integer,
    ]),
    "aws": .table(["profile": .string, "region": .string]),
  ])

  static let mcpServer = ConfigShape.table([
    "command": .string,
    "args": .array(.string),
    "env": .map(.string),
    "env_vars": .array(.any),
    "cwd": .string,
    "url": .string,
    "bearer_token_env_var": .string,
    "http_headers": .map(.string),
    "env_http_headers": .map(.string),
    "enabled": .boolean,
    "required": .boolean,
    "startup_timeout_sec": .number,
    "startup_timeout_ms": .integer,
    "tool_timeout_sec": .number,
    "enabled_tools": .array(.string),
    "disabled_tools": .array(.string),
    "default_tools_approval_mode": .oneOf(toolApprovals),
    "tools": .map(.table(["approval_mode": .oneOf(toolApprovals)])),
    "scopes": .array(.string),
    "oauth": .table(["client_id": .string]),
    "oauth_resource": .string,
    "environment_id": .string,
    "supports_parallel_tool_calls": .boolean,
    "name": .string,
  ])

  /// A feature flag: a boolean, or for a few features a table of settings.
  static let feature = ConfigShape.either([.boolean, .map(.any)])

  /// The keys a config layer (the base file, a profile file, a `[profiles.NAME]` table)
  /// may hold.
  static let layerKeys: [String: ConfigShape] = [
    "model": .string,
    "review_model": .string,
    "model_provider": .string,
    "model_providers": .map(modelProvider),
    "model_context_window": .integer,
    "model_auto_compact_token_limit": .integer,
    "model_auto_compact_token_limit_scope": .oneOf(["total", "body_after_prefix"]),
    "model_reasoning_effort": .oneOf(reasoningEfforts, lenient: true),
    "plan_mode_reasoning_effort": .oneOf(reasoningEfforts, lenient: true),
    "model_reasoning_summary": .oneOf(reasoningSummaries),
    "model_supports_reasoning_summaries": .boolean,
    "model_verbosity": .oneOf(verbosities),
    "model_instructions_file": .string,
    "model_catalog_json": .string,
    "approval_policy": .either([.oneOf(approvalPolicies), .table(["granular": .map(.boolean)])]),
    "approvals_reviewer": .oneOf(["user", "auto_review", "guardian_subagent"]),
    "sandbox_mode": .oneOf(sandboxModes),
    "sandbox_workspace_write": sandboxWorkspaceWrite,
    "default_permissions": .string,
    "permissions": .any,
    "shell_environment_policy": shellEnvironmentPolicy,
    "allow_login_shell": .boolean,
    "mcp_servers": .map(mcpServer),
    "mcp_oauth_credentials_store": .oneOf(["auto", "file", "keyring"]),
    "mcp_oauth_callback_port": .integer,
    "mcp_oauth_callback_url": .string,
    "features": .map(feature),
    "suppress_unstable_features_warning": .boolean,
    "projects": .map(.table(["trust_level": .oneOf(trustLevels)])),
    "project_doc_max_bytes": .integer,
    "project_doc_fallback_filenames": .array(.string),
    "project_root_markers": .array(.string),
    "web_search": .oneOf(webSearchModes),
    "tools": .table([
      "web_search": .either([.boolean, .map(.any)]),
      "view_image": .boolean,
      "experimental_request_user_input": .any,
    ]),
    "tool_output_token_limit": .integer,
    "tool_suggest": .any,
    "history": .table(["persistence": .oneOf(["save-all", "none"]), "max_bytes": .integer]),
    "tui": .any,
    "notify": .array(.string),
    "instructions": .string,
    "developer_instructions": .string,
    "compact_prompt": .string,
    "experimental_compact_prompt_file": .string,
    "experimental_use_unified_exec_tool": .boolean,
    "hide_agent_reasoning": .boolean,
    "show_raw_agent_reasoning": .boolean,
    "disable_paste_burst": .boolean,
    "file_opener": .oneOf(["vscode", "vscode-insiders", "windsurf", "cursor", "none"]),
    "personality": .oneOf(["none", "friendly", "pragmatic"]),
    "service_tier": .string,
    "chatgpt_base_url": .string,
    "openai_base_url": .string,
    "oss_provider": .string,
    "cli_auth_credentials_store": .oneOf(["file", "keyring", "auto", "ephemeral"]),
    "forced_login_method": .any,
    "forced_chatgpt_workspace_id": .any,
    "check_for_update_on_startup": .boolean,
    "log_dir": .string,
    "sqlite_home": .string,
    "background_terminal_max_timeout": .integer,
    "include_apps_instructions": .boolean,
    "include_collaboration_mode_instructions": .boolean,
    "include_environment_context": .boolean,
    "include_permissions_instructions": .boolean,
    "analytics": .table(["enabled": .boolean]),
    "feedback": .any,
    "otel": .any,
    "agents": .any,
    "apps": .any,
    "apps_mcp_product_sku": .string,
    "audio": .any,
    "auto_review": .any,
    "debug": .any,
    "desktop": .any,
    "experimental_realtime_start_instructions": .string,
    "experimental_realtime_ws_backend_prompt": .string,
    "experimental_realtime_ws_base_url": .string,
    "experimental_realtime_ws_model": .string,
    "experimental_realtime_ws_startup_context": .string,
    "experimental_thread_config_endpoint": .string,
    "experimental_thread_store": .any,
    "ghost_snapshot": .any,
    "hooks": .any,
    "marketplaces": .any,
    "memories": .any,
    "notice": .any,
    "plugins": .any,
    "realtime": .any,
    "skills": .any,
    "windows": .any,
  ]

  /// The whole file: a layer plus the legacy profile selector and tables.
  public static let root: ConfigShape = {
    var keys = layerKeys
    keys["profile"] = .string
    keys["profiles"] = .map(.table(layerKeys))
    return .table(keys)
  }()
}
