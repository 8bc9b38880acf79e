import CairnTestSupport
import Foundation

/// A raw MCP client over a server's stdin/stdout: writes JSON-RPC lines and reads every
/// line the server writes, in order, so a test sees what SDKs hide (`codex/event`
/// notifications, their `_meta`, elicitation params).
final class MCPPeer: @unchecked Sendable {
  let process: SpawnedProcess
  /// How many stdout lines the test has consumed.
  private var consumed = 0

  init(_ arguments: [String], environment: [String: String], directory: String) throws {
    process = try SpawnedProcess(
      arguments, environment: environment, directory: directory, stdin: .pipe)
  }

  /// A peer of a process already started with a stdin pipe.
  init(process: SpawnedProcess) {
    self.process = process
  }

  /// Sends one JSON object as a line.
  func send(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    process.writeStdin(Array(data) + [0x0A])
  }

  /// Sends raw bytes (malformed lines).
  func sendRaw(_ text: String) {
    process.writeStdin(Array(text.utf8))
  }

  func request(_ id: Int, _ method: String, _ params: [String: Any] = [:]) {
    send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
  }

  func toolsCall(_ id: Int, _ name: String, _ arguments: [String: Any]) {
    request(id, "tools/call", ["name": name, "arguments": arguments])
  }

  /// Every stdout line so far, parsed (a line that is not JSON becomes `["unparsed": text]`).
  var lines: [[String: Any]] {
    Self.split(process.stdout).map { line in
      (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
        ?? ["unparsed": String(decoding: line, as: UTF8.self)]
    }
  }

  /// The messages after the consumed ones up to and including the first that matches
  /// `done`, waiting up to `seconds` for it; marks them consumed. Throws with the
  /// transcript when it does not come.
  func until(
    _ what: String, seconds: Double = 30, _ done: ([String: Any]) -> Bool
  ) throws -> [[String: Any]] {
    let start = consumed
    var found: Int?
    _ = process.waitForStdout(withinSeconds: seconds) { bytes in
      let lines = Self.split(bytes)
      guard lines.count > start else { return false }
      for index in start..<lines.count {
        if let object = (try? JSONSerialization.jsonObject(with: Data(lines[index])))
          as? [String: Any], done(object)
        {
          found = index
          return true
        }
      }
      return false
    }
    guard let found else {
      throw HarnessFailure(
        "no \(what) within \(seconds) s; stdout:\n"
          + String(decoding: process.stdout.suffix(6000), as: UTF8.self) + "\nstderr:\n"
          + String(process.stderr.suffix(3000)))
    }
    consumed = found + 1
    return Array(lines[start...found])
  }

  /// The response to request `id` (and what came before it).
  func response(_ id: Int, seconds: Double = 30) throws -> (
    before: [[String: Any]], response: [String: Any]
  ) {
    let messages = try until("response to \(id)", seconds: seconds) {
      ($0["id"] as? Int) == id && $0["method"] == nil
    }
    return (Array(messages.dropLast()), messages.last!)
  }

  /// Closes stdin and waits for the exit status.
  func finish(seconds: Double = 30, what: String = "cairn mcp-server") throws -> Int32 {
    process.closeStdin()
    return try process.waitForExit(withinSeconds: seconds, what: what)
  }

  private static func split(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      lines.append(Array(bytes[start..<index]))
      start = index + 1
    }
    return lines
  }
}

extension Dictionary where Key == String, Value == Any {
  /// `codex/event`'s `msg.type`, nil for other messages.
  var eventType: String? {
    guard self["method"] as? String == "codex/event" else { return nil }
    return ((self["params"] as? [String: Any])?["msg"] as? [String: Any])?["type"] as? String
  }

  var params: [String: Any] { self["params"] as? [String: Any] ?? [:] }
  var result: [String: Any] { self["result"] as? [String: Any] ?? [:] }
  var msg: [String: Any] { params["msg"] as? [String: Any] ?? [:] }
}
