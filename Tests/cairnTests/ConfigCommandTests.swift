import Foundation
import Testing

extension CLITests {
  /// `cairn config show`: layering, sources, errors and redaction, through the binary.
  @Suite struct ConfigCommandTests {
    static let secrets = [
      "plain-secret-value-123", "mcp-secret-789", "header-secret-456", "hunter2pass",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
      "profile-secret-321",
    ]

    /// Runs cairn in a loopback-only namespace with the embedded feature catalog.
    static func cairn(_ arguments: [String], in directory: String) async throws -> NamespacedResult
    {
      let binary = try CairnBinary.require()
      return try await offPool {
        try runInLoopbackNamespace(
          binary, arguments, environment: ["CAIRN_CODEX": "none", "CODEX_HOME": nil],
          in: directory)
      }
    }

    static func writeHome(_ home: String) throws {
      try Data(
        """
        # my config
        model = "gpt-5.5"
        bogus_key = 1
        notify = ["curl", "-H", "Authorization: Bearer sk-proj-abcdefghijklmnopqrstuvwxyz012345"]

        [model_providers.mock]
        base_url = "http://user:hunter2pass@127.0.0.1:9/v1"
        env_key = "MOCK_API_KEY"
        experimental_bearer_token = "plain-secret-value-123"
        http_headers = { "X-Custom" = "header-secret-456" }

        [mcp_servers.docs]
        command = "docs"
        env = { API_TOKEN = "mcp-secret-789" }

        """.utf8
      ).write(to: URL(fileURLWithPath: home + "/config.toml"))
      try Data("model = \"gpt-work\"\napi_key = \"profile-secret-321\"\n".utf8).write(
        to: URL(fileURLWithPath: home + "/work.config.toml"))
    }

    @Test func showPrintsEveryValueWithItsSource() async throws {
      try await withTemporaryDirectory { root in
        try Self.writeHome(root)
        let result = try await Self.cairn(
          [
            "config", "show", "--codex-home", root, "-p", "work", "-c",
            "sandbox_mode=workspace-write",
            "--enable", "memories",
          ], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        #expect(
          line("model = \"gpt-work\"")?.hasSuffix("# profile work \(root)/work.config.toml:1:9")
            == true)
        #expect(line("sandbox_mode = \"workspace-write\"")?.hasSuffix("# -c #1") == true)
        #expect(line("features.memories = true")?.hasSuffix("# --enable memories") == true)
        #expect(line("approval_policy = \"on-request\"")?.hasSuffix("# default") == true)
        #expect(
          line("model_providers.mock.env_key = \"MOCK_API_KEY\"")?.hasSuffix(
            "# \(root)/config.toml:8:11") == true)
        #expect(line("layers")?.contains("default < \(root)/config.toml < profile work") == true)
        #expect(result.stdout.contains("unknown keys (kept; Codex 0.147 does not read them):"))
        #expect(line("  bogus_key")?.hasSuffix("# \(root)/config.toml:3:1") == true)
        #expect(line("  api_key")?.hasSuffix("# profile work \(root)/work.config.toml:2:1") == true)
      }
    }

    @Test func jsonNamesSourcesAndPositions() async throws {
      try await withTemporaryDirectory { root in
        try Self.writeHome(root)
        let result = try await Self.cairn(
          ["config", "show", "--json", "--codex-home", root, "-p", "work", "-c", "model=o3"],
          in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let object =
          try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let values = object?["values"] as? [[String: Any]] ?? []
        let model = values.first { $0["key"] as? String == "model" }
        #expect(model?["value"] as? String == "o3")
        #expect(model?["source"] as? String == "override")
        #expect(model?["argument"] as? String == "-c #1")
        let env = values.first { $0["key"] as? String == "model_providers.mock.env_key" }
        #expect(env?["source"] as? String == "file")
        #expect(env?["path"] as? String == root + "/config.toml")
        #expect(env?["line"] as? Int == 8)
        #expect(env?["column"] as? Int == 11)
        #expect(env?["redacted"] as? Bool == false)
        let token = values.first { $0["key"] as? String == "mcp_servers.docs.env.API_TOKEN" }
        #expect(token?["value"] as? String == "[REDACTED]")
        #expect(token?["redacted"] as? Bool == true)
        #expect(object?["profile"] as? String == "work")
        let unknown = (object?["unknown_keys"] as? [[String: Any]] ?? []).compactMap {
          $0["key"] as? String
        }
        #expect(unknown == ["bogus_key", "api_key"])
      }
    }

    @Test func noPlantedSecretReachesTextJSONOrErrors() async throws {
      try await withTemporaryDirectory { root in
        try Self.writeHome(root)
        let overrides = [
          "-c", "shell_environment_policy.set.GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
          "-c", "approval_policy=sk-proj-abcdefghijklmnopqrstuvwxyz012345",
        ]
        for format in [[], ["--json"]] {
          let result = try await Self.cairn(
            ["config", "show", "--codex-home", root, "-p", "work"] + overrides + format, in: root)
          // The secret passed as approval_policy is an invalid value: exit 1, named, hidden.
          #expect(result.status == 1)
          #expect(result.stdout.contains("approval_policy"))
          for secret in Self.secrets {
            #expect(!result.stdout.contains(secret), "\(secret) leaked in \(format)")
            #expect(!result.stderr.contains(secret), "\(secret) leaked to stderr")
          }
        }
        // A malformed -c is echoed without its value.
        let bad = try await Self.cairn(
          [
            "config", "show", "--codex-home", root, "-c",
            "a..b=sk-proj-abcdefghijklmnopqrstuvwxyz012345",
          ],
          in: root)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("a..b=…"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("sk-proj"))
      }
    }

    @Test func brokenFilesAreNamedWithLineAndColumn() async throws {
      try await withTemporaryDirectory { root in
        try Data("model = \"x\"\napproval_policy = \"sometimes\"\n".utf8).write(
          to: URL(fileURLWithPath: root + "/config.toml"))
        let invalid = try await Self.cairn(["config", "show", "--codex-home", root], in: root)
        #expect(invalid.status == 1)
        #expect(
          invalid.stdout.contains(
            "error: \(root)/config.toml:2:19: `approval_policy`: unknown value `sometimes`, expected one of `untrusted`, `on-failure`, `on-request`, `granular`, `never`"
          ), "\(invalid.stdout)")
        try Data("model = \"x\"\n[features\n".utf8).write(
          to: URL(fileURLWithPath: root + "/config.toml"))
        let syntax = try await Self.cairn(["config", "show", "--codex-home", root], in: root)
        #expect(syntax.status == 1)
        #expect(syntax.stderr.hasPrefix("cairn: \(root)/config.toml:2:"), "\(syntax.stderr)")
        #expect(syntax.stderr.contains("TOML parse error"))
        #expect(syntax.stdout.isEmpty)
      }
    }
  }
}
