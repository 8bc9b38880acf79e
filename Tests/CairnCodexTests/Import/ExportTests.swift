import CairnCodex
import CairnCore
import CairnEngine
import Foundation
import Testing

/// `CodexExport`: what an export writes, read back by the importer.
@Suite struct ExportTests {
  @Test(arguments: ReferenceRollouts.versions)
  func anExportedSessionImportsBackToTheSameHistory(version: String) throws {
    try withImportScratch { scratch in
      for scenario in ["b", "d", "e"] {
        let first = try CodexImport.importRollout(
          path: ReferenceRollouts.path(version, scenario), home: scratch.home)
        let out = scratch.root + "/exported-\(scenario).jsonl"
        let exported = try CodexExport.export(
          home: scratch.home, sessionID: first.sessionID, to: .file(out))
        #expect(exported.threadID == first.sessionID.rawValue)
        #expect(!exported.threadIDDerived)
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)

        let other = ImportScratch(root: scratch.root + "/back-\(scenario)")
        try FileManager.default.createDirectory(
          atPath: other.root, withIntermediateDirectories: true)
        let back = try CodexImport.importRollout(path: out, home: other.home)
        #expect(back.problems.isEmpty)
        #expect(back.counts.unknownCount == 0)
        let original = try scratch.state(first.sessionID)
        let roundTrip = try other.state(back.sessionID)
        #expect(TranscriptFacts(roundTrip) == TranscriptFacts(original))
        #expect(roundTrip.usage.cumulative == original.usage.cumulative)
        #expect(roundTrip.tools.finished.map(\.status) == original.tools.finished.map(\.status))
        #expect(roundTrip.session?.model == original.session?.model)
        #expect(roundTrip.session?.approvalPolicy == original.session?.approvalPolicy)
      }
    }
  }

  @Test func aRollbackIsExportedAsCodexsThreadRolledBackEvent() throws {
    try withImportScratch { scratch in
      let id = SessionID("01a21421-e327-72d0-8839-64dfb34bf658")
      let engine = try SessionEngine.create(
        home: scratch.home,
        SessionCreated(
          sessionID: id, cwd: scratch.root, model: "gpt-5.5", provider: "openai",
          approvalPolicy: .never, sandboxMode: .readOnly),
        clock: { 1_795_000_000_000_000_000 })
      for index in 1...2 {
        let turn = TurnID("turn-\(index)")
        try engine.send(.startTurn(StartTurn(turnID: turn, text: "prompt \(index)")))
        try engine.send(.endTurn(EndTurn(turnID: turn, outcome: .completed)))
      }
      try engine.send(.rollBackTurns(RollBackTurns(count: 1)))
      try engine.close()
      let out = scratch.root + "/rolled-back.jsonl"
      _ = try CodexExport.export(home: scratch.home, sessionID: id, to: .file(out))
      let last = try #require(
        try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").last)
      #expect(last.contains(#""type":"event_msg""#))
      #expect(last.contains(#""payload":{"type":"thread_rolled_back","num_turns":1}"#))
    }
  }

  @Test func aSessionWhoseIDIsNotAUUIDGetsADerivedThreadIDRecordedBesideIt() throws {
    try withImportScratch { scratch in
      let id = SessionID("native-session-1")
      _ = try SessionFixture.generate(
        home: scratch.home, sessionID: id, options: SessionFixture.Options(events: 400, seed: 7))
      let codexHome = scratch.root + "/codex-home"
      let first = try CodexExport.export(
        home: scratch.home, sessionID: id, to: .codexHome(codexHome))
      let second = try CodexExport.export(
        home: scratch.home, sessionID: id, to: .codexHome(codexHome))
      #expect(first.threadIDDerived)
      #expect(first.threadID == second.threadID)
      #expect(CodexThreadID.isUUID(first.threadID))
      #expect(Array(first.threadID)[14] == "7")
      #expect(first.path.hasPrefix(codexHome + "/sessions/2026/01/01/rollout-2026-01-01T"))
      #expect(first.path.hasSuffix("-\(first.threadID).jsonl"))
      let mapping = try String(
        contentsOfFile: scratch.home.sessionDirectory(id) + "/" + CodexExport.mappingFileName,
        encoding: .utf8)
      #expect(mapping.contains(first.threadID))
      // The file reads back as a rollout: every call has an output, every turn its prompt.
      let back = ImportScratch(root: scratch.root + "/back")
      try FileManager.default.createDirectory(atPath: back.root, withIntermediateDirectories: true)
      let result = try CodexImport.importRollout(path: first.path, home: back.home)
      #expect(result.problems.isEmpty)
      #expect(result.refused.isEmpty)
      let state = try back.state(result.sessionID)
      let native = try scratch.state(id)
      #expect(state.turns.startedCount == native.turns.startedCount)
      #expect(TranscriptFacts(state).userTexts == TranscriptFacts(native).userTexts)
      #expect(
        TranscriptFacts(state).assistantTexts.filter { !$0.isEmpty }
          == TranscriptFacts(native).assistantTexts.filter { !$0.isEmpty })
    }
  }

  @Test func aThreadIDThatIsNotAUUIDIsRefused() throws {
    try withImportScratch { scratch in
      let first = try CodexImport.importRollout(
        path: ReferenceRollouts.path("0.147.0", "a"), home: scratch.home)
      #expect(throws: CodexExportError.badThreadID("nope")) {
        try CodexExport.export(
          home: scratch.home, sessionID: first.sessionID, to: .file(scratch.root + "/x.jsonl"),
          threadID: "nope")
      }
      #expect(throws: CodexExportError.noSuchSession("missing")) {
        try CodexExport.export(
          home: scratch.home, sessionID: SessionID("missing"), to: .file(scratch.root + "/y.jsonl"))
      }
    }
  }
}
