import CairnCore
import CairnLogFormat
import Testing

/// The golden replays (DESIGN.md §4): every scenario under `Replays/` is rebuilt from its
/// commands and must reproduce its trace and expected lines byte for byte; independently,
/// its records, each through its binary form, are folded from scratch and must reproduce
/// the same lines. `CAIRN_UPDATE_GOLDENS=1 swift test` rewrites the files instead.
@Suite("Golden replays")
struct GoldenReplayTests {
  @Test("every directory under Replays/ is a scenario, and every scenario has one")
  func directoriesAreScenarios() throws {
    let directories = try GoldenFiles.scenarioDirectories()
    let names = GoldenScenario.all.map(\.name)
    let unknown = directories.filter { !names.contains($0) }
    #expect(unknown.isEmpty, "directories under Replays/ with no scenario: \(unknown)")
    guard !GoldenFiles.updating else { return }
    let missing = names.filter { !directories.contains($0) }
    #expect(
      missing.isEmpty,
      "scenarios with no directory (run `CAIRN_UPDATE_GOLDENS=1 swift test`): \(missing)")
  }

  @Test(
    "a scenario rebuilt from its commands, and replayed from its records, reproduces its goldens",
    arguments: GoldenScenario.all)
  func scenarioReproducesItsGoldens(_ scenario: GoldenScenario) throws {
    let logs = try scenario.build()
    // Each file with the text it must hold: from the rebuild, and from the replay.
    var checks: [(file: String, text: String, source: String)] = [
      (GoldenFiles.path(scenario.name, "README.md"), scenario.readme, "scenario's summary")
    ]
    for log in logs {
      let replayed = try GoldenReplay.lines(log)
      let trace = GoldenFiles.path(scenario.name, log.subdirectory, "trace.jsonl")
      let expected = GoldenFiles.path(scenario.name, log.subdirectory, "expected.jsonl")
      checks.append((trace, GoldenFiles.text(log.traceLines), "rebuild"))
      checks.append((expected, GoldenFiles.text(log.expectedLines), "rebuild"))
      checks.append((trace, GoldenFiles.text(replayed.trace), "replay"))
      checks.append((expected, GoldenFiles.text(replayed.expected), "replay"))
    }
    if GoldenFiles.updating {
      for check in checks where check.source != "replay" {
        try GoldenFiles.write(check.text, to: check.file)
      }
    }
    let known = Set(checks.map(\.file))
    let stray = GoldenFiles.files(inScenario: scenario.name).filter {
      !known.contains(GoldenFiles.path(scenario.name, $0))
    }
    #expect(stray.isEmpty, "files in Replays/\(scenario.name)/ that no check reads: \(stray)")
    for check in checks {
      let difference = GoldenFiles.difference(
        file: check.file, text: check.text, source: check.source)
      if let difference { Issue.record(Comment(rawValue: difference)) }
    }
  }

  @Test("interrupting a turn while tools run returns stop_tools for them")
  func interruptingMidToolStopsTheRunningTools() throws {
    let log = try GoldenScenario.turnInterrupted.build()[0]
    let interrupt = log.marks.first(where: Self.isInterrupt)
    let mark = try #require(interrupt)
    #expect(mark.effects == [.stopTools([CallID("call-1"), CallID("call-2")])])
    let running = mark.state.tools.active.map(\.callID)
    #expect(running == [CallID("call-1"), CallID("call-2")])
    #expect(mark.state.turns.current == nil)
  }

  @Test("after a crash mid-tool, resuming from a checkpoint equals a straight fold")
  func resumingAfterACrashEqualsAStraightFold() throws {
    let log = try GoldenScenario.crashMidToolResume.build()[0]
    let crashIndex = try #require(log.marks.firstIndex(where: Self.isCrash))
    let crash = log.marks[crashIndex]
    let resume = log.marks[crashIndex + 1]
    // The state at the cut is a fold of the records before it.
    let beforeCut = log.envelopes.filter { $0.seq <= crash.seq }
    #expect(crash.state == Self.fold(beforeCut))
    let running = crash.state.tools.active.filter(Self.isRunning).map(\.callID)
    let pending = crash.state.approvals.pending.map(\.callID)
    #expect(running == [CallID("call-1")])
    #expect(pending == [CallID("call-2")])
    // Checkpoint plus tail gives the state that died, and going on from it a straight fold.
    guard case .resume(let checkpointSeq, _, let tailEvents) = resume.kind else {
      Issue.record("the mark after the crash is not a resume: \(resume.kind)")
      return
    }
    #expect(checkpointSeq < crash.seq)
    #expect(tailEvents == Int(crash.seq.rawValue - checkpointSeq.rawValue))
    #expect(resume.state == crash.state)
    let straight = Self.fold(log.envelopes)
    let last = try #require(log.marks.last)
    #expect(last.state == straight)
    #expect(last.state.digest == straight.digest)
  }

  @Test("a fork reads its parent's records through the fork point, then diverges")
  func aForkSharesItsParentsPrefixThenDiverges() throws {
    let logs = try GoldenScenario.fork.build()
    try #require(logs.count == 2)
    let parent = logs[0]
    let child = logs[1]
    let forkPoint = try #require(child.marks.first)
    guard case .forkPoint(let origin) = forkPoint.kind else {
      Issue.record("the child's first mark is not its fork point: \(forkPoint.kind)")
      return
    }
    // The shared prefix is the parent's records through the fork seq, as its trace has them.
    let forkCount = Int(origin.forkSeq.rawValue)
    let parentPrefix = Array(parent.traceLines.prefix(forkCount))
    let childPrefix = child.sharedPrefix.map(\.json.text)
    #expect(childPrefix == parentPrefix)
    #expect(childPrefix.count == forkCount)
    let parentAtFork = parent.marks.last { $0.seq == origin.forkSeq }
    #expect(forkPoint.state == parentAtFork?.state)
    #expect(forkPoint.state.digest == parentAtFork?.state.digest)
    // The child's own log starts with a sessionCreated that names the parent.
    let first = try #require(child.envelopes.first)
    #expect(first.seq == origin.forkSeq.next)
    guard case .sessionCreated(let created) = first.event else {
      Issue.record("the child's first record is not sessionCreated: \(first.event.kind.name)")
      return
    }
    #expect(created.origin == origin)
    #expect(origin.parent == parent.envelopes.first.flatMap(Self.sessionID))
    // From there on the two states differ.
    let parentAfter = parent.marks.last { $0.seq == first.seq }
    let childAfter = child.marks[1]
    #expect(childAfter.state != parentAfter?.state)
    #expect(child.marks.last?.state.digest != parent.marks.last?.state.digest)
  }

  @Test("compaction keeps the latest artifact of each kind")
  func compactionKeepsTheLatestOfEachKind() throws {
    let log = try GoldenScenario.compaction.build()[0]
    let compactions = try #require(log.marks.last).state.compactions
    #expect(compactions.latestReplaySeed?.artifactID == "cmp-3")
    #expect(compactions.latestSemanticSummary?.artifactID == "cmp-2")
    #expect(compactions.recordedCount == 3)
  }

  @Test("a difference names the file, the line and the column, with both sides")
  func aDifferenceIsReportedAtItsFirstLine() {
    let stored = "{\"seq\":1}\n{\"seq\":2,\"digest\":\"aa\"}\n"
    let text = "{\"seq\":1}\n{\"seq\":2,\"digest\":\"ab\"}\n"
    let report = GoldenFiles.difference(
      stored: stored, text: text, name: "Replays/x/expected.jsonl", source: "replay")
    #expect(report?.contains("Replays/x/expected.jsonl differs from the replay at line 2") == true)
    #expect(report?.contains("column 21") == true)
    #expect(report?.contains(#"expected (file): {"seq":2,"digest":"aa"}"#) == true)
    #expect(report?.contains(#"actual (replay): {"seq":2,"digest":"ab"}"#) == true)
    #expect(GoldenFiles.difference(stored: stored, text: stored, name: "x", source: "y") == nil)
    let missing = GoldenFiles.difference(stored: nil, text: text, name: "x", source: "y")
    #expect(missing?.contains("CAIRN_UPDATE_GOLDENS=1") == true)
  }

  // MARK: Helpers

  static func fold(_ envelopes: [Envelope]) -> SessionState {
    var state = SessionState()
    for envelope in envelopes { _ = SessionState.evolve(&state, envelope) }
    return state
  }

  static func isInterrupt(_ mark: GoldenMark) -> Bool {
    guard case .command(.endTurn(let end)) = mark.kind, case .interrupted = end.outcome else {
      return false
    }
    return true
  }

  static func isCrash(_ mark: GoldenMark) -> Bool {
    if case .crash = mark.kind { return true }
    return false
  }

  static func isRunning(_ run: ToolRun) -> Bool {
    if case .running = run.status { return true }
    return false
  }

  static func sessionID(_ envelope: Envelope) -> SessionID? {
    if case .sessionCreated(let created) = envelope.event { return created.sessionID }
    return nil
  }
}
