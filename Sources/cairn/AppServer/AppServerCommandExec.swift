import CairnCore
import CairnTools
import Foundation

/// `command/exec` and `command/exec/terminate`: a command run outside any thread, under a
/// sandbox policy (bubblewrap, as the agent's commands), answered when it exits. Its output
/// comes back whole in the answer, or as `command/exec/outputDelta` notifications (base64)
/// with `streamStdoutStderr`. With `tty` or `streamStdin` it runs as a live process
/// (AppServerCommandExec+Live.swift) that `command/exec/write` and `/resize` reach.
enum AppServerCommandExec {
  /// Output kept per stream for the answer; the rest is dropped (`capReached`).
  static let outputBytesMax = 1 << 20

  static func exec(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let params = request.params
    guard let command = try params.strings("command") else {
      throw AppServerParams.missing("command")
    }
    guard !command.isEmpty else { throw .invalid("command must not be empty") }
    let tty = try params.bool("tty") ?? false
    let streamStdin = try params.bool("streamStdin") ?? false
    let cwd = try params.string("cwd") ?? FileManager.default.currentDirectoryPath
    let processID = try params.string("processId")
    let stream = try params.bool("streamStdoutStderr") ?? false
    let timeout = try params.integer("timeoutMs")
    if (tty || streamStdin || stream) && processID == nil {
      throw .invalid("command/exec tty or streaming requires a client-supplied processId")
    }
    var size: TerminalSize?
    if let sizeParams = try params.object("size") {
      guard tty else { throw .invalidParams("command/exec size requires tty: true") }
      size = try AppServerLiveCommands.terminalSize(sizeParams)
    }
    var environment = ProcessInfo.processInfo.environment
    if let overrides = try params.object("env"), case .object(let members) = overrides.json {
      for (key, value) in members {
        if case .string(let text) = value {
          environment[key] = text
        } else {
          environment[key] = nil
        }
      }
    }
    let policy = try sandboxPolicy(params, cwd: cwd, environment: environment)
    if tty || streamStdin, let processID {
      return try AppServerLiveCommands.start(
        request, arguments: command, cwd: cwd, environment: environment, policy: policy, tty: tty,
        stream: stream, size: size, timeoutMs: timeout, processID: processID)
    }
    let cancellation = ProcessCancellation()
    let connection = request.connection
    if let processID {
      guard
        request.hub.registerCommand(connection: connection.id, processID: processID, cancellation)
      else {
        throw .invalid("a command/exec with process id \(JSONValue.quoted(processID)) is running")
      }
    }
    let id = request.id
    let hub = request.hub
    let spec = PlainProcessSpec(arguments: command, workingDirectory: cwd, environment: environment)
    let limits = PlainProcessLimits(timeoutMilliseconds: timeout.map { UInt64(max($0, 0)) })
    Thread {
      var stdout: [UInt8] = []
      var stderr: [UInt8] = []
      let started = DispatchTime.now().uptimeNanoseconds
      let result: JSONValue
      do {
        let outcome = try BubblewrapSandbox.run(
          spec, policy: policy, limits: limits, cancellation: cancellation,
          now: { DispatchTime.now().uptimeNanoseconds - started }
        ) { chunk in
          let isError = chunk.stream == .stderr
          if stream, let processID {
            connection.notify(
              AppServerNotification(
                "command/exec/outputDelta",
                [
                  ("processId", .string(processID)),
                  ("stream", .string(isError ? "stderr" : "stdout")),
                  ("deltaBase64", .string(Base64.encode(chunk.bytes))),
                  ("capReached", .bool(false)),
                ]))
            return
          }
          if isError {
            stderr += chunk.bytes.prefix(max(0, outputBytesMax - stderr.count))
          } else {
            stdout += chunk.bytes.prefix(max(0, outputBytesMax - stdout.count))
          }
        }
        let code: Int32
        switch outcome.stopReason {
        case .timedOut: code = 124
        case .cancelled: code = 137
        case .none: code = outcome.termination.exitCode
        }
        result = .object([
          ("exitCode", .int(Int64(code))),
          ("stdout", .string(String(decoding: stdout, as: UTF8.self))),
          ("stderr", .string(String(decoding: stderr, as: UTF8.self))),
        ])
      } catch {
        if let processID { hub.unregisterCommand(connection: connection.id, processID: processID) }
        connection.send(
          .object([
            ("error", AppServerError.internal("failed to spawn command: \(error)").json),
            ("id", id.json),
          ]))
        return
      }
      if let processID { hub.unregisterCommand(connection: connection.id, processID: processID) }
      connection.send(.object([("id", id.json), ("result", result)]))
    }.start()
    return AppServerReply(result: nil)
  }

  static func terminate(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let processID = try request.params.requiredString("processId")
    guard
      let cancellation = request.hub.command(
        connection: request.connection.id, processID: processID)
    else {
      throw .invalid("no active command/exec for process id \(JSONValue.quoted(processID))")
    }
    cancellation.cancel()
    return AppServerReply(result: .object([]))
  }

  /// Codex's `SandboxPolicy` param: dangerFullAccess, readOnly or workspaceWrite; read-only
  /// when absent.
  static func sandboxPolicy(_ params: AppServerParams, cwd: String, environment: [String: String])
    throws(AppServerError) -> SandboxPolicy
  {
    guard let policy = try params.object("sandboxPolicy") else { return .readOnly }
    switch try policy.requiredString("type") {
    case "dangerFullAccess": return .dangerFullAccess
    case "readOnly": return .readOnly
    case "workspaceWrite":
      return .workspaceWrite(
        workingDirectory: cwd, additionalRoots: try policy.strings("writableRoots") ?? [],
        environment: environment)
    case let other:
      throw .malformed(
        "unknown variant `\(other)`, expected one of `dangerFullAccess`, `readOnly`, "
          + "`externalSandbox`, `workspaceWrite`")
    }
  }
}
