import ArgumentParser
import CairnCore
import CairnServer
import CairnStore

/// `cairn replay …`: a recorded session played back (Cairn's own command; Codex has none).
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Play a recorded session back.",
    subcommands: [ReplayServeCommand.self, ReplayTUICommand.self]
  )
}

/// `cairn replay serve ID`: the session's model outputs served back over the Responses API.
struct ReplayServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve a recorded session's model responses back over the Responses API.",
    discussion: """
      Answers the Nth POST /v1/responses on 127.0.0.1 with the Nth model response the \
      session recorded (its messages, reasoning, tool calls and usage), so running the same \
      prompt against it re-executes the session (docs/REPLAY.md). Prints one line, \
      "listening on http://127.0.0.1:PORT/v1 (N responses)" (or a JSON object with --json), \
      then serves until SIGTERM, SIGINT or the end of standard input.
      """
  )

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id (or a unique prefix or name).")
  var id: String

  @Option(help: "The port on 127.0.0.1 (0: let the system choose).")
  var port: Int = 0

  @Flag(help: "Keep serving when standard input ends (stop with SIGTERM only).")
  var ignoreStdin = false

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
  }

  func run() async throws {
    var script = ResponsesScript(responses: [])
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      script = try Self.recordedScript(directory: home.sessionDirectory(sessionID))
    }
    let server: ResponsesServer
    do {
      server = try await ResponsesServer.start(
        script: script, port: port, requestLogPath: nil, diagnostics: { StandardError.write($0) })
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    let count = script.responses.count
    let line =
      options.json
      ? JSONValue.object([
        ("url", .string(server.baseURL)), ("port", .int(Int64(server.port))),
        ("responses", .int(Int64(count))),
      ]).text
      : "listening on \(server.baseURL) (\(count) recorded responses)"
    installStopSignalHandlers()
    writeAllToStandardOutput(Array((line + "\n").utf8))
    let reason = await waitForStop(watchStdin: !ignoreStdin)
    let served = server.requests.count
    try await server.shutdown()
    StandardError.write("cairn replay serve: stopped (\(reason)) after \(served) requests\n")
  }

  /// Every recorded model response of the session in `directory`, in order.
  static func recordedScript(directory: String) throws -> ResponsesScript {
    let reader = try LogReader(directory: directory)
    var recorded = RecordedResponses()
    try reader.scan { record in
      recorded.add(try Envelope(record: record).event)
      return true
    }
    return recorded.script()
  }
}
