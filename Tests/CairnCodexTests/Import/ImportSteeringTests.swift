import CairnCodex
import CairnCore
import CairnEngine
import Foundation
import Testing

/// Input typed into a running Codex 0.147 turn (steering) imports as a user message of
/// that turn, as `turn/steer` records it, not as a turn of its own.
@Suite struct ImportSteeringTests {
  @Test func aMessageTypedDuringATaskIsAUserMessageOfThatTurn() throws {
    let bytes = try ReferenceRollouts.bytes("0.147.0", "b")
    var lines = ImportIncrementalTests.lines(bytes)
    // After the tool's output (line 9), the user typed more while the task ran.
    let responseItem = String(decoding: lines[6], as: UTF8.self)
      .replacingOccurrences(of: "RUNTOOL please", with: "also check the docs")
      .replacingOccurrences(of: "msg_01a2142b-5434", with: "msg_01a2142b-9999")
    let event = String(decoding: lines[7], as: UTF8.self)
      .replacingOccurrences(of: "RUNTOOL please", with: "also check the docs")
    lines.insert(contentsOf: [Array(responseItem.utf8), Array(event.utf8)], at: 10)
    try withImportScratch { scratch in
      let path = try scratch.write(Array(lines.joined()), as: "rollout.jsonl")
      let result = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(result.problems.isEmpty)
      let state = try scratch.state(result.sessionID)
      #expect(TranscriptFacts(state).userTexts == ["RUNTOOL please", "also check the docs"])
      #expect(state.turns.completedCount == 1)
    }
  }
}
