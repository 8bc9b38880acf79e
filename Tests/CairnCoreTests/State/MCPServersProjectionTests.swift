import CairnLogFormat
import Testing

@testable import CairnCore

/// MCP servers' status changes (`mcp_server_status_changed`): validated by `decide`,
/// folded into one record per server, kept across a checkpoint. docs/MCP.md.
@Suite struct MCPServersProjectionTests {
  static func change(
    _ server: String, _ status: MCPServerStatus, tools: UInt32 = 0, message: String? = nil
  ) -> MCPServerStatusChanged {
    MCPServerStatusChanged(server: server, status: status, toolCount: tools, message: message)
  }

  @Test func eachServerKeepsItsLatestStatusInNameOrder() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    session.fold(.mcpServerStatusChanged(Self.change("zeta", .starting)))
    session.fold(.mcpServerStatusChanged(Self.change("alpha", .starting)))
    session.fold(.mcpServerStatusChanged(Self.change("zeta", .ready, tools: 3)))
    session.fold(
      .mcpServerStatusChanged(
        Self.change("alpha", .failed, message: "MCP client for `alpha` failed to start: no")))
    session.fold(
      .mcpServerStatusChanged(Self.change("zeta", .exited, message: "MCP server `zeta` stopped")))
    let servers = session.state.mcpServers.servers
    #expect(servers.map(\.server) == ["alpha", "zeta"])
    #expect(servers.map(\.status) == [.failed, .exited])
    #expect(servers.map(\.seq) == [Seq(5), Seq(6)])
    #expect(session.state.mcpServers.record("alpha")?.message?.contains("failed to start") == true)
    // The projection survives the canonical encoding a checkpoint stores.
    let bytes = session.state.encoded()
    let decoded = bytes.withUnsafeBytes { try? SessionState.decode($0) }
    #expect(decoded == session.state)
  }

  @Test func aStatusBeforeTheSessionChangesNothing() {
    var session = TestSession()
    session.fold(.mcpServerStatusChanged(Self.change("early", .starting)))
    #expect(session.state.mcpServers.servers.isEmpty)
    #expect(session.state.ignoredEventCount == 1)
  }

  @Test func decideRefusesInconsistentChanges() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    let state = session.state
    let ready = state.decide(.recordMCPServerStatus(Self.change("s", .ready, tools: 2)))
    #expect((try? ready.get()) == [.mcpServerStatusChanged(Self.change("s", .ready, tools: 2))])
    let readyWithMessage = state.decide(
      .recordMCPServerStatus(Self.change("s", .ready, message: "why")))
    #expect((try? readyWithMessage.get()) == nil)
    let failedWithTools = state.decide(
      .recordMCPServerStatus(Self.change("s", .failed, tools: 1, message: "x")))
    #expect((try? failedWithTools.get()) == nil)
    let unnamed = state.decide(.recordMCPServerStatus(Self.change("", .starting)))
    #expect((try? unnamed.get()) == nil)
    let noSession = SessionState().decide(.recordMCPServerStatus(Self.change("s", .starting)))
    #expect((try? noSession.get()) == nil)
  }
}
