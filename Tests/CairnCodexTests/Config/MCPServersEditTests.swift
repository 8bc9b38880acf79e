import CairnCodex
import Testing

/// Each case states the whole expected text: every byte outside the server named survives.
@Suite struct MCPServersEditTests {
  static let stdio = MCPServersEdit.NewServer(
    name: "docs",
    transport: .stdio(command: "docs-server", arguments: ["--stdio"], environment: [("K", "v")]))
  static let http = MCPServersEdit.NewServer(
    name: "web",
    transport: .streamableHTTP(url: "http://127.0.0.1:1/mcp", bearerTokenEnvironmentVariable: "T"))

  @Test func removeTakesTheTableItsSubTablesAndDottedKeys() throws {
    let text = """
      # top
      mcp_servers.docs.enabled = false
      model = "m"

      [mcp_servers.docs]  # docs
      command = "x"

      [mcp_servers.docs.env]
      A = "1"

      [mcp_servers.other]
      command = "y"

      [mcp_servers]
      inline = { command = "z" }
      """
    let removed = try MCPServersEdit.remove("docs", from: text)
    #expect(removed.removed)
    #expect(
      removed.text == """
        # top
        model = "m"

        [mcp_servers.other]
        command = "y"

        [mcp_servers]
        inline = { command = "z" }
        """)
    let inline = try MCPServersEdit.remove("inline", from: removed.text)
    #expect(
      inline.text
        == "# top\nmodel = \"m\"\n\n[mcp_servers.other]\ncommand = \"y\"\n\n[mcp_servers]\n")
    let absent = try MCPServersEdit.remove("absent", from: text)
    #expect(!absent.removed && absent.text == text)
  }

  @Test func addGoesAfterTheLastServerAndBeforeOtherTables() throws {
    let text = "model = \"m\"\n\n[mcp_servers.a]\ncommand = \"a\"\n\n[tools]\nview_image = true\n"
    #expect(
      try MCPServersEdit.add(Self.stdio, to: text) == """
        model = "m"

        [mcp_servers.a]
        command = "a"

        [mcp_servers.docs]
        command = "docs-server"
        args = ["--stdio"]

        [mcp_servers.docs.env]
        K = "v"

        [tools]
        view_image = true

        """)
  }

  @Test func addAppendsWhenThereAreNoServersEvenWithoutAFinalNewline() throws {
    #expect(
      try MCPServersEdit.add(Self.http, to: "model = \"m\"")
        == "model = \"m\"\n\n[mcp_servers.web]\nurl = \"http://127.0.0.1:1/mcp\"\nbearer_token_env_var = \"T\"\n"
    )
    #expect(try MCPServersEdit.add(Self.http, to: "").hasPrefix("[mcp_servers.web]\n"))
  }

  @Test func aReplacedServerKeepsItsPlace() throws {
    let text =
      "[mcp_servers.docs]\ncommand = \"old\"\nargs = [\"-x\"]\n\n[mcp_servers.z]\ncommand = \"z\"\n"
    #expect(
      try MCPServersEdit.add(Self.stdio, to: text) == """
        [mcp_servers.docs]
        command = "docs-server"
        args = ["--stdio"]

        [mcp_servers.docs.env]
        K = "v"

        [mcp_servers.z]
        command = "z"

        """)
  }

  @Test func oneInlineTableOfServersIsNotRewritten() {
    let text = "mcp_servers = { docs = { command = \"x\" } }\n"
    do {
      _ = try MCPServersEdit.add(Self.stdio, to: text)
      Issue.record("an inline mcp_servers table was edited")
    } catch {
      #expect(error.description.contains("inline table"))
    }
  }

  @Test func namesFollowCodexRule() {
    #expect(MCPServersEdit.isValidName("docs_2-x"))
    for name in ["", "a b", "a.b", "é", "a/b"] { #expect(!MCPServersEdit.isValidName(name)) }
  }
}
