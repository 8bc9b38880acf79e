import CairnCore
import CairnEngine
import CairnLogFormat
import CairnTools
import Foundation
import Testing

/// `ToolExecutor.applyPatch` on a real session and real files: the approval policy by
/// where a patch writes, the events it records, and the texts the model gets.
@Suite struct ApplyPatchExecutorTests {
  final class Bench {
    let root: String
    let work: String
    let engine: SessionEngine
    let executor: ToolExecutor
    let turn = TurnID("t-1")
    /// The approvals asked for, and the answer given.
    var asked: [PendingApproval] = []
    var answer: ApprovalDecision = .approvedOnce

    init(policy: ApprovalPolicy, sandbox: SandboxMode, files: [String: String] = [:]) throws {
      // Not under /tmp: workspace-write may write there, and the tests write beside `work`.
      root = "/var/tmp/cairn-apply-patch-" + UUID().uuidString
      work = root + "/work"
      try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
      for (path, text) in files {
        try Data(text.utf8).write(to: URL(fileURLWithPath: work + "/" + path))
      }
      var now: Int64 = 1_767_225_600_000_000_000
      let clock = {
        now += 1_000
        return now
      }
      engine = try SessionEngine.create(
        home: CairnHome(root: root + "/home"),
        SessionCreated(
          sessionID: SessionID("s-1"), cwd: work, model: "gpt-5.5", provider: "openai",
          approvalPolicy: policy, sandboxMode: sandbox),
        clock: clock)
      let policy: SandboxPolicy =
        switch sandbox {
        case .readOnly: .readOnly
        case .workspaceWrite: .workspaceWrite(workingDirectory: work)
        case .dangerFullAccess: .dangerFullAccess
        }
      executor = ToolExecutor(sandbox: policy, environment: [:], clock: clock)
      try engine.send(.startTurn(StartTurn(turnID: turn, text: "patch it")))
    }

    deinit {
      try? engine.close()
      try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs one apply_patch call; the events it appended.
    func apply(_ patch: String, call: String = "call-1") throws -> (ToolExecutor.Next, [Event]) {
      let first = engine.state.lastSeq
      var events: [Event] = []
      engine.observer = { envelope in
        if envelope.seq > first { events.append(envelope.event) }
      }
      let next = try executor.applyPatch(
        callID: CallID(call), input: patch, turnID: turn, engine: engine
      ) { pending in
        self.asked.append(pending)
        return self.answer
      }
      return (next, events)
    }

    func text(_ path: String) -> String? {
      FileManager.default.contents(atPath: path.hasPrefix("/") ? path : work + "/" + path).map {
        String(decoding: $0, as: UTF8.self)
      }
    }
  }

  static func result(_ events: [Event]) -> ToolResultRecorded? {
    for case .toolResultRecorded(let result) in events { return result }
    return nil
  }

  @Test func aPatchInsideTheWorkspaceRunsWithoutAskingAndRecordsItsLife() throws {
    let bench = try Bench(policy: .onRequest, sandbox: .workspaceWrite, files: ["f.txt": "a\n"])
    let (next, events) = try bench.apply(
      "*** Begin Patch\n*** Update File: f.txt\n@@\n-a\n+b\n*** Add File: g.txt\n+g\n*** End Patch")
    #expect(next == .continue)
    #expect(bench.asked.isEmpty)
    #expect(bench.text("f.txt") == "b\n")
    #expect(
      events.map(\.kind) == [
        .toolCallPlanned, .toolStarted, .fileChanged, .fileChanged, .toolExited,
        .toolResultRecorded,
      ])
    guard case .toolCallPlanned(let plan) = events.first else { return }
    #expect(plan.command == ["apply_patch", bench.work + "/f.txt", bench.work + "/g.txt"])
    #expect(plan.risk == .risky)
    #expect(
      events.contains(.toolStarted(ToolStarted(callID: CallID("call-1"), processID: 0, tty: false)))
    )
    #expect(
      events.contains(
        .fileChanged(
          FileChanged(
            callID: CallID("call-1"), path: bench.work + "/f.txt", kind: .update, movePath: nil,
            before: Array("a\n".utf8), after: Array("b\n".utf8)))))
    let result = try #require(Self.result(events))
    #expect(result.success)
    #expect(result.output.hasPrefix("Exit code: 0\nWall time: "))
    #expect(
      result.output.hasSuffix(
        " seconds\nOutput:\nSuccess. Updated the following files:\nA g.txt\nM f.txt\n"))
    #expect(bench.engine.state.fileChanges.totalCount == 2)
    #expect(bench.engine.state.tools.active.isEmpty)
  }

  @Test func aPatchOutsideTheWorkspaceAsksAndADenialWritesNothing() throws {
    let bench = try Bench(policy: .onRequest, sandbox: .workspaceWrite)
    let outside = bench.root + "/outside.txt"
    bench.answer = .denied
    let (_, events) = try bench.apply(
      "*** Begin Patch\n*** Add File: \(outside)\n+o\n*** End Patch")
    #expect(bench.asked.map(\.risk) == [.dangerous])
    #expect(bench.asked.first?.reasons == ["writes outside the writable roots: \(outside)"])
    #expect(bench.text(outside) == nil)
    #expect(!events.contains { $0.kind == .fileChanged || $0.kind == .toolStarted })
    #expect(
      Self.result(events)
        == ToolResultRecorded(
          callID: CallID("call-1"), output: "rejected by user: the patch was not applied",
          success: false))
  }

  @Test func approvedOutsideTheWorkspaceItIsWritten() throws {
    let bench = try Bench(policy: .untrusted, sandbox: .workspaceWrite)
    let outside = bench.root + "/outside.txt"
    _ = try bench.apply("*** Begin Patch\n*** Add File: \(outside)\n+o\n*** End Patch")
    #expect(bench.asked.count == 1)
    #expect(bench.text(outside) == "o\n")
  }

  @Test func untrustedAsksEvenInsideAndFullAccessNeverAsks() throws {
    let untrusted = try Bench(policy: .untrusted, sandbox: .workspaceWrite)
    _ = try untrusted.apply("*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch")
    #expect(untrusted.asked.map(\.risk) == [.risky])
    let full = try Bench(policy: .onRequest, sandbox: .dangerFullAccess)
    _ = try full.apply("*** Begin Patch\n*** Add File: \(full.root)/x.txt\n+x\n*** End Patch")
    #expect(full.asked.isEmpty)
    #expect(full.text(full.root + "/x.txt") == "x\n")
  }

  @Test func neverRefusesWritesTheSandboxForbids() throws {
    let bench = try Bench(policy: .never, sandbox: .workspaceWrite)
    let (_, events) = try bench.apply(
      "*** Begin Patch\n*** Add File: ../escape.txt\n+e\n*** End Patch")
    #expect(bench.asked.isEmpty)
    #expect(bench.text(bench.root + "/escape.txt") == nil)
    #expect(events.map(\.kind) == [.toolResultRecorded])
    #expect(
      Self.result(events)?.output
        == "patch rejected: writing outside of the project; rejected by user approval settings")
  }

  @Test func anAbortEndsTheTurn() throws {
    let bench = try Bench(policy: .untrusted, sandbox: .workspaceWrite)
    bench.answer = .aborted
    let (next, _) = try bench.apply("*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch")
    #expect(next == .abortTurn)
    #expect(bench.text("a.txt") == nil)
  }

  @Test func aFileChangedWhileTheUserWasAskedIsVerifiedAgain() throws {
    let bench = try Bench(policy: .untrusted, sandbox: .workspaceWrite, files: ["f.txt": "a\n"])
    let path = bench.work + "/f.txt"
    let executor = bench.executor
    let engine = bench.engine
    // The approver changes the file before answering, as another program might.
    let next = try executor.applyPatch(
      callID: CallID("call-1"),
      input: "*** Begin Patch\n*** Update File: f.txt\n@@\n-a\n+b\n*** End Patch",
      turnID: bench.turn, engine: engine
    ) { _ in
      try? Data("changed\n".utf8).write(to: URL(fileURLWithPath: path))
      return .approvedOnce
    }
    #expect(next == .continue)
    #expect(bench.text("f.txt") == "changed\n")
    let result = try #require(engine.state.tools.finished.last)
    #expect(result.status == .exited(exitCode: 1, signal: nil))
    #expect(engine.state.fileChanges.totalCount == 0)
  }
}
