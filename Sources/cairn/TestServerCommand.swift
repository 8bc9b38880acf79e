import ArgumentParser
import CairnCore
import CairnServer
import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn test-server …`: loopback servers that tests run as separate processes (hidden:
/// this is test wiring, not a user command, and Codex has no such command).
struct TestServerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test-server",
    abstract: "Run a loopback test server (for Cairn's own tests).",
    shouldDisplay: false,
    subcommands: [TestServerResponsesCommand.self]
  )
}

/// `cairn test-server responses`: the scripted Responses API server.
struct TestServerResponsesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "responses",
    abstract: "Serve a scripted Responses API (POST /v1/responses) on 127.0.0.1.",
    discussion: """
      Answers each POST /v1/responses with the server-sent events of the first script entry \
      that matches it (docs/RESPONSES_SERVER.md describes the script). Prints one line, \
      "listening on http://127.0.0.1:PORT/v1" (or a JSON object with --json), once it \
      accepts connections, then serves until SIGTERM, SIGINT or the end of standard input.
      """
  )

  @Option(help: "The script file (JSON).")
  var script: String

  @Option(help: "The port on 127.0.0.1 (0: let the system choose).")
  var port: Int = 0

  @Option(help: "Write the chosen port to this file (atomically) once listening.")
  var portFile: String?

  @Option(help: "Record every request to this file, one JSON line each (created 0600).")
  var requestsLog: String?

  @Flag(help: "Keep serving when standard input ends (stop with SIGTERM only).")
  var ignoreStdin = false

  @Flag(help: "Print the listening line as a JSON object.")
  var json = false

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
  }

  func run() async throws {
    let loaded: ResponsesScript
    do {
      loaded = try ResponsesScript.load(path: script)
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(2)
    }
    let server: ResponsesServer
    do {
      server = try await ResponsesServer.start(
        script: loaded, port: port, requestLogPath: requestsLog,
        diagnostics: { StandardError.write($0) })
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    if let portFile {
      do {
        try writeAtomically(Array("\(server.port)\n".utf8), to: portFile)
      } catch {
        StandardError.write("cairn: \(error)\n")
        try? await server.shutdown()
        throw ExitCode(1)
      }
    }
    let line =
      json
      ? JSONValue.object([("url", .string(server.baseURL)), ("port", .int(Int64(server.port)))])
        .text
      : "listening on \(server.baseURL)"
    // Before the line: whoever reads it may signal at once.
    installStopSignalHandlers()
    writeAllToStandardOutput(Array((line + "\n").utf8))

    let reason = await waitForStop(watchStdin: !ignoreStdin)
    let count = server.requests.count
    try await server.shutdown()
    StandardError.write("cairn test-server: stopped (\(reason)) after \(count) requests\n")
  }
}

/// The self-pipe that the stop-signal handler writes the signal number to: a signal handler
/// may only make async-signal-safe calls, such as `write`.
private let stopSignalPipe: (read: Int32, write: Int32) = {
  var descriptors: [Int32] = [-1, -1]
  guard pipe(&descriptors) == 0 else { preconditionFailure("pipe() failed: errno \(errno)") }
  return (descriptors[0], descriptors[1])
}()

/// Routes SIGTERM and SIGINT to `stopSignalPipe`, for `waitForStop`.
func installStopSignalHandlers() {
  _ = stopSignalPipe
  for number in [SIGTERM, SIGINT] {
    signal(number) { received in
      var byte = UInt8(truncatingIfNeeded: received)
      _ = write(stopSignalPipe.write, &byte, 1)
    }
  }
}

/// Waits until SIGTERM or SIGINT arrives (after `installStopSignalHandlers`), or (when
/// `watchStdin`) standard input ends, and says which.
func waitForStop(watchStdin: Bool) async -> String {
  let (stops, continuation) = AsyncStream<String>.makeStream()
  // Blocking reads belong on threads of their own, not on the cooperative pool.
  DispatchQueue.global().async {
    var byte: UInt8 = 0
    while read(stopSignalPipe.read, &byte, 1) < 0 && errno == EINTR {}
    continuation.yield(Int32(byte) == SIGINT ? "SIGINT" : "SIGTERM")
  }
  if watchStdin {
    DispatchQueue.global().async {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
        if count > 0 || (count < 0 && errno == EINTR) { continue }
        continuation.yield("end of standard input")
        return
      }
    }
  }
  for await reason in stops {
    return reason
  }
  return "stopped"
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so a reader
/// polling `path` sees either nothing or the whole content.
private func writeAtomically(_ bytes: [UInt8], to path: String) throws {
  let temporary = "\(path).tmp-\(getpid())"
  let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  guard descriptor >= 0 else {
    throw ValidationError("cannot create \(temporary): errno \(errno)")
  }
  let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
  close(descriptor)
  guard written == bytes.count, rename(temporary, path) == 0 else {
    unlink(temporary)
    throw ValidationError("cannot write the port file \(path): errno \(errno)")
  }
}

func writeAllToStandardOutput(_ bytes: [UInt8]) {
  bytes.withUnsafeBytes { buffer in
    var done = 0
    while done < buffer.count {
      let result = write(1, buffer.baseAddress! + done, buffer.count - done)
      if result > 0 {
        done += result
      } else if result < 0 && errno == EINTR {
        continue
      } else {
        return
      }
    }
  }
}
