import CairnCodex
import Foundation
import Testing

/// Rollouts are found in Codex's layout; anything else in the home is ignored.
@Suite struct CodexSessionFilesTests {
  @Test func findsLiveAndArchivedRolloutsOnly() throws {
    try withScratchDirectory { home in
      let id1 = "01a2142b-4f88-7ec2-b0b4-5c08265259a6"
      let id2 = "01a2142b-4eac-7761-a156-c534fc6e82bc"
      let id3 = "01a2142c-0000-7000-8000-000000000001"
      let files = [
        "sessions/2026/11/25/rollout-2026-11-25T19-25-12-\(id1).jsonl",
        "sessions/2026/11/24/rollout-2026-11-24T08-00-00-\(id2).jsonl",
        "archived_sessions/rollout-2026-10-01T00-00-00-\(id3).jsonl",
        "sessions/2026/11/25/notes.txt",
        "sessions/2026/11/25/rollout-short.jsonl",
        "sessions/latest/rollout-2026-11-25T19-25-12-\(id1).jsonl",
        "history.jsonl",
      ]
      for file in files {
        let path = home + "/" + file
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeFile(path, [])
      }
      let found = CodexSessionFiles.list(home: home)
      #expect(found.map(\.sessionID) == [id2, id1, id3])
      #expect(found.map(\.isArchived) == [false, false, true])
      #expect(found[1].startedAtText == "2026-11-25T19-25-12")
      #expect(found[1].path == home + "/" + files[0])
      #expect(CodexSessionFiles.list(home: home, includeArchived: false).count == 2)
      #expect(CodexSessionFiles.list(home: home + "/missing").isEmpty)
    }
  }
}
