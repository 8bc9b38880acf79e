import CairnTools
import Foundation
import Testing

/// The MCP client over streamable HTTP against the official Python SDK's server on a free
/// loopback port, which requires a bearer token. docs/MCP.md, "Transports".
@Suite(.serialized) struct MCPHTTPTransportTests {
  /// The test server in http mode: started, and its port read from the line it prints
  /// once its socket listens (no sleeps).
  final class HTTPServer: @unchecked Sendable {
    let process: LiveProcess
    let port: Int

    init(token: String) throws {
      // The tools' own process layer, not Foundation's Process (whose wait hangs here).
      process = try LiveProcess.spawn(
        LiveProcessSpec(
          arguments: [try MCPTestServer.python(), MCPTestServer.script, "http", token],
          workingDirectory: NSTemporaryDirectory(), environment: MCPTestServer.environment,
          tty: false))
      var line: [UInt8] = []
      // Bounded: 60 s for python to import the SDK and listen.
      for _ in 0..<600 where !line.contains(0x0A) {
        let drain = process.waitAndDrain(milliseconds: 100, returningOnOutput: true)
        line += drain.chunks.filter { $0.stream == .stdout }.flatMap(\.bytes)
        if drain.termination != nil, !line.contains(0x0A) {
          throw MCPTestSetupError("the HTTP test server ended before it listened")
        }
      }
      let text = String(decoding: line.prefix { $0 != 0x0A }, as: UTF8.self)
      guard text.hasPrefix("listening on "), let port = Int(text.dropFirst(13)) else {
        throw MCPTestSetupError("the HTTP test server said \(text)")
      }
      self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/mcp" }

    func stop() {
      process.terminate(graceMilliseconds: 1000)
    }
  }

  static func spec(url: String, tokenVariable: String?) -> MCPServerSpec {
    MCPServerSpec(
      name: "web",
      transport: .streamableHTTP(
        url: url, headers: ["X-Test": "yes"], headersFromEnvironment: [:],
        bearerTokenEnvironmentVariable: tokenVariable),
      startupTimeoutMilliseconds: 20_000, toolTimeoutMilliseconds: 20_000)
  }

  static func start(_ spec: MCPServerSpec, environment: [String: String]) -> MCPToolHost {
    MCPToolHost.start(
      [spec], workingDirectory: NSTemporaryDirectory(), environment: environment,
      clientVersion: "0.0.0-test")
  }

  @Test func toolsAreListedAndCalledWithTheBearerToken() throws {
    let server = try HTTPServer(token: "tok-123")
    defer { server.stop() }
    let host = Self.start(
      Self.spec(url: server.url, tokenVariable: "WEB_TOKEN"), environment: ["WEB_TOKEN": "tok-123"])
    defer { host.shutdown() }
    #expect(host.failures == [])
    #expect(host.entries.map(\.qualifiedName).contains("mcp__web__add"))
    let add = try #require(host.entry(named: "mcp__web__add"))
    #expect(host.call(add, arguments: #"{"a":20,"b":22}"#).functionCallOutput == #"{"result":42}"#)
    // A second call in the same MCP session (the Mcp-Session-Id round trip).
    let echo = try #require(host.entry(named: "mcp__web__echo"))
    #expect(
      host.call(echo, arguments: #"{"text":"over http"}"#).functionCallOutput
        == #"{"result":"over http"}"#)
    let fail = try #require(host.entry(named: "mcp__web__fail"))
    let failed = host.call(fail, arguments: #"{"message":"http says no"}"#)
    #expect(!failed.success)
    #expect(failed.functionCallOutput.contains("http says no"))
  }

  @Test func aWrongTokenFailsTheStartWithTheStatus() throws {
    let server = try HTTPServer(token: "right")
    defer { server.stop() }
    let host = Self.start(
      Self.spec(url: server.url, tokenVariable: "WEB_TOKEN"),
      environment: ["WEB_TOKEN": "tok-not-the-right-one"])
    #expect(host.entries == [])
    let message = try #require(host.failures.first?.message)
    #expect(message.hasPrefix("MCP client for `web` failed to start: "))
    #expect(message.contains("HTTP 401"))
    #expect(!message.contains("tok-not-the-right-one"), "the token never appears in a report")
  }

  @Test func anUnsetTokenVariableFailsTheStartAsCodexSays() {
    let host = Self.start(
      Self.spec(url: "http://127.0.0.1:9/mcp", tokenVariable: "CAIRN_NO_SUCH_TOKEN"),
      environment: [:])
    #expect(
      host.failures.map(\.message) == [
        "MCP client for `web` failed to start: Environment variable CAIRN_NO_SUCH_TOKEN for MCP server 'web' is not set"
      ])
  }

  @Test func aServerThatIsNotThereFailsTheStart() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let host = Self.start(
      Self.spec(url: "http://127.0.0.1:9/mcp", tokenVariable: nil), environment: [:])
    #expect(host.entries == [])
    #expect(
      host.failures.first?.message.hasPrefix("MCP client for `web` failed to start: ") == true)
  }
}
