import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// The engine over a real home directory: create, send, close, reopen; resume equals the
/// live state; a crash (a copy of the files at a commit) resumes with the pending approval.
@Suite struct SessionEngineTests {
  private final class Clock: @unchecked Sendable {
    var now: Int64 = 1_767_225_600_000_000_000
    func tick() -> Int64 {
      now += 1_000
      return now
    }
  }

  private func temporaryHome() throws -> CairnHome {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-engine-\(UUID().uuidString)").path
    return CairnHome(root: path)
  }

  private let create = SessionCreated(
    sessionID: SessionID("s-1"), cwd: "/work", model: "gpt-5-codex", provider: "openai",
    approvalPolicy: .untrusted, sandboxMode: .workspaceWrite)

  private func runTurn(_ engine: SessionEngine, turn: String, call: String) throws {
    let turnID = TurnID(turn)
    try engine.send(.startTurn(StartTurn(turnID: turnID, text: "run the tests")))
    try engine.send(
      .appendOutputText(
        OutputTextAppended(turnID: turnID, itemID: ItemID("m-\(turn)"), delta: "On it.")))
    try engine.send(
      .planToolCall(
        PlanToolCall(
          turnID: turnID, callID: CallID(call), tool: "exec_command", command: ["swift", "test"],
          risk: .risky)))
  }

  @Test func resumeEqualsTheLiveStateAndUsesACheckpoint() throws {
    let home = try temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let clock = Clock()
    let engine = try SessionEngine.create(home: home, create, clock: clock.tick)
    try runTurn(engine, turn: "t-1", call: "c-1")
    try engine.send(.decideApproval(DecideApproval(callID: CallID("c-1"), decision: .approvedOnce)))
    try engine.send(.recordToolStart(ToolStarted(callID: CallID("c-1"), processID: 42, tty: false)))
    try engine.send(
      .recordToolOutput(
        ToolOutputReceived(callID: CallID("c-1"), stream: .stdout, chunk: Array("ok\n".utf8))))
    try engine.send(
      .recordToolExit(
        ToolExited(callID: CallID("c-1"), exitCode: 0, signal: nil, durationNanoseconds: 9)))
    try engine.send(.endTurn(EndTurn(turnID: TurnID("t-1"), outcome: .completed)))
    let live = engine.state
    try engine.close()

    let reopened = try SessionEngine.open(
      home: home, sessionID: SessionID("s-1"), clock: clock.tick)
    #expect(reopened.state == live)
    #expect(reopened.resume.checkpointSeq == live.lastSeq)
    #expect(reopened.resume.eventsReplayed == 0)
    let replay = try SessionReplay.run(
      sessionID: SessionID("s-1"), directory: home.sessionDirectory(SessionID("s-1")), verify: true)
    #expect(replay.state == live)
    #expect(replay.checkpointsVerified == 1)
    #expect(replay.mismatches.isEmpty)
    try reopened.close()

    let listed = try SessionStore(home: home).list()
    #expect(listed.map(\.sessionID) == ["s-1"])
    #expect(listed.first?.lastSeq == live.lastSeq.rawValue)
  }

  @Test func aPendingApprovalSurvivesACrashExactly() throws {
    let home = try temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let clock = Clock()
    let engine = try SessionEngine.create(home: home, create, clock: clock.tick)
    try runTurn(engine, turn: "t-1", call: "c-1")
    // The approval request was committed: copy the files as a crash would leave them.
    let crashed = CairnHome(root: home.root + "-crashed")
    defer { try? FileManager.default.removeItem(atPath: crashed.root) }
    try FileManager.default.createDirectory(
      atPath: crashed.sessionsDirectory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: home.sessionDirectory(SessionID("s-1")),
      toPath: crashed.sessionDirectory(SessionID("s-1")))
    let live = engine.state
    try engine.close()

    let resumed = try SessionEngine.open(
      home: crashed, sessionID: SessionID("s-1"), clock: clock.tick)
    #expect(resumed.state.approvals.pending.map(\.callID) == [CallID("c-1")])
    #expect(resumed.state.tools.active.map(\.status) == [.awaitingApproval])
    #expect(resumed.state == live)
    // And the session goes on from there.
    let effects = try resumed.send(
      .decideApproval(DecideApproval(callID: CallID("c-1"), decision: .denied)))
    #expect(effects == [.reportDenial(CallID("c-1"), .denied)])
    try resumed.close()
  }

  @Test func aCheckpointOfAnotherSchemaVersionIsIgnored() throws {
    let home = try temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let clock = Clock()
    let engine = try SessionEngine.create(home: home, create, clock: clock.tick)
    try runTurn(engine, turn: "t-1", call: "c-1")
    let live = engine.state
    try engine.close()
    let directory = home.sessionDirectory(SessionID("s-1"))
    // A checkpoint from a future reducer at the very end, holding nonsense.
    try CheckpointStore(logDirectory: directory).put(
      seq: live.lastSeq, schemaVersion: SessionState.schemaVersion + 1, bytes: [1, 2, 3])
    let (state, report) = try SessionResume.load(sessionID: SessionID("s-1"), directory: directory)
    #expect(state == live)
    #expect(report.checkpointSeq == live.lastSeq)
    // Remove the valid ones: the resume falls back to a full replay.
    for name in try FileManager.default.contentsOfDirectory(atPath: directory + "/checkpoints")
    where name.hasSuffix(String(format: "-v%05d.ckpt", SessionState.schemaVersion)) {
      try FileManager.default.removeItem(atPath: directory + "/checkpoints/" + name)
    }
    let (replayed, fallback) = try SessionResume.load(
      sessionID: SessionID("s-1"), directory: directory)
    #expect(replayed == live)
    #expect(fallback.checkpointSeq == nil)
    #expect(fallback.eventsReplayed == live.lastSeq.rawValue)
  }

  @Test func anOpenThatReplayedALongTailCheckpointsSoTheNextOpenDoesNot() throws {
    let home = try temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let clock = Clock()
    let engine = try SessionEngine.create(home: home, create, clock: clock.tick)
    try runTurn(engine, turn: "t-1", call: "c-1")
    let live = engine.state
    try engine.close()
    let directory = home.sessionDirectory(SessionID("s-1"))
    // As after an upgrade that changed the state's schema: no usable checkpoint.
    try FileManager.default.removeItem(atPath: directory + "/checkpoints")
    let options = EngineOptions(checkpointEventsInterval: 3)
    let first = try SessionEngine.open(
      home: home, sessionID: SessionID("s-1"), options: options, clock: clock.tick)
    #expect(first.resume.checkpointSeq == nil)
    #expect(first.resume.eventsReplayed == live.lastSeq.rawValue)
    #expect(
      try CheckpointStore(logDirectory: directory).latest(
        atOrBefore: live.lastSeq, schemaVersion: SessionState.schemaVersion)?.seq == live.lastSeq)
    try first.close()
    let second = try SessionEngine.open(
      home: home, sessionID: SessionID("s-1"), options: options, clock: clock.tick)
    #expect(second.resume.checkpointSeq == live.lastSeq)
    #expect(second.resume.eventsReplayed == 0)
    #expect(second.state == live)
    try second.close()
  }

  @Test func refusedCommandsLogNothing() throws {
    let home = try temporaryHome()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let engine = try SessionEngine.create(home: home, create, clock: Clock().tick)
    #expect(throws: EngineError.rejected(.noSuchTurn(TurnID("t")))) {
      try engine.send(.endTurn(EndTurn(turnID: TurnID("t"), outcome: .completed)))
    }
    #expect(engine.state.lastSeq == Seq(1))
    #expect(throws: EngineError.sessionExists(SessionID("s-1"))) {
      _ = try SessionEngine.create(home: home, create, clock: Clock().tick)
    }
    #expect(throws: EngineError.invalidSessionID("../x")) {
      var bad = create
      bad.sessionID = SessionID("../x")
      _ = try SessionEngine.create(home: home, bad, clock: Clock().tick)
    }
    try engine.close()
  }
}

/// No secret reaches the log: the engine redacts every payload before it is persisted.
@Suite struct EngineRedactionTests {
  @Test func secretsInMessagesAndToolOutputAreRedactedInTheLog() throws {
    let home = CairnHome(
      root: FileManager.default.temporaryDirectory
        .appendingPathComponent("cairn-redact-\(UUID().uuidString)").path)
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    // Built at run time so that no secret scanner mistakes this file for a leak.
    let key = "sk-" + "proj-" + String(repeating: "A1b2C3d4", count: 6)
    var now: Int64 = 0
    let engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: SessionID("r"), cwd: "/w", model: "m", provider: "p",
        approvalPolicy: .never, sandboxMode: .readOnly),
      clock: {
        now += 1
        return now
      })
    let turn = TurnID("t")
    try engine.send(.startTurn(StartTurn(turnID: turn, text: "use OPENAI_API_KEY=\(key) please")))
    try engine.send(
      .planToolCall(
        PlanToolCall(
          turnID: turn, callID: CallID("c"), tool: "exec_command", command: ["env"], risk: .safe)))
    try engine.send(.recordToolStart(ToolStarted(callID: CallID("c"), processID: 9, tty: false)))
    try engine.send(
      .recordToolOutput(
        ToolOutputReceived(callID: CallID("c"), stream: .stdout, chunk: Array("KEY=\(key)\n".utf8)))
    )
    let live = engine.state
    try engine.close()

    var sawRedaction = false
    let reader = try LogReader(directory: home.sessionDirectory(SessionID("r")))
    try reader.scan { record in
      let bytes = Array(record.payload)
      let text = String(decoding: bytes, as: UTF8.self)
      if text.contains(key) { Issue.record("record \(record.seq) holds the key") }
      if text.contains("[REDACTED:") { sawRedaction = true }
      return true
    }
    #expect(sawRedaction)
    let (resumed, _) = try SessionResume.load(
      sessionID: SessionID("r"), directory: home.sessionDirectory(SessionID("r")))
    #expect(resumed == live)
    let preview = String(decoding: live.tools.active.first?.preview ?? [], as: UTF8.self)
    #expect(!preview.contains(key))
  }
}
