import CairnCore
import CairnEngine
import CairnProtocol
import CairnTools
import Testing

/// When an MCP tool call is put to the user: Codex's annotation rule, and `never`.
struct MCPToolApprovalTests {
  static func tool(_ annotations: MCPTool.Annotations?) -> MCPTool {
    MCPTool(name: "t", inputSchema: try! RawJSON(validating: "{}"), annotations: annotations)
  }

  @Test func aToolWithoutAnnotationsRunsWithoutAsking() {
    #expect(
      !ToolExecutor.mcpCallNeedsApproval(
        Self.tool(nil), policy: .untrusted))
  }

  @Test func hintsDecideUnderAskingPolicies() {
    let cases: [(MCPTool.Annotations, Bool)] = [
      (.init(destructiveHint: true), true),
      (.init(readOnlyHint: true, destructiveHint: true), true),
      (.init(readOnlyHint: true), false),
      (.init(), true),
      (.init(destructiveHint: false), true),
      (.init(destructiveHint: false, openWorldHint: false), false),
      (.init(readOnlyHint: false, destructiveHint: false, openWorldHint: true), true),
    ]
    for policy in [ApprovalPolicy.untrusted, .onRequest, .onFailure] {
      for (hints, expected) in cases {
        #expect(
          ToolExecutor.mcpCallNeedsApproval(
            Self.tool(hints), policy: policy) == expected,
          "\(hints) under \(policy)")
      }
    }
  }

  @Test func neverAsksNothing() {
    #expect(
      !ToolExecutor.mcpCallNeedsApproval(
        Self.tool(.init(destructiveHint: true)), policy: .never))
  }
}
