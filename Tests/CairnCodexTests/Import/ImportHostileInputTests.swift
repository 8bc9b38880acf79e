import CairnCodex
import CairnCore
import CairnEngine
import CairnProtocol
import Foundation
import Testing

/// Garbled, truncated and odd rollouts import what is valid and report the rest.
@Suite struct ImportHostileInputTests {
  @Test func garbledLinesAreReportedWithTheirNumbersAndTheRestImports() throws {
    try withImportScratch { scratch in
      let lines = ImportIncrementalTests.lines(try ReferenceRollouts.bytes("0.147.0", "b"))
      let clean = try CodexImport.importRollout(
        path: ReferenceRollouts.path("0.147.0", "b"), home: scratch.home)
      let cleanState = try scratch.state(clean.sessionID)
      var garbled = lines
      // Line 4 (a context message) loses its closing braces; line 5 becomes noise; an
      // unknown line type goes in after line 6.
      garbled[3] = Array(garbled[3].dropLast(4)) + Array("\n".utf8)
      garbled[4] = Array("not json at all\n".utf8)
      garbled.insert(
        Array(#"{"timestamp":"2026-11-25T19:25:13.604Z","type":"future_kind","payload":{}}"#.utf8)
          + [10], at: 6)
      let other = ImportScratch(root: scratch.root + "/other")
      try FileManager.default.createDirectory(atPath: other.root, withIntermediateDirectories: true)
      let path = try other.write(Array(garbled.joined()), as: "garbled.jsonl")
      let result = try CodexImport.importRollout(path: path, home: other.home)
      #expect(result.problems.map(\.lineNumber) == [4, 5])
      #expect(result.counts.unknown.map(\.type) == ["future_kind"])
      #expect(result.counts.unknown.map(\.firstLine) == [7])
      let state = try other.state(result.sessionID)
      #expect(TranscriptFacts(state) == TranscriptFacts(cleanState))
      #expect(state.usage == cleanState.usage)
    }
  }

  @Test func aFileThatIsNotARolloutIsAnError() throws {
    try withImportScratch { scratch in
      let path = try scratch.write(
        Array("{\"type\":\"event_msg\",\"payload\":{}}\n".utf8), as: "x.jsonl")
      #expect(
        throws: CodexImportError.noSessionMeta(
          path: path, reason: "line 1 is event_msg, not session_meta")
      ) {
        try CodexImport.importRollout(path: path, home: scratch.home)
      }
      let missing = scratch.root + "/missing.jsonl"
      #expect(throws: CodexImportError.self) {
        try CodexImport.importRollout(path: missing, home: scratch.home)
      }
    }
  }

  @Test func aFileWithOnlyItsFirstLinesWaitsForItsTurnContext() throws {
    try withImportScratch { scratch in
      let lines = ImportIncrementalTests.lines(try ReferenceRollouts.bytes("0.147.0", "a"))
      let path = try scratch.write(Array(lines[..<2].joined()), as: "rollout.jsonl")
      let result = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(result.waitingForTurnContext)
      #expect(result.counts.eventsAppended == 0)
      #expect(
        !FileManager.default.fileExists(atPath: scratch.home.sessionDirectory(result.sessionID)))
    }
  }

  @Test func secretsInARolloutAreRedactedBeforeTheyAreStored() throws {
    try withImportScratch { scratch in
      let secret = "sk-proj-" + String(repeating: "A1b2C3d4", count: 6)
      var text = try String(contentsOfFile: ReferenceRollouts.path("0.147.0", "b"), encoding: .utf8)
      text = text.replacingOccurrences(of: "RUNTOOL please", with: "RUNTOOL with key \(secret)")
      text = text.replacingOccurrences(of: "hello-from-tool", with: "OPENAI_API_KEY=\(secret)")
      let path = try scratch.write(Array(text.utf8), as: "rollout.jsonl")
      let result = try CodexImport.importRollout(path: path, home: scratch.home)
      let state = try scratch.state(result.sessionID)
      let user = TranscriptFacts(state).userTexts.first ?? ""
      #expect(user.hasPrefix("RUNTOOL with key "))
      #expect(!user.contains(secret))
      // No byte of the log holds the secret (the segments are LZ4-compressed, so read
      // them through the replayed state and the raw files both).
      let preview = String(decoding: state.tools.finished.first?.preview ?? [], as: UTF8.self)
      #expect(preview.contains("OPENAI_API_KEY="))
      #expect(!preview.contains(secret))
      let directory = scratch.home.sessionDirectory(result.sessionID)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))) ?? Data()
        #expect(data.range(of: Data(secret.utf8)) == nil, "\(name)")
      }
    }
  }
}
