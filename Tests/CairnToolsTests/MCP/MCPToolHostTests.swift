import CairnTools
import Foundation
import Testing

/// The MCP client against a real server no one here wrote: the official Python SDK's,
/// over stdio. docs/MCP.md, "MCP servers as tools".
@Suite(.serialized) struct MCPToolHostTests {
  static func start(_ specs: [MCPServerSpec]) -> MCPToolHost {
    MCPToolHost.start(
      specs, workingDirectory: NSTemporaryDirectory(), environment: MCPTestServer.environment,
      clientVersion: "0.0.0-test")
  }

  @Test func listsToolsUnderCodexNamesAndCallsThem() throws {
    let host = Self.start([try MCPTestServer.stdio()])
    defer { host.shutdown() }
    #expect(host.failures == [])
    #expect(
      host.entries.map(\.qualifiedName) == [
        "mcp__test__echo", "mcp__test__add", "mcp__test__fail", "mcp__test__sleep",
        "mcp__test__remove", "mcp__test__getenv", "mcp__test__die",
      ])
    let add = try #require(host.entry(named: "mcp__test__add"))
    #expect(add.tool.description == "Adds two integers.")
    #expect(
      add.tool.inputSchema.text
        == #"{"properties":{"a":{"title":"A","type":"integer"},"b":{"title":"B","type":"integer"}},"required":["a","b"],"type":"object","title":"addArguments"}"#
    )
    let result = host.call(add, arguments: #"{"a": 2, "b": 40}"#)
    #expect(result.functionCallOutput == #"{"result":42}"#)
    #expect(result.success)
    #expect(result.content.text == #"[{"text":"42","type":"text"}]"#)
  }

  @Test func aToolErrorIsAnErrorResult() throws {
    let host = Self.start([try MCPTestServer.stdio()])
    defer { host.shutdown() }
    let fail = try #require(host.entry(named: "mcp__test__fail"))
    let result = host.call(fail, arguments: #"{"message":"no such thing"}"#)
    #expect(!result.success)
    #expect(result.functionCallOutput.contains("no such thing"))
  }

  @Test func aCallPastTheToolTimeoutFailsAndTheServerStaysUsable() throws {
    let host = Self.start([try MCPTestServer.stdio(toolTimeoutMilliseconds: 500)])
    defer { host.shutdown() }
    let sleep = try #require(host.entry(named: "mcp__test__sleep"))
    let result = host.call(sleep, arguments: #"{"seconds":30}"#)
    #expect(!result.success)
    #expect(result.functionCallOutput.contains("request timed out"))
    #expect(result.functionCallOutput.contains("0.5 s"))
    let echo = try #require(host.entry(named: "mcp__test__echo"))
    #expect(
      host.call(echo, arguments: #"{"text":"still here"}"#).functionCallOutput
        == #"{"result":"still here"}"#)
  }

  @Test func disabledToolsAreNotOffered() throws {
    let host = Self.start([try MCPTestServer.stdio(disabledTools: ["echo", "die"])])
    defer { host.shutdown() }
    #expect(host.entry(named: "mcp__test__echo") == nil)
    #expect(host.entry(named: "mcp__test__die") == nil)
    #expect(host.entry(named: "mcp__test__add") != nil)
  }

  @Test func aServerThatExitsAtStartIsReportedAndTheOthersRun() throws {
    let host = Self.start([
      try MCPTestServer.stdio("broken", mode: "exit-at-start"), try MCPTestServer.stdio(),
    ])
    defer { host.shutdown() }
    #expect(host.runningServers == ["test"])
    let failure = try #require(host.failures.first)
    #expect(failure.server == "broken")
    #expect(failure.message.hasPrefix("MCP client for `broken` failed to start: "))
    #expect(failure.message.contains("status 3"))
    #expect(failure.message.contains("the test asked for a failure"))
    #expect(host.entries.allSatisfy { $0.server == "test" })
  }

  @Test func aMissingCommandIsReported() {
    let spec = MCPServerSpec(
      name: "ghost",
      transport: .stdio(
        command: "cairn-no-such-mcp-server", arguments: [], environment: [:],
        environmentPassthrough: [], workingDirectory: nil))
    let host = Self.start([spec])
    #expect(host.entries == [])
    #expect(host.failures.map(\.server) == ["ghost"])
    #expect(host.failures.first?.message.contains("command not found") == true)
  }

  @Test func aServerThatDiesMidSessionIsReportedOnce() throws {
    let host = Self.start([try MCPTestServer.stdio()])
    defer { host.shutdown() }
    let reported = ReportedFailures()
    host.onServerFailure = { reported.append($0) }
    let die = try #require(host.entry(named: "mcp__test__die"))
    let first = host.call(die, arguments: "{}")
    #expect(!first.success)
    #expect(first.functionCallOutput.contains("status 7"))
    #expect(first.functionCallOutput.contains("dying on request"))
    let add = try #require(host.entry(named: "mcp__test__add"))
    let after = host.call(add, arguments: #"{"a":1,"b":1}"#)
    #expect(!after.success)
    #expect(reported.all.map(\.server) == ["test"])
    #expect(host.runningServers == [])
  }

  @Test func environmentIsSetAndPassedThroughOnlyWhenNamed() throws {
    setenv("CAIRN_MCP_TEST_PASSED", "from-cairn", 1)
    setenv("CAIRN_MCP_TEST_HIDDEN", "secret", 1)
    defer {
      unsetenv("CAIRN_MCP_TEST_PASSED")
      unsetenv("CAIRN_MCP_TEST_HIDDEN")
    }
    let host = Self.start([
      try MCPTestServer.stdio(
        environment: ["CAIRN_MCP_TEST_SET": "configured"], passthrough: ["CAIRN_MCP_TEST_PASSED"])
    ])
    defer { host.shutdown() }
    let getenv = try #require(host.entry(named: "mcp__test__getenv"))
    func value(_ name: String) -> String {
      host.call(getenv, arguments: #"{"name":"\#(name)"}"#).functionCallOutput
    }
    #expect(value("CAIRN_MCP_TEST_SET") == #"{"result":"configured"}"#)
    #expect(value("CAIRN_MCP_TEST_PASSED") == #"{"result":"from-cairn"}"#)
    #expect(value("CAIRN_MCP_TEST_HIDDEN") == #"{"result":"<unset>"}"#)
  }

  @Test func invalidArgumentsNeverReachTheServer() throws {
    let host = Self.start([try MCPTestServer.stdio()])
    defer { host.shutdown() }
    let add = try #require(host.entry(named: "mcp__test__add"))
    let result = host.call(add, arguments: "{not json")
    #expect(!result.success)
    #expect(result.functionCallOutput.hasPrefix(#"[{"type":"text","text":"err: "#))
  }
}

final class ReportedFailures: @unchecked Sendable {
  private let lock = NSLock()
  private var failures: [MCPServerFailure] = []
  func append(_ failure: MCPServerFailure) { lock.withLock { failures.append(failure) } }
  var all: [MCPServerFailure] { lock.withLock { failures } }
}
