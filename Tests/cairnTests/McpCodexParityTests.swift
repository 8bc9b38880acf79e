import Foundation
import Testing

extension CLITests {
  /// The real `codex` 0.147 against `cairn` for `mcp list|get` (text and --json) and the
  /// effect of `mcp add|remove`, both in a loopback-only network namespace with a
  /// CODEX_HOME under the build directory. Cairn masks secrets in --json where Codex prints
  /// them, so Codex's secret values are masked before comparing (docs/MCP.md).
  @Suite struct McpCodexParityTests {
    static func run(_ program: String, _ arguments: [String], home: String) async throws
      -> NamespacedResult
    {
      try await offPool {
        try runInLoopbackNamespace(
          program, arguments, environment: ["CODEX_HOME": home, "CAIRN_CODEX": "none"], in: home)
      }
    }

    static let config = """
      model = "gpt-5"

      [mcp_servers.alpha]
      command = "python3"
      args = ["-m", "srv", "--flag"]
      env = { API_KEY = "sekret", PLAIN = "x" }
      env_vars = ["HOME", "PATH"]
      cwd = "/tmp"
      startup_timeout_sec = 12.5
      tool_timeout_sec = 30
      enabled_tools = ["a", "b"]
      disabled_tools = ["c"]

      [mcp_servers.beta]
      url = "http://127.0.0.1:9/mcp"
      bearer_token_env_var = "BETA_TOKEN"
      http_headers = { "X-Key" = "hdrsecret" }
      env_http_headers = { "X-Env" = "SOME_VAR" }
      enabled = false
      startup_timeout_ms = 2500

      [mcp_servers.gamma]
      url = "http://127.0.0.1:9/other"

      [mcp_servers.plain]
      command = "x"

      """

    /// Codex's JSON with the values Cairn masks masked, as a Foundation tree.
    static func masked(_ value: Any) -> Any {
      if var object = value as? [String: Any] {
        for (key, member) in object {
          if key == "env" || key == "http_headers", let map = member as? [String: Any] {
            object[key] = map.mapValues { _ in "*****" }
          } else {
            object[key] = masked(member)
          }
        }
        return object
      }
      if let array = value as? [Any] { return array.map(masked) }
      return value
    }

    static func json(_ text: String) throws -> NSObject {
      try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject)
    }

    @Test func listAndGetMatchCodex() async throws {
      let codex = try requireCodex()
      let cairn = try CairnBinary.require()
      try await withBuildDirectory { home in
        try Data(Self.config.utf8).write(to: URL(fileURLWithPath: home + "/config.toml"))
        var commands: [[String]] = [["mcp", "list"], ["mcp", "list", "--json"]]
        for name in ["alpha", "beta", "gamma", "plain"] {
          commands += [["mcp", "get", name], ["mcp", "get", name, "--json"]]
        }
        commands.append(["mcp", "get", "beta", "-c", "mcp_servers.beta.enabled=true"])
        commands.append(["mcp", "list", "--json", "-c", "mcp_servers.plain.enabled=false"])
        for arguments in commands {
          let expected = try await Self.run(codex, arguments, home: home)
          let actual = try await Self.run(cairn, arguments, home: home)
          #expect(expected.status == 0, "codex \(arguments): \(expected.stderr)")
          #expect(actual.status == 0, "cairn \(arguments): \(actual.stderr)")
          if arguments.contains("--json") {
            let reference = Self.masked(try Self.json(expected.stdout)) as? NSObject
            #expect(try Self.json(actual.stdout) == reference, "\(arguments)")
          } else {
            let reference = expected.stdout.replacingOccurrences(
              of: "codex mcp", with: "cairn mcp")
            #expect(actual.stdout == reference, "\(arguments)")
          }
        }
        // An unknown name fails in both.
        let codexMissing = try await Self.run(codex, ["mcp", "get", "nope"], home: home)
        let cairnMissing = try await Self.run(cairn, ["mcp", "get", "nope"], home: home)
        #expect(codexMissing.status == 1 && cairnMissing.status == 1)
      }
    }

    /// Each tool edits its own copy of the same file; Codex then reads both, and must see
    /// the same servers.
    @Test func addAndRemoveHaveTheEffectCodexHas() async throws {
      let codex = try requireCodex()
      let cairn = try CairnBinary.require()
      try await withBuildDirectory { root in
        let codexHome = root + "/codex"
        let cairnHome = root + "/cairn"
        for home in [codexHome, cairnHome] {
          try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
          try Data(Self.config.utf8).write(to: URL(fileURLWithPath: home + "/config.toml"))
        }
        let edits: [[String]] = [
          ["mcp", "add", "new1", "--env", "A=1", "--env", "B=two words", "--", "cmd", "a", "b c"],
          ["mcp", "add", "new2", "--url", "http://127.0.0.1:1/mcp", "--bearer-token-env-var", "T"],
          ["mcp", "add", "alpha", "--", "replaced"],
          ["mcp", "remove", "beta"],
          ["mcp", "remove", "nosuch"],
        ]
        for edit in edits {
          let expected = try await Self.run(codex, edit, home: codexHome)
          let actual = try await Self.run(cairn, edit, home: cairnHome)
          #expect(expected.status == actual.status, "\(edit): \(actual.stderr)")
          #expect(expected.stdout == actual.stdout, "\(edit)")
          let codexView = try await Self.run(codex, ["mcp", "list", "--json"], home: codexHome)
          let cairnView = try await Self.run(codex, ["mcp", "list", "--json"], home: cairnHome)
          #expect(cairnView.status == 0, "codex reading Cairn's edit: \(cairnView.stderr)")
          #expect(
            try Self.json(cairnView.stdout) == Self.json(codexView.stdout), "after \(edit)")
        }
        let kept = try String(contentsOfFile: cairnHome + "/config.toml", encoding: .utf8)
        #expect(
          kept.hasPrefix("model = \"gpt-5\"\n\n[mcp_servers.alpha]\ncommand = \"replaced\"\n"))
      }
    }
  }
}
