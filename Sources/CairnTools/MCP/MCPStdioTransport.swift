import CairnCore

/// MCP over a child process's stdin and stdout: one JSON-RPC message per line each way.
/// The child runs in its own process group through the tools' process layer
/// (`LiveProcess`, no terminal); what it writes on stderr is kept in a bounded tail for
/// the error reports. docs/MCP.md, "MCP servers as tools".
final class MCPStdioTransport: MCPTransport, @unchecked Sendable {
  /// The variables a server inherits from Cairn's environment without being named, as
  /// Codex passes them: enough to find programs and a home, nothing secret.
  static let inheritedVariables = [
    "HOME", "LOGNAME", "PATH", "SHELL", "USER", "LANG", "LC_ALL", "TERM", "TMPDIR", "TZ",
  ]
  /// The longest line accepted from the server; a longer one ends the connection.
  static let lineBytesMax = 64 << 20
  /// How much of the server's stderr is kept for reports (the tail).
  static let stderrBytesMax = 4096
  /// Output the process layer may hold between two reads.
  static let bufferedBytesMax = 80 << 20

  private let process: LiveProcess
  private let lock = ConditionLock()
  /// Stdout bytes read but not yet split into lines.
  private var pending: [UInt8] = []
  private var stderrTail: [UInt8] = []
  private var termination: ProcessTermination?
  private var ended = false

  /// Starts `command` with `arguments`: the inherited variables, then those named in
  /// `passthrough` (when set), then `environment`, in `workingDirectory`.
  init(
    command: String, arguments: [String], environment: [String: String], passthrough: [String],
    workingDirectory: String, parentEnvironment: [String: String]
  ) throws(MCPClientError) {
    var childEnvironment: [String: String] = [:]
    for name in Self.inheritedVariables + passthrough {
      if let value = parentEnvironment[name] { childEnvironment[name] = value }
    }
    childEnvironment.merge(environment) { _, configured in configured }
    do {
      process = try LiveProcess.spawn(
        LiveProcessSpec(
          arguments: [command] + arguments, workingDirectory: workingDirectory,
          environment: childEnvironment, tty: false),
        bufferedBytesMax: Self.bufferedBytesMax)
    } catch {
      throw .spawnFailed("cannot start `\(command)`: \(error)")
    }
  }

  deinit { process.terminate(graceMilliseconds: 0) }

  var isGone: Bool { lock.withLock { ended } }

  /// The pid of the server, which leads its process group.
  var processID: Int32 { process.processID }

  func request(id: Int64, method: String, message: [UInt8], deadlineNanoseconds: UInt64)
    throws(MCPClientError) -> Result<[UInt8], MCPMessage.RPCError>
  {
    try send(message)
    while true {
      guard let line = try nextLine(deadlineNanoseconds: deadlineNanoseconds, method: method)
      else { continue }
      let parsed: MCPMessage
      do {
        parsed = try MCPMessage.parse(line[...])
      } catch {
        // Servers sometimes print stray text on stdout; a line that is not a message is
        // skipped, as Codex's client does.
        continue
      }
      switch parsed {
      case .response(let answered, let result) where answered == id:
        return result
      case .response:
        continue
      case .request(let requestID, let requested):
        try send(Self.answer(to: requestID, method: requested))
      case .notification:
        continue
      }
    }
  }

  func probeEnded() -> MCPClientError? {
    if lock.withLock({ ended }) { return gone() }
    guard process.hasExited else { return nil }
    // The process is gone: read what it left (its stderr tail) and its status.
    let drain = process.waitAndDrain(milliseconds: 1000)
    for chunk in drain.chunks where chunk.stream == .stderr { keepStderr(chunk.bytes) }
    lock.withLock {
      termination = drain.termination
      ended = true
    }
    return gone()
  }

  func notify(_ message: [UInt8], deadlineNanoseconds: UInt64) throws(MCPClientError) {
    try send(message)
  }

  func close() {
    lock.withLock { ended = true }
    process.closeInput()
    process.terminate(graceMilliseconds: 500)
  }

  /// The answer to a request of the server's: `ping` gets an empty result; anything else
  /// (sampling, roots, elicitation) is not offered by this client.
  static func answer(to id: [UInt8], method: String) -> [UInt8] {
    let head = Array(#"{"jsonrpc":"2.0","id":"#.utf8) + id
    if method == "ping" { return head + Array(#","result":{}}"#.utf8) }
    return head
      + Array(
        #","error":{"code":-32601,"message":"Method not found: \#(method.filter { $0 != "\"" && $0 != "\\" })"}}"#
          .utf8)
  }

  private func send(_ message: [UInt8]) throws(MCPClientError) {
    do {
      try process.write(message + [0x0A])
    } catch {
      throw gone()
    }
  }

  /// The next complete line of stdout, or nil after reading more (the caller loops).
  private func nextLine(deadlineNanoseconds: UInt64, method: String) throws(MCPClientError)
    -> [UInt8]?
  {
    if let newline = pending.firstIndex(of: 0x0A) {
      let line = Array(pending[..<newline])
      pending.removeFirst(newline + 1)
      return line
    }
    if let termination = lock.withLock({ termination }) {
      _ = termination
      throw gone()
    }
    let now = monotonicClockNanoseconds()
    guard now < deadlineNanoseconds else {
      throw .timedOut(
        method: method, milliseconds: Int((deadlineNanoseconds &- now) / 1_000_000))
    }
    let waitMilliseconds = Int((deadlineNanoseconds - now + 999_999) / 1_000_000)
    let drain = process.waitAndDrain(milliseconds: waitMilliseconds, returningOnOutput: true)
    if drain.omittedByStream.contains(where: { $0.stream == .stdout }) {
      close()
      throw .malformed("a line longer than \(Self.bufferedBytesMax) bytes")
    }
    for chunk in drain.chunks {
      switch chunk.stream {
      case .stdout, .pty: pending += chunk.bytes
      case .stderr: keepStderr(chunk.bytes)
      }
    }
    if pending.count > Self.lineBytesMax, !pending.contains(0x0A) {
      close()
      throw .malformed("a line longer than \(Self.lineBytesMax) bytes")
    }
    if let ended = drain.termination, !pending.contains(0x0A) {
      lock.withLock {
        termination = ended
        self.ended = true
      }
      throw gone()
    }
    return nil
  }

  private func keepStderr(_ bytes: [UInt8]) {
    stderrTail += bytes
    if stderrTail.count > Self.stderrBytesMax {
      stderrTail.removeFirst(stderrTail.count - Self.stderrBytesMax)
    }
  }

  private func gone() -> MCPClientError {
    let ended = lock.withLock { termination }
    return .exited(ended, stderr: String(decoding: stderrTail, as: UTF8.self))
  }
}
