import Foundation
import Testing

extension CLITests {
  /// `cairn mcp list|get|add|remove|login|logout` through the binary, on real files.
  @Suite struct McpCommandTests {
    static func run(_ arguments: [String], home: String) async throws -> NamespacedResult {
      let binary = try CairnBinary.require()
      return try await offPool {
        try runInLoopbackNamespace(
          binary, arguments, environment: ["CAIRN_CODEX": "none", "CODEX_HOME": home], in: home)
      }
    }

    static let config = """
      # my servers
      model = "gpt-5"  # keep

      [mcp_servers.docs]
      command = "python3"
      args = ["-m", "docs_server"]
      env = { DOCS_TOKEN = "sk-proj-SECRETSECRETSECRET", LEVEL = "2" }
      env_vars = ["HOME"]
      tool_timeout_sec = 30

      [mcp_servers.remote]  # the remote one
      url = "http://127.0.0.1:9/mcp"
      bearer_token_env_var = "REMOTE_TOKEN"
      http_headers = { "X-Api-Key" = "hdr-SECRETSECRET" }

      [tools]
      view_image = true

      """

    static func writeConfig(_ text: String, in home: String) throws {
      try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/config.toml"))
    }

    static func readConfig(_ home: String) throws -> String {
      try String(contentsOfFile: home + "/config.toml", encoding: .utf8)
    }

    @Test func listAndGetShowServersWithSecretsMasked() async throws {
      try await withTemporaryDirectory { home in
        try Self.writeConfig(Self.config, in: home)
        let list = try await Self.run(["mcp", "list"], home: home)
        #expect(list.status == 0, "\(list.stderr)")
        // Codex pads every cell, the last column too.
        let expected = [
          "Name  Command  Args            Env                                        Cwd  Status   Auth       ",
          "docs  python3  -m docs_server  DOCS_TOKEN=*****, LEVEL=*****, HOME=*****  -    enabled  Unsupported",
          "",
          "Name    Url                     Bearer Token Env Var  Status   Auth        ",
          "remote  http://127.0.0.1:9/mcp  REMOTE_TOKEN          enabled  Bearer token",
        ]
        #expect(list.stdout == expected.joined(separator: "\n") + "\n")
        let get = try await Self.run(["mcp", "get", "remote"], home: home)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout.contains("  http_headers: X-Api-Key=*****\n"))
        #expect(get.stdout.hasSuffix("  remove: cairn mcp remove remote\n"))
        for arguments in [["mcp", "list", "--json"], ["mcp", "get", "docs", "--json"]] {
          let result = try await Self.run(arguments, home: home)
          #expect(result.status == 0, "\(result.stderr)")
          let secret = result.stdout.contains("SECRET")
          #expect(!secret, "\(arguments): \(result.stdout)")
          let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
          #expect(parsed is [Any] || parsed is [String: Any])
        }
        let json = try await Self.run(["mcp", "get", "docs", "--json"], home: home)
        let object = try #require(
          try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let transport = try #require(object["transport"] as? [String: Any])
        #expect(transport["env"] as? [String: String] == ["DOCS_TOKEN": "*****", "LEVEL": "*****"])
        #expect(transport["env_vars"] as? [String] == ["HOME"])
        #expect(object["tool_timeout_sec"] as? Double == 30)
        #expect(object["startup_timeout_sec"] is NSNull)
      }
    }

    @Test func overridesAndFeatureFlagsApply() async throws {
      try await withTemporaryDirectory { home in
        try Self.writeConfig(Self.config, in: home)
        let result = try await Self.run(
          [
            "mcp", "get", "docs", "-c", "mcp_servers.docs.enabled=false", "--enable", "memories",
          ], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "docs (disabled)\n")
        let unknown = try await Self.run(["mcp", "list", "--enable", "no_such_flag"], home: home)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no_such_flag"))
      }
    }

    @Test func emptyConfigSaysHowToAdd() async throws {
      try await withTemporaryDirectory { home in
        let text = try await Self.run(["mcp", "list"], home: home)
        #expect(text.status == 0)
        #expect(text.stdout.contains("No MCP servers configured yet"))
        let json = try await Self.run(["mcp", "list", "--json"], home: home)
        #expect(json.stdout == "[]\n")
      }
    }

    @Test func addAndRemoveEditOnlyTheServerNamed() async throws {
      try await withTemporaryDirectory { home in
        try Self.writeConfig(Self.config, in: home)
        let add = try await Self.run(
          ["mcp", "add", "files", "--env", "ROOT=/srv", "--", "files-server", "--stdio", "a b"],
          home: home)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "Added global MCP server 'files'.\n")
        let added = try Self.readConfig(home)
        // Everything that was there is there, byte for byte, in its place.
        let before = Self.config.components(separatedBy: "[tools]")
        #expect(added.hasPrefix(before[0]))
        #expect(added.hasSuffix("[tools]" + before[1]))
        #expect(
          added.contains(
            """
            [mcp_servers.files]
            command = "files-server"
            args = ["--stdio", "a b"]

            [mcp_servers.files.env]
            ROOT = "/srv"

            """))
        var status = stat()
        #expect(stat(home + "/config.toml", &status) == 0)
        let addedGet = try await Self.run(["mcp", "get", "files", "--json"], home: home)
        #expect(addedGet.stdout.contains("\"command\": \"files-server\""))

        let http = try await Self.run(
          [
            "mcp", "add", "web", "--url", "https://127.0.0.1:8443/mcp", "--bearer-token-env-var",
            "WEB_TOKEN",
          ],
          home: home)
        #expect(http.status == 0, "\(http.stderr)")

        let remove = try await Self.run(["mcp", "remove", "docs"], home: home)
        #expect(remove.stdout == "Removed global MCP server 'docs'.\n")
        let removeAgain = try await Self.run(["mcp", "remove", "docs"], home: home)
        #expect(removeAgain.status == 0)
        #expect(removeAgain.stdout == "No MCP server named 'docs' found.\n")
        let remaining = try Self.readConfig(home)
        #expect(!remaining.contains("docs"))
        #expect(
          remaining.hasPrefix(
            "# my servers\nmodel = \"gpt-5\"  # keep\n\n[mcp_servers.remote]  # the remote one\n"))
        #expect(remaining.contains("[tools]\nview_image = true\n"))
        let list = try await Self.run(["mcp", "list", "--json"], home: home)
        let names = try #require(
          try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        ).compactMap { $0["name"] as? String }
        #expect(names == ["files", "remote", "web"])
      }
    }

    @Test func aNewConfigFileIsPrivate() async throws {
      try await withTemporaryDirectory { home in
        let add = try await Self.run(["mcp", "add", "x", "--", "x-server"], home: home)
        #expect(add.status == 0, "\(add.stderr)")
        var status = stat()
        #expect(stat(home + "/config.toml", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try Self.readConfig(home) == "[mcp_servers.x]\ncommand = \"x-server\"\n")
      }
    }

    @Test func badInputIsRefusedWithAClearMessage() async throws {
      try await withTemporaryDirectory { home in
        try Self.writeConfig(Self.config, in: home)
        let cases: [([String], Int32, String)] = [
          (
            ["mcp", "get", "nope"], 1, "no MCP server named 'nope' found; configured: docs, remote"
          ),
          (["mcp", "add", "bad name", "--", "x"], 64, "invalid server name 'bad name'"),
          (["mcp", "add", "a.b", "--", "x"], 64, "invalid server name 'a.b'"),
          (["mcp", "remove", "bad/name"], 64, "invalid server name"),
          (["mcp", "add", "x"], 64, "after `--`"),
          (["mcp", "add", "x", "--url", "http://h/", "--", "cmd"], 64, "not both"),
          (["mcp", "add", "x", "--url", "http://h/", "--env", "A=1"], 64, "--env is for stdio"),
          (["mcp", "add", "x", "--bearer-token-env-var", "T", "--", "c"], 64, "HTTP servers"),
          (["mcp", "add", "x", "--env", "NOEQUALS", "--", "c"], 64, "KEY=VALUE"),
          (["mcp", "add", "x", "--url", "ftp://h/"], 64, "http://"),
          (["mcp", "login", "docs"], 69, "not supported yet"),
          (["mcp", "logout", "docs"], 69, "not supported yet"),
          (
            ["mcp", "add", "x", "--url", "http://h/", "--oauth-client-id", "c"], 69,
            "not supported yet"
          ),
        ]
        for (arguments, expected, words) in cases {
          let result = try await Self.run(arguments, home: home)
          #expect(result.status == expected, "\(arguments): \(result.stderr)")
          #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
        // Nothing was written by the refused commands.
        #expect(try Self.readConfig(home) == Self.config)
      }
    }

    @Test func malformedConfigNamesFileLineAndCause() async throws {
      try await withTemporaryDirectory { home in
        try Self.writeConfig("[mcp_servers.a]\ncommand = \"x\"\nargs = [\"unterminated\n", in: home)
        for arguments in [
          ["mcp", "list"], ["mcp", "add", "b", "--", "y"], ["mcp", "remove", "a"],
        ] {
          let result = try await Self.run(arguments, home: home)
          #expect(result.status == 1, "\(arguments)")
          #expect(
            result.stderr.contains(home + "/config.toml:3:"), "\(arguments): \(result.stderr)")
        }
        try Self.writeConfig(
          "[mcp_servers.a]\ncommand = \"x\"\nurl = \"http://h/\"\n[mcp_servers.b]\nenabled = true\n",
          in: home)
        let result = try await Self.run(["mcp", "list"], home: home)
        #expect(result.status == 1)
        #expect(result.stderr.contains("config.toml:1:1: `mcp_servers.a`: both `command`"))
        #expect(result.stderr.contains("`mcp_servers.b`: no transport"))
      }
    }
  }
}
