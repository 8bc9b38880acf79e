import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// An MCP server that fails to start, in the real terminal UI (tmux): the first frame does
/// not wait for the servers, the failure shows as a warning cell with Codex's wording, and
/// the session goes on. docs/MCP.md, "Server status".
@Suite(.serialized) struct TUIMCPEndToEndTests {
  @Test func aServerThatFailsToStartIsAWarningCellAndTheSessionGoesOn() async throws {
    let home = try await ScriptedAgentHome(
      prefix: "cairn-tui-mcp",
      script: #"{"responses": [{"output": [{"type": "message", "text": "Still here."}]}]}"#,
      extraConfig: try MCPToolsExecTests.server("broken", mode: "exit-at-start"))
    let tmux = try TmuxSession(
      [try CairnExecutable.require()], columns: 120, rows: 30, environment: home.environment,
      directory: home.root + "/work")
    try tmux.waitFor(text: TUIEndToEndTests.composer)
    let warned = try tmux.waitFor("the warning cell") {
      $0.contains("⚠ MCP client for `broken` failed to start:")
    }
    #expect(warned.contains("exited with status 3"), "\(warned)")
    try tmux.type("hello")
    try tmux.press("End", "Enter")
    let answered = try tmux.waitFor("the answer") { $0.contains("Still here.") }
    #expect(answered.contains("⚠ MCP client for `broken` failed to start:"))
    try tmux.press("C-c")
    #expect(try tmux.waitForExit() == 0)
    await home.finish()
  }
}
