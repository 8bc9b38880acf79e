import CairnCore
import CairnTools
import Foundation

/// `command/exec` with `tty` or `streamStdin`: the command runs as a `LiveProcess` (in a
/// pseudo-terminal for `tty`) that `command/exec/write` feeds and `command/exec/resize`
/// resizes. A tty's output is always streamed (`tty` implies `streamStdoutStderr`), as
/// `stdout` chunks; the answer comes when the process exits, after its last chunk.
enum AppServerLiveCommands {
  /// A running live command: its process and what it allows.
  final class Entry: Sendable {
    let process: LiveProcess
    let tty: Bool
    let cancellation: ProcessCancellation

    init(process: LiveProcess, tty: Bool, cancellation: ProcessCancellation) {
      self.process = process
      self.tty = tty
      self.cancellation = cancellation
    }
  }

  /// How often the output thread looks at cancellation and the deadline while the
  /// process is silent.
  static let pollMilliseconds = 100

  private static let lock = NSLock()
  nonisolated(unsafe) private static var entries: [String: Entry] = [:]

  private static func key(_ connection: Int, _ processID: String) -> String {
    "\(connection)\u{0}\(processID)"
  }

  static func entry(connection: Int, processID: String) -> Entry? {
    lock.withLock { entries[key(connection, processID)] }
  }

  /// The connection closed: its live commands are ended (Codex terminates them too).
  static func connectionClosed(_ connection: Int) {
    let prefix = "\(connection)\u{0}"
    let closing = lock.withLock {
      let matching = entries.filter { $0.key.hasPrefix(prefix) }
      for key in matching.keys { entries[key] = nil }
      return Array(matching.values)
    }
    for entry in closing { entry.cancellation.cancel() }
  }

  /// Starts the command and answers later from its output thread.
  static func start(
    _ request: AppServerRequest, arguments: [String], cwd: String, environment: [String: String],
    policy: SandboxPolicy, tty: Bool, stream: Bool, size: TerminalSize?, timeoutMs: Int64?,
    processID: String
  ) throws(AppServerError) -> AppServerReply {
    var spec = PlainProcessSpec(
      arguments: arguments, workingDirectory: cwd, environment: environment)
    if policy.mode != .dangerFullAccess {
      let bwrap: String
      do {
        bwrap = try BubblewrapSandbox.locate(searchPath: environment["PATH"])
      } catch {
        throw .internal("failed to spawn command: \(error)")
      }
      spec = BubblewrapSandbox.wrap(spec, policy: policy, bwrapPath: bwrap)
    }
    let cancellation = ProcessCancellation()
    let connection = request.connection
    let hub = request.hub
    guard hub.registerCommand(connection: connection.id, processID: processID, cancellation)
    else {
      throw .invalid("a command/exec with process id \(JSONValue.quoted(processID)) is running")
    }
    let process: LiveProcess
    do {
      process = try LiveProcess.spawn(
        LiveProcessSpec(
          arguments: spec.arguments, workingDirectory: cwd, environment: spec.environment,
          tty: tty, size: size ?? .standard))
    } catch {
      hub.unregisterCommand(connection: connection.id, processID: processID)
      throw .internal("failed to spawn command: \(error)")
    }
    let entry = Entry(process: process, tty: tty, cancellation: cancellation)
    lock.withLock { entries[key(connection.id, processID)] = entry }
    let id = request.id
    Thread {
      let result = pump(
        entry, connection: connection, processID: processID, stream: stream || tty,
        timeoutMs: timeoutMs)
      lock.withLock { entries[key(connection.id, processID)] = nil }
      hub.unregisterCommand(connection: connection.id, processID: processID)
      connection.send(.object([("id", id.json), ("result", result)]))
    }.start()
    return AppServerReply(result: nil)
  }

  /// Reads the process's output until it exits: streamed as `command/exec/outputDelta`, or
  /// kept for the answer (up to `outputBytesMax` per stream). Ends it on terminate, on
  /// timeout, or when the connection closes.
  private static func pump(
    _ entry: Entry, connection: AppServerConnection, processID: String, stream: Bool,
    timeoutMs: Int64?
  ) -> JSONValue {
    let started = DispatchTime.now().uptimeNanoseconds
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stopCode: Int32?
    while true {
      let drain = entry.process.waitAndDrain(
        milliseconds: pollMilliseconds, returningOnOutput: true)
      for chunk in drain.chunks {
        let isError = chunk.stream == .stderr
        if stream {
          connection.notify(
            AppServerNotification(
              "command/exec/outputDelta",
              [
                ("processId", .string(processID)),
                ("stream", .string(isError ? "stderr" : "stdout")),
                ("deltaBase64", .string(Base64.encode(chunk.bytes))),
                ("capReached", .bool(false)),
              ]))
        } else if isError {
          stderr += chunk.bytes.prefix(max(0, AppServerCommandExec.outputBytesMax - stderr.count))
        } else {
          stdout += chunk.bytes.prefix(max(0, AppServerCommandExec.outputBytesMax - stdout.count))
        }
      }
      if let termination = drain.termination {
        return .object([
          ("exitCode", .int(Int64(stopCode ?? termination.exitCode))),
          ("stdout", .string(String(decoding: stdout, as: UTF8.self))),
          ("stderr", .string(String(decoding: stderr, as: UTF8.self))),
        ])
      }
      guard stopCode == nil else { continue }
      let elapsed = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
      if entry.cancellation.isCancelled {
        stopCode = 137
      } else if let timeoutMs, elapsed >= UInt64(max(timeoutMs, 0)) {
        stopCode = 124
      }
      if stopCode != nil {
        // Ends the whole group; the loop then drains the last output and the exit.
        let process = entry.process
        Thread { process.terminate(graceMilliseconds: 0) }.start()
      }
    }
  }

  // MARK: command/exec/write and /resize

  static func write(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let processID = try request.params.requiredString("processId")
    let delta = try request.params.string("deltaBase64")
    let close = try request.params.bool("closeStdin") ?? false
    let entry = try live(request, processID: processID) { () throws(AppServerError) in
      throw .invalid("stdin streaming is not enabled for this command/exec")
    }
    guard delta != nil || close else {
      throw .invalidParams("command/exec/write requires deltaBase64 or closeStdin")
    }
    if let delta {
      guard let data = Data(base64Encoded: delta) else {
        throw .invalidParams("invalid deltaBase64: it is not valid base64")
      }
      do {
        try entry.process.write([UInt8](data))
      } catch {
        throw .invalid("failed to write to the command's stdin: \(error)")
      }
    }
    if close { entry.process.closeInput() }
    return AppServerReply(result: .object([]))
  }

  static func resize(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let processID = try request.params.requiredString("processId")
    guard let sizeParams = try request.params.object("size") else {
      throw AppServerParams.missing("size")
    }
    let size = try terminalSize(sizeParams)
    let entry = try live(request, processID: processID) { () throws(AppServerError) in
      throw notATerminal
    }
    guard entry.tty else { throw notATerminal }
    do {
      try entry.process.resize(size)
    } catch {
      throw .invalid("failed to resize PTY: \(error)")
    }
    return AppServerReply(result: .object([]))
  }

  static let notATerminal = AppServerError.invalid(
    "failed to resize PTY: process is not attached to a PTY")

  /// `{rows, cols}`, both at least 1.
  static func terminalSize(_ params: AppServerParams) throws(AppServerError) -> TerminalSize {
    guard let rows = try params.count("rows") else { throw AppServerParams.missing("rows") }
    guard let cols = try params.count("cols") else { throw AppServerParams.missing("cols") }
    guard rows > 0, cols > 0 else {
      throw .invalidParams("command/exec size rows and cols must be greater than 0")
    }
    return TerminalSize(rows: UInt16(min(rows, 65_535)), columns: UInt16(min(cols, 65_535)))
  }

  /// The live command `processID` of this connection; `plain` decides the error for a
  /// buffered one (it takes no input and has no terminal); none at all is Codex's
  /// "no active command/exec".
  private static func live(
    _ request: AppServerRequest, processID: String,
    plain: () throws(AppServerError) -> Void
  ) throws(AppServerError) -> Entry {
    if let entry = entry(connection: request.connection.id, processID: processID) {
      return entry
    }
    if request.hub.command(connection: request.connection.id, processID: processID) != nil {
      try plain()
    }
    throw .invalid("no active command/exec for process id \(JSONValue.quoted(processID))")
  }
}
