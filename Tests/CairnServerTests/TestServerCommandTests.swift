import CairnServer
import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn test-server responses` as a process: its readiness line, port file, request log,
/// and how it stops.
@Suite(.serialized) struct TestServerCommandTests {
  static let script =
    #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}"#

  static func start(_ arguments: [String], in directory: String) throws -> SpawnedProcess {
    let cairn = try CairnExecutable.require()
    let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    return try SpawnedProcess(
      [cairn, "test-server", "responses"] + arguments, environment: environment,
      directory: directory, stdin: .pipe)
  }

  @Test func printsItsAddressWritesThePortFileServesAndStopsAtEndOfInput() async throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Data(Self.script.utf8).write(to: URL(fileURLWithPath: directory + "/script.json"))
    let server = try Self.start(
      [
        "--script", "script.json", "--port-file", "port", "--requests-log", "requests.jsonl",
      ], in: directory)
    let line = try #require(server.firstLine(withinSeconds: 30), "stderr: \(server.stderr)")
    let portText = try String(contentsOfFile: directory + "/port", encoding: .utf8)
    let port = try #require(Int(portText.trimmingCharacters(in: .newlines)))
    #expect(line == "listening on http://127.0.0.1:\(port)/v1")

    let reply = try await offPool {
      try LoopbackHTTPClient.send(
        "POST", "http://127.0.0.1:\(port)/v1/responses", body: Array(#"{"input":[]}"#.utf8))
    }
    #expect(reply.status == 200)
    server.closeStdin()
    let code = try server.waitForExit(withinSeconds: 30, what: "cairn test-server")
    #expect(code == 0)
    #expect(
      server.stderr == "cairn test-server: stopped (end of standard input) after 1 requests\n")
    let logged = try RequestLogReader.read(path: directory + "/requests.jsonl")
    #expect(logged.map(\.path) == ["/v1/responses"])
  }

  @Test func stopsOnSIGTERMAndPrintsJSONWhenAsked() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Data(Self.script.utf8).write(to: URL(fileURLWithPath: directory + "/script.json"))
    let server = try Self.start(
      ["--script", "script.json", "--json", "--ignore-stdin"], in: directory)
    let line = try #require(server.firstLine(withinSeconds: 30), "stderr: \(server.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    let port = try #require(object?["port"] as? Int)
    #expect(object?["url"] as? String == "http://127.0.0.1:\(port)/v1")
    server.closeStdin()
    kill(server.pid, SIGTERM)
    let code = try server.waitForExit(withinSeconds: 30, what: "cairn test-server")
    #expect(code == 0)
    #expect(server.stderr == "cairn test-server: stopped (SIGTERM) after 0 requests\n")
  }

  @Test func aBadScriptIsAnErrorNamingFileLineAndColumn() throws {
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Data("{\"responses\": [\n  {\"output\": 1}\n]}".utf8).write(
      to: URL(fileURLWithPath: directory + "/bad.json"))
    let server = try Self.start(["--script", "bad.json"], in: directory)
    let code = try server.waitForExit(withinSeconds: 30, what: "cairn test-server")
    #expect(code == 2)
    #expect(
      server.stderr
        == "cairn: bad.json:2:14: responses[0].output: expected an array, found a number\n")
    #expect(server.stdout.isEmpty)
  }
}
