import CairnCodex
import Testing

@Suite struct ConfigRedactionTests {
  static let planted = [
    "plain-secret-value-123", "mcp-secret-789", "header-secret-456", "hunter2pass",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
    "db-pass-000",
  ]

  @Test func noPlantedSecretSurvivesRedactionOfTheEffectiveConfig() throws {
    try withCodexHome { home in
      try write(
        """
        notify = ["curl", "-H", "Authorization: Bearer sk-proj-abcdefghijklmnopqrstuvwxyz012345"]

        [model_providers.mock]
        base_url = "http://user:hunter2pass@127.0.0.1:9/v1"
        env_key = "MOCK_API_KEY"
        experimental_bearer_token = "plain-secret-value-123"
        http_headers = { "X-Custom" = "header-secret-456" }

        [mcp_servers.docs]
        command = "docs"
        env = { LEVEL = "mcp-secret-789" }

        [shell_environment_policy.set]
        DB_PASSWORD = "db-pass-000"
        """, to: home.configFile)
      let config = try load(
        home,
        overrides: ["shell_environment_policy.set.GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789"])
      var shown = ""
      var redactedKeys: [String] = []
      for leaf in config.leaves {
        let (value, redacted) = ConfigRedaction.redact(leaf.value, at: leaf.path)
        shown += "\(leaf.path) = \(TOMLText.inline(value))\n"
        if redacted { redactedKeys.append(leaf.path.description) }
      }
      for secret in Self.planted {
        #expect(!shown.contains(secret), "\(secret) leaked")
      }
      #expect(
        redactedKeys.sorted() == [
          "mcp_servers.docs.env.LEVEL", "model_providers.mock.base_url",
          "model_providers.mock.experimental_bearer_token",
          "model_providers.mock.http_headers.X-Custom", "notify",
          "shell_environment_policy.set.DB_PASSWORD", "shell_environment_policy.set.GH",
        ])
      // Names of variables that hold secrets are not secrets.
      #expect(shown.contains("model_providers.mock.env_key = \"MOCK_API_KEY\""))
    }
  }

  @Test func keyNameRules() {
    let secret = [
      "api_key", "OPENAI_API_KEY", "token", "client_secret", "db_password",
      "experimental_bearer_token", "Authorization",
    ]
    for name in secret {
      #expect(ConfigRedaction.isSecretKey(ConfigKeyPath(["x", name])), "\(name)")
    }
    let notSecret = [
      "env_key", "bearer_token_env_var", "model_auto_compact_token_limit",
      "tool_output_token_limit",
      "cli_auth_credentials_store", "model", "env_key_instructions", "mcp_oauth_credentials_store",
    ]
    for name in notSecret {
      #expect(!ConfigRedaction.isSecretKey(ConfigKeyPath([name])), "\(name)")
    }
    #expect(ConfigRedaction.isSecretKey(ConfigKeyPath(["mcp_servers", "a", "env", "LEVEL"])))
    #expect(
      ConfigRedaction.isSecretKey(ConfigKeyPath(["model_providers", "a", "http_headers", "X"])))
    #expect(!ConfigRedaction.isSecretKey(ConfigKeyPath(["shell_environment_policy", "set", "CI"])))
    // Non-strings are never hidden: they cannot hold a key.
    #expect(
      ConfigRedaction.redact(.integer(5), at: ConfigKeyPath(["token_count"])).redacted == false)
  }
}
