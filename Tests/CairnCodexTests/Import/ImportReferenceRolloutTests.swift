import CairnCodex
import CairnCore
import CairnEngine
import CairnProtocol
import Foundation
import Testing

/// Every reference rollout (six Codex versions × five scenarios) imports, and the
/// projections say what the rollout says.
@Suite struct ImportReferenceRolloutTests {
  static let cases: [(String, String)] = ReferenceRollouts.versions.flatMap { version in
    ["a", "b", "c", "d", "e"].map { (version, $0) }
  }

  @Test(arguments: cases)
  func importsAndTheProjectionsMatchTheRollout(version: String, scenario: String) throws {
    try withImportScratch { scratch in
      let path = ReferenceRollouts.path(version, scenario)
      let facts = try RolloutFacts(path: path)
      let result = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(result.sessionID.rawValue == facts.sessionID)
      #expect(result.created)
      #expect(result.problems.isEmpty)
      #expect(result.truncatedLastLine == nil)
      #expect(result.counts.unknownCount == 0)
      #expect(result.refused.isEmpty)
      #expect(result.endOffset == result.fileBytes)

      let state = try scratch.state(result.sessionID)
      #expect(state.lastSeq.rawValue == UInt64(result.counts.eventsAppended))
      #expect(state.turns.startedCount == UInt64(facts.userTexts.count))
      let transcript = TranscriptFacts(state)
      #expect(transcript.userTexts == facts.userTexts)
      #expect(transcript.assistantTexts == facts.assistantTexts)
      #expect(transcript.calls == facts.calls.map(\.callID))
      // Each call ran once and exited with the code its output states.
      #expect(state.tools.finished.map(\.callID.rawValue) == facts.calls.map(\.callID))
      for run in state.tools.finished {
        #expect(run.status == .exited(exitCode: facts.exitCodes[run.callID.rawValue], signal: nil))
        #expect(run.tool == facts.calls.first { $0.callID == run.callID.rawValue }?.name)
      }
      // Before 0.147 a resumed Codex counts tokens afresh: the usage is then the first
      // run's total (scenario a is the same session before the resume) plus the second's.
      var input = facts.finalInputTokens
      var output = facts.finalOutputTokens
      let before = try RolloutFacts(path: ReferenceRollouts.path(version, "a"))
      if scenario == "d" && facts.finalInputTokens <= before.finalInputTokens {
        input += before.finalInputTokens
        output += before.finalOutputTokens
      }
      #expect(state.usage.cumulative.inputTokens == UInt64(input))
      #expect(state.usage.cumulative.outputTokens == UInt64(output))
      // 0.106+ marks turn ends; older rollouts do not, so their last turn stays open.
      let marksTurnEnds = !["0.46.0", "0.65.0", "0.87.0"].contains(version)
      #expect((state.turns.current == nil) == marksTurnEnds)
      #expect(state.session?.model != "unknown")
    }
  }

  @Test(arguments: cases)
  func aReimportAppendsNothing(version: String, scenario: String) throws {
    try withImportScratch { scratch in
      let path = ReferenceRollouts.path(version, scenario)
      let first = try CodexImport.importRollout(path: path, home: scratch.home)
      let digest = try scratch.state(first.sessionID).digest
      let again = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(!again.created)
      #expect(again.counts.eventsAppended == 0)
      #expect(again.linesRead == 0)
      #expect(try scratch.state(first.sessionID).digest == digest)
    }
  }
}
