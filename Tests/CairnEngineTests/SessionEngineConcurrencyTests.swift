import CairnCore
import CairnEngine
import CairnLogFormat
import Foundation
import Testing

/// Two threads sending to one engine, as the terminal UI's loop and a turn's thread do:
/// every command lands whole, the log holds each once in sequence order, and the state
/// the engine folded live is the state a resume folds from the log.
@Suite struct SessionEngineConcurrencyTests {
  @Test func commandsFromTwoThreadsAllLandAndReplayToTheLiveState() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-engine-threads-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let home = CairnHome(root: root)
    let engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: SessionID("threads"), cwd: "/work", model: "gpt-5.5", provider: "openai",
        approvalPolicy: .onRequest, sandboxMode: .readOnly),
      clock: { 1_767_225_600_000_000_000 })
    let perThread = 400
    let done = DispatchGroup()
    let failures = FailureBox()
    let turnThread = Thread {
      for index in 0..<perThread {
        do {
          try engine.send(
            .resizeTerminal(ResizeTerminal(rows: 24, columns: UInt16(80 + index % 50))))
        } catch { failures.add("\(error)") }
      }
      done.leave()
    }
    let loopThread = Thread {
      for index in 0..<perThread {
        let text = String(repeating: "x", count: index % 30)
        do {
          try engine.send(.editComposer(EditComposer(text: text, cursor: UInt32(text.utf8.count))))
        } catch { failures.add("\(error)") }
      }
      done.leave()
    }
    done.enter()
    done.enter()
    turnThread.start()
    loopThread.start()
    done.wait()
    #expect(failures.all.isEmpty, "\(failures.all)")
    let live = engine.state
    #expect(live.lastSeq == Seq(UInt64(1 + 2 * perThread)))
    try engine.close()
    let (resumed, _) = try SessionResume.load(
      sessionID: SessionID("threads"), directory: home.sessionDirectory(SessionID("threads")))
    #expect(resumed == live)
    #expect(resumed.digest == live.digest)
  }
}

private final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var failures: [String] = []

  func add(_ failure: String) { lock.withLock { failures.append(failure) } }
  var all: [String] { lock.withLock { failures } }
}
