import CairnCore
import CairnModel
import CairnProtocol
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// MCP tools (`mcp__SERVER__TOOL`): a call is planned (its command is `mcp SERVER TOOL`, the
/// key an approval for the session is remembered under), put through the approval policy
/// as Codex does for MCP tools, sent to its server, and the result recorded as the
/// `function_call_output` Codex gives the model. docs/MCP.md, "MCP servers as tools".
extension ToolExecutor {
  /// Codex's approval rule for a custom MCP server's tool: nothing is asked for a tool
  /// without annotations;
  /// otherwise a tool that may be destructive or reach the open world is asked about
  /// (`readOnlyHint` clears it, `destructiveHint: true` always asks). Under `never` nothing
  /// is ever asked: the call runs.
  public static func mcpCallNeedsApproval(_ tool: MCPTool, policy: ApprovalPolicy) -> Bool {
    if policy == .never { return false }
    guard let hints = tool.annotations else { return false }
    if hints.destructiveHint == true { return true }
    if hints.readOnlyHint == true { return false }
    return hints.destructiveHint ?? true || hints.openWorldHint ?? true
  }

  /// The tools the model may call now: `offered` without the MCP tools of a server that
  /// is not running, then the running servers' tools not offered yet (servers started in
  /// the background). Waits for servers still starting, as Codex's first turn does.
  public func available(_ offered: [ResponseTool]) -> [ResponseTool] {
    mcp.waitUntilStarted()
    let entries = mcp.entries
    guard !entries.isEmpty else { return offered }
    let running = Set(mcp.runningServers)
    var names: Set<String> = []
    var tools = offered.filter { tool in
      guard case .function(let name, _, _, _) = tool else { return true }
      guard let entry = mcp.entry(named: name) else {
        // An MCP tool of servers since reloaded away is not offered.
        return !name.hasPrefix("mcp__")
      }
      names.insert(name)
      return running.contains(entry.server)
    }
    for entry in entries where running.contains(entry.server) {
      if !names.contains(entry.qualifiedName) { tools.append(entry.responseTool) }
    }
    return tools
  }

  func mcpCall(
    _ callID: CallID, entry: MCPToolHost.Entry, arguments: String, turnID: TurnID,
    engine: SessionEngine, approver: (PendingApproval) -> ApprovalDecision
  ) throws -> Next {
    let policy = engine.state.session?.approvalPolicy ?? .onRequest
    let needsApproval = Self.mcpCallNeedsApproval(entry.tool, policy: policy)
    let hints = entry.tool.annotations
    let reasons =
      hints == nil
      ? ["an MCP tool without annotations"]
      : [
        hints?.readOnlyHint == true
          ? "a read-only MCP tool" : "an MCP tool that may change things or reach the network"
      ]
    var planned = PlanToolCall(
      turnID: turnID, callID: callID, tool: entry.qualifiedName,
      command: ["mcp", entry.server, entry.tool.name], workdir: nil,
      risk: needsApproval ? .risky : .safe, reasons: reasons)
    planned.needsApproval = needsApproval
    planned.approvalReason =
      "Allow the \(entry.server) MCP server to run tool \"\(entry.tool.name)\""
    let denial = try settle(
      planned, engine: engine, approver: approver,
      start: { id in try run(id, entry: entry, arguments: arguments, engine: engine) })
    guard let denial else { return .continue }
    let text = denial == .aborted ? "user cancelled MCP tool call" : "user rejected MCP tool call"
    let result = MCPToolResult.error(text)
    try engine.send(
      .recordToolResult(
        ToolResultRecorded(callID: callID, output: result.functionCallOutput, success: false)))
    return denial == .aborted ? .abortTurn : .continue
  }

  /// Sends an approved call to its server: the call starts (no process of its own: process
  /// id 0), the result comes back, the call ends (exit 0, or 1 for an error result) and the
  /// result is recorded.
  private func run(
    _ callID: CallID, entry: MCPToolHost.Entry, arguments: String, engine: SessionEngine
  ) throws {
    var started = timespec()
    clock_gettime(CLOCK_MONOTONIC, &started)
    try engine.send(.recordToolStart(ToolStarted(callID: callID, processID: 0, tty: false)))
    let outcome = mcp.callWithOutcome(entry, arguments: arguments)
    let result = outcome.result
    try engine.send(
      .recordMCPToolResult(
        MCPToolResultReceived(
          callID: callID, server: entry.server, tool: entry.tool.name,
          content: outcome.failure == nil ? result.content.text : nil,
          structuredContent: outcome.failure == nil ? result.structuredContent?.text : nil,
          isError: result.isError, error: outcome.failure)))
    var ended = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ended)
    let elapsed =
      UInt64(
        max(0, (ended.tv_sec - started.tv_sec) * 1_000_000_000 + ended.tv_nsec - started.tv_nsec))
    try engine.send(
      .recordToolExit(
        ToolExited(
          callID: callID, exitCode: result.success ? 0 : 1, signal: nil,
          durationNanoseconds: elapsed)))
    try engine.send(
      .recordToolResult(
        ToolResultRecorded(
          callID: callID, output: result.functionCallOutput, success: result.success)))
  }
}
