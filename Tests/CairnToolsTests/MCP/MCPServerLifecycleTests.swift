import CairnCore
import CairnTools
import Foundation
import Testing

/// An MCP server's life as status changes: starting, then ready or failed, and exited when
/// its process goes away between calls; later calls to its tools say it is not running.
/// The real peer is the official Python SDK's server. docs/MCP.md, "Server status".
@Suite(.serialized) struct MCPServerLifecycleTests {
  /// Status changes as a listener gets them, with a wait for one that has not come yet.
  final class Changes: @unchecked Sendable {
    private let condition = NSCondition()
    private var all: [MCPServerStatusChanged] = []

    func append(_ change: MCPServerStatusChanged) {
      condition.lock()
      all.append(change)
      condition.broadcast()
      condition.unlock()
    }

    var list: [MCPServerStatusChanged] {
      condition.lock()
      defer { condition.unlock() }
      return all
    }

    /// Waits (at most `seconds`) for a change that `matches`; the changes so far.
    func wait(seconds: Double, for matches: (MCPServerStatusChanged) -> Bool)
      -> [MCPServerStatusChanged]
    {
      let deadline = Date().addingTimeInterval(seconds)
      condition.lock()
      defer { condition.unlock() }
      while !all.contains(where: matches), condition.wait(until: deadline) {}
      return all
    }
  }

  @Test func startingThenReadyOrFailedInTheHistory() throws {
    let ghost = MCPServerSpec(
      name: "ghost",
      transport: .stdio(
        command: "/nonexistent/mcp-server", arguments: [], environment: [:],
        environmentPassthrough: [], workingDirectory: nil))
    let host = MCPToolHostTests.start([try MCPTestServer.stdio(), ghost])
    defer { host.shutdown() }
    let history = host.statusHistory
    #expect(history.prefix(2).map(\.status) == [.starting, .starting])
    #expect(Set(history.prefix(2).map(\.server)) == ["ghost", "test"])
    let latest = host.latestStatuses
    #expect(latest.map(\.server) == ["ghost", "test"])
    #expect(latest.map(\.status) == [.failed, .ready])
    #expect(latest[0].message?.hasPrefix("MCP client for `ghost` failed to start: ") == true)
    #expect(latest[1].toolCount == UInt32(host.entries.count))
    #expect(latest[1].message == nil)
    // A listener added later gets the whole history first.
    let changes = Changes()
    host.observeStatus { changes.append($0) }
    #expect(changes.list == history)
  }

  @Test func backgroundStartReturnsAtOnceAndOffersToolsWhenReady() throws {
    let host = MCPToolHost.startInBackground(
      [try MCPTestServer.stdio()], workingDirectory: NSTemporaryDirectory(),
      environment: MCPTestServer.environment, clientVersion: "0.0.0-test")
    defer { host.shutdown() }
    let changes = Changes()
    host.observeStatus { changes.append($0) }
    #expect(changes.list.first?.status == .starting)
    host.waitUntilStarted()
    #expect(!host.isStarting)
    #expect(host.entries.map(\.qualifiedName).contains("mcp__test__add"))
    let all = changes.wait(seconds: 30) { $0.status == .ready }
    #expect(all.map(\.status) == [.starting, .ready])
  }

  @Test func aServerKilledBetweenCallsIsReportedAndLaterCallsFailClearly() throws {
    let host = MCPToolHostTests.start([try MCPTestServer.stdio()])
    defer { host.shutdown() }
    let changes = Changes()
    host.observeStatus { changes.append($0) }
    let add = try #require(host.entry(named: "mcp__test__add"))
    #expect(host.call(add, arguments: #"{"a":1,"b":2}"#).functionCallOutput == #"{"result":3}"#)
    let pid = try #require(host.client("test")?.processID)
    #expect(kill(pid, SIGKILL) == 0)
    // Found by the exit probe, with no call in flight.
    let all = changes.wait(seconds: 30) { $0.status == .exited }
    let exited = try #require(all.last { $0.status == .exited })
    #expect(exited.server == "test")
    #expect(exited.message?.contains("killed by signal 9") == true, "\(exited)")
    #expect(host.runningServers == [])
    let after = host.callWithOutcome(add, arguments: #"{"a":1,"b":1}"#)
    #expect(!after.result.success)
    #expect(after.failure?.hasPrefix("MCP server `test` is not running: ") == true)
    #expect(
      after.result.functionCallOutput.contains("tool call error: MCP server `test` is not running"))
    // Reported once.
    let exits = changes.list.filter { $0.status == .exited }
    #expect(exits.count == 1)
  }

  @Test func jsonTextBecomesAValueInOrder() {
    let value = MCPJSON.value(#"{"b": [1, -2, 3.5, true, null], "a": {"s": "x\n"}}"#)
    #expect(value?.text == #"{"b":[1,-2,3.5,true,null],"a":{"s":"x\n"}}"#)
    #expect(MCPJSON.value("{nope") == nil)
  }
}
