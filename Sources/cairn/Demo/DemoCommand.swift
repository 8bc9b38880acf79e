import ArgumentParser
import CairnServer
import Foundation

/// `cairn demo`: a complete agent session offline — no network, no API key (docs/DEMO.md).
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Run a complete offline agent session: tools, an approval, resume, replay.",
    discussion: """
      Starts a scripted Responses API server on 127.0.0.1 and runs three turns against it \
      in a temporary workspace: a real command, a risky command that the approval policy \
      stops (the demo approves it as you would), and, after resuming the session, an \
      answer. Then replays the session's log and prints the timings. Needs no network and \
      no API key, and removes its temporary directories when done.
      """
  )

  @Flag(help: "Keep the temporary directory (its path is printed) instead of removing it.")
  var keep = false

  func run() async throws {
    let root: String
    do {
      root = try EphemeralDirectory.make()
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    defer {
      if keep {
        print("kept \(root)")
      } else {
        EphemeralDirectory.remove(root)
      }
    }
    let server: ResponsesServer
    do {
      server = try await ResponsesServer.start(
        script: DemoScript.script, port: 0, requestLogPath: nil,
        diagnostics: { StandardError.write($0) })
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
    let baseURL = server.baseURL
    let result: Result<Void, Error> = await onThread {
      Result { try DemoSession(root: root, baseURL: baseURL).run() }
    }
    try await server.shutdown()
    if case .failure(let error) = result {
      StandardError.write("cairn demo: \(error)\n")
      throw ExitCode(1)
    }
  }
}

/// Runs `body` on a thread of its own (the turn runtime blocks) and returns its result.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    Thread { continuation.resume(returning: body()) }.start()
  }
}
