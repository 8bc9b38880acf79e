import CairnTestSupport
import Foundation

/// A raw NDJSON peer for `cairn app-server` (or `codex app-server`): it writes lines to
/// the server's stdin and parses every line the server writes, keeping them in order.
final class AppServerTestClient: @unchecked Sendable {
  let process: SpawnedProcess
  private var consumed = 0
  private var pending: [UInt8] = []
  /// Every message the server sent, in order.
  private(set) var received: [[String: Any]] = []
  /// Lines that were not JSON objects (there must be none).
  private(set) var unparsed: [String] = []

  init(arguments: [String], environment: [String: String], directory: String) throws {
    process = try SpawnedProcess(
      arguments, environment: environment, directory: directory, stdin: .pipe)
  }

  init(process: SpawnedProcess) { self.process = process }

  func sendLine(_ line: String) {
    process.writeStdin(Array((line + "\n").utf8))
  }

  func send(_ message: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
    sendLine(String(decoding: data, as: UTF8.self))
  }

  /// Parses what arrived since the last call.
  private func drain() {
    let bytes = process.stdout
    guard bytes.count > consumed else { return }
    pending += bytes[consumed...]
    consumed = bytes.count
    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
      let line = Array(pending[..<newline])
      pending.removeSubrange(...newline)
      if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
        received.append(object)
      } else {
        unparsed.append(String(decoding: line, as: UTF8.self))
      }
    }
  }

  /// Waits until a message after index `from` satisfies `predicate`; returns its index.
  func waitFor(
    from: Int = 0, seconds: Double = 60, _ what: String, _ predicate: ([String: Any]) -> Bool
  ) throws -> Int {
    let deadline = Date(timeIntervalSinceNow: seconds)
    while true {
      drain()
      if from < received.count,
        let index = received[from...].firstIndex(where: predicate)
      {
        return index
      }
      let left = deadline.timeIntervalSinceNow
      let seen = consumed
      guard left > 0, process.waitForStdout(withinSeconds: left, until: { $0.count > seen }) else {
        drain()
        throw HarnessFailure(
          "no \(what) within \(seconds) s; got \(received.count) messages; stderr: "
            + process.stderr.suffix(2000))
      }
    }
  }

  /// The response to request `id` (a result or an error).
  func response(_ id: Any) throws -> [String: Any] {
    let index = try waitFor("response to \(id)") { message in
      message["method"] == nil && Self.sameID(message["id"], id)
        && (message["result"] != nil || message["error"] != nil)
    }
    return received[index]
  }

  /// Sends a request and waits for its response.
  func request(_ id: Any, _ method: String, _ params: [String: Any]? = [:]) throws -> [String: Any]
  {
    var message: [String: Any] = ["id": id, "method": method]
    if let params { message["params"] = params }
    send(message)
    return try response(id)
  }

  func result(_ id: Any, _ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
    let answer = try request(id, method, params)
    guard let result = answer["result"] as? [String: Any] else {
      throw HarnessFailure("\(method) failed: \(answer)")
    }
    return result
  }

  /// The index of the first notification `method` after index `from`.
  func notification(_ method: String, from: Int = 0, seconds: Double = 60) throws -> Int {
    try waitFor(from: from, seconds: seconds, "notification \(method)") {
      $0["method"] as? String == method && $0["id"] == nil
    }
  }

  /// Initializes the connection as a client named `probe`.
  func initialize() throws {
    _ = try result(
      "init", "initialize", ["clientInfo": ["name": "probe", "version": "0.1"]])
    send(["method": "initialized"])
  }

  /// Closes stdin and waits for the server's exit status.
  func finish() throws -> Int32 {
    process.closeStdin()
    return try process.waitForExit(withinSeconds: 60, what: "app-server")
  }

  static func sameID(_ lhs: Any?, _ rhs: Any) -> Bool {
    if let a = lhs as? String, let b = rhs as? String { return a == b }
    if let a = lhs as? Int, let b = rhs as? Int { return a == b }
    return false
  }

  /// Methods of the notifications between two indexes, in order.
  func methods(from: Int, through: Int) -> [String] {
    received[from...through].compactMap { $0["id"] == nil ? $0["method"] as? String : nil }
  }
}
