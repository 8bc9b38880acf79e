import CairnTestSupport
import Foundation
import Testing

/// One raw NDJSON session, played against the real `codex mcp-server` and `cairn
/// mcp-server`, both in the loopback-only namespace of the scripted Responses server with
/// the same config: the shapes must match (keys, not ids or times): the handshake, the
/// whole tools/list, the results of `codex` and `codex-reply`, the tool failures and the
/// unknown method, and the order of the `codex/event` types Cairn sends.
@Suite struct MCPServerParityTests {
  static let script = #"""
    {"responses": [{"repeat": true, "output": [{"type": "message", "text": "hi from the mock", "deltas": ["hi from ", "the mock"]}]}]}
    """#

  /// What one server answered to the session.
  struct Transcript {
    var initialize: [String: Any] = [:]
    var tools: [String: Any] = [:]
    var codexEvents: [[String: Any]] = []
    var codex: [String: Any] = [:]
    var reply: [String: Any] = [:]
    var failures: [[String: Any]] = []
    var unknownMethod: [String: Any] = [:]
    var exitCode: Int32 = -1
  }

  static func play(_ peer: MCPPeer, what: String) throws -> Transcript {
    var out = Transcript()
    peer.request(
      1, "initialize",
      [
        "protocolVersion": "2025-06-18", "capabilities": [String: Any](),
        "clientInfo": ["name": "parity", "version": "1.0"],
      ])
    out.initialize = try peer.response(1, seconds: 60).response
    peer.send(["jsonrpc": "2.0", "method": "notifications/initialized"])
    peer.request(2, "tools/list")
    out.tools = try peer.response(2).response
    peer.toolsCall(3, "codex", ["prompt": "Say hello", "sandbox": "read-only"])
    (out.codexEvents, out.codex) = try peer.response(3, seconds: 60)
    let thread = (out.codex.result["structuredContent"] as? [String: Any])?["threadId"] ?? ""
    peer.toolsCall(4, "codex-reply", ["threadId": thread, "prompt": "Again"])
    out.reply = try peer.response(4, seconds: 60).response
    peer.toolsCall(5, "nope", [:])
    peer.toolsCall(6, "codex", ["promptx": 1])
    peer.toolsCall(
      7, "codex-reply", ["threadId": "00000000-0000-0000-0000-000000000000", "prompt": "x"])
    peer.toolsCall(8, "codex-reply", ["prompt": "x"])
    for id in 5...8 { out.failures.append(try peer.response(id).response) }
    peer.request(9, "nosuch/method")
    out.unknownMethod = try peer.response(9).response
    out.exitCode = try peer.finish(seconds: 60, what: what)
    return out
  }

  /// The value's shape: objects become their sorted keys with each value's shape, arrays
  /// the shape of their first element, and scalars their type.
  static func shape(_ value: Any) -> String {
    switch value {
    case let object as [String: Any]:
      return "{" + object.keys.sorted().map { "\($0):\(shape(object[$0]!))" }.joined(separator: ",")
        + "}"
    case let array as [Any]: return "[" + (array.first.map(shape) ?? "") + "]"
    case is String: return "s"
    case is NSNull: return "null"
    default: return "n"
    }
  }

  /// The event types, without the ones Cairn does not send (docs/MCP.md) and with a run of
  /// deltas counted once (Cairn streams them as its log coalesced them).
  static func types(_ events: [[String: Any]]) -> [String] {
    var types: [String] = []
    for type in events.compactMap(\.eventType)
    where !["raw_response_item", "raw_response_completed"].contains(type)
      && !(type == "agent_message_content_delta" && types.last == type)
    {
      types.append(type)
    }
    return types
  }

  @Test func cairnAnswersTheSameSessionInCodexsShapes() throws {
    let codexLoopback = try CodexLoopback(scriptJSON: Self.script)
    defer { codexLoopback.cleanUp() }
    let codex = try Self.play(
      MCPPeer(process: codexLoopback.spawn(program: "codex", ["mcp-server"])),
      what: "codex mcp-server")
    let cairn = try Self.play(
      MCPPeer(
        process: codexLoopback.spawn(program: try CairnExecutable.require(), ["mcp-server"])),
      what: "cairn mcp-server")

    #expect(Self.shape(cairn.initialize) == Self.shape(codex.initialize))
    #expect(
      cairn.initialize.result["protocolVersion"] as? String
        == codex.initialize.result["protocolVersion"] as? String)
    #expect((cairn.tools as NSDictionary) == (codex.tools as NSDictionary))
    #expect(Self.types(codex.codexEvents).contains("task_complete"))
    #expect(Self.types(cairn.codexEvents) == Self.types(codex.codexEvents))
    #expect(
      (cairn.codex.result["structuredContent"] as? [String: Any])?["content"] as? String
        == "hi from the mock")
    #expect(
      (codex.codex.result["structuredContent"] as? [String: Any])?["content"] as? String
        == "hi from the mock")
    #expect(Self.shape(cairn.codex) == Self.shape(codex.codex))
    #expect(Self.shape(cairn.reply) == Self.shape(codex.reply))
    // The texts of tool failures are Codex's own; ids aside, the answers are equal.
    for (ours, theirs) in zip(cairn.failures, codex.failures) {
      #expect((ours as NSDictionary) == (theirs as NSDictionary))
    }
    #expect((cairn.unknownMethod as NSDictionary) == (codex.unknownMethod as NSDictionary))
    #expect(cairn.exitCode == 0 && codex.exitCode == 0)
    // The events both send carry the same `_meta` and notification keys.
    for (ours, theirs) in zip(cairn.codexEvents.prefix(3), codex.codexEvents.prefix(3)) {
      #expect(
        (ours.params["_meta"] as? [String: Any])?.keys.sorted()
          == (theirs.params["_meta"] as? [String: Any])?.keys.sorted())
      #expect(ours.params.keys.sorted() == theirs.params.keys.sorted())
    }
  }
}
