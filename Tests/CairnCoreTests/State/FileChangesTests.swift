import CairnLogFormat
import Testing

@testable import CairnCore

/// `file_changed`: recorded while its call runs, folded into `FileChangesProjection`,
/// bounded, its contents redacted, its encoding pinned.
@Suite struct FileChangesTests {
  private let turn1 = Fixture.turn1
  private let call1 = Fixture.call1

  /// A session whose apply_patch call-1 is running (process id 0: no process); next seq 5.
  private func running() -> TestSession {
    var session = TestSession()
    session.fold([
      Fixture.sessionCreated(), Fixture.turnStarted(turn1),
      Fixture.planned(turn1, call1, ["apply_patch", "/home/ada/cairn/a.txt"], risk: .risky),
      Fixture.toolStarted(call1, processID: 0),
    ])
    return session
  }

  private func change(
    _ path: String, _ kind: FileChangeKind, before: String? = nil, after: String? = nil,
    movePath: String? = nil
  ) -> FileChanged {
    FileChanged(
      callID: call1, path: path, kind: kind, movePath: movePath,
      before: before.map { Array($0.utf8) }, after: after.map { Array($0.utf8) })
  }

  @Test func eachChangeIsRecordedWithItsSizesAndCounted() {
    var session = running()
    session.send(.fileChanged(change("/w/a.txt", .add, after: "hello\n"))) {
      $0.fileChanges.recent = [
        FileChangeRecord(
          seq: Seq(5), callID: self.call1, path: "/w/a.txt", kind: .add, movePath: nil,
          beforeBytes: nil, afterBytes: 6)
      ]
      $0.fileChanges.addedCount = 1
    }
    session.send(
      .fileChanged(change("/w/b.txt", .update, before: "b\n", after: "bb\n", movePath: "/w/c.txt"))
    ) {
      $0.fileChanges.recent.append(
        FileChangeRecord(
          seq: Seq(6), callID: self.call1, path: "/w/b.txt", kind: .update, movePath: "/w/c.txt",
          beforeBytes: 2, afterBytes: 3))
      $0.fileChanges.updatedCount = 1
    }
    session.send(.fileChanged(change("/w/d.txt", .delete, before: ""))) {
      $0.fileChanges.recent.append(
        FileChangeRecord(
          seq: Seq(7), callID: self.call1, path: "/w/d.txt", kind: .delete, movePath: nil,
          beforeBytes: 0, afterBytes: nil))
      $0.fileChanges.deletedCount = 1
    }
    #expect(session.state.fileChanges.totalCount == 3)
  }

  @Test func aChangeForACallThatIsNotActiveChangesNothing() {
    var session = running()
    session.send(
      .fileChanged(
        FileChanged(
          callID: Fixture.call2, path: "/w/x", kind: .add, movePath: nil, before: nil, after: []))
    ) {
      $0.ignoredEventCount = 1
    }
  }

  @Test func theRecentChangesAreBoundedAndTheCountsAreNot() {
    var session = running()
    let total = FileChangesProjection.recentMax + 10
    for index in 0..<total {
      session.fold(.fileChanged(change("/w/\(index)", .add, after: "x")))
    }
    let changes = session.state.fileChanges
    #expect(changes.recent.count == FileChangesProjection.recentMax)
    #expect(changes.recent.first?.path == "/w/10")
    #expect(changes.recent.last?.path == "/w/\(total - 1)")
    #expect(changes.addedCount == UInt64(total))
    #expect(session.state.invariantsHold())
    // The checkpoint encoding keeps it whole.
    let decoded = session.state.encoded().withUnsafeBytes { try? SessionState.decode($0) }
    #expect(decoded == session.state)
  }

  @Test func decideRecordsAChangeOnlyWhileItsCallRuns() {
    var state = TestSession.replay(
      TestSession.envelopes([
        Fixture.sessionCreated(), Fixture.turnStarted(turn1),
        Fixture.planned(turn1, call1, ["apply_patch"], risk: .risky),
      ]))
    let add = change("/w/a.txt", .add, after: "a")
    #expect(
      state.decide(.recordFileChange(add)) == .failure(.toolNotInState(call1, expected: "running")))
    #expect(
      state.decide(
        .recordFileChange(
          FileChanged(
            callID: Fixture.call2, path: "/w/a", kind: .add, movePath: nil, before: nil, after: nil)
        ))
        == .failure(.noSuchTool(Fixture.call2)))
    state = TestSession.replay(
      TestSession.envelopes([Fixture.toolStarted(call1, processID: 0)], first: Seq(4)), from: state)
    #expect(state.decide(.recordFileChange(add)) == .success([.fileChanged(add)]))
    #expect(
      state.decide(.recordFileChange(change("/w/d", .delete, before: "x", after: "y")))
        == .failure(.invalidArgument("a deleted file has no contents after and does not move")))
    #expect(
      state.decide(.recordFileChange(change("", .add, after: "y")))
        == .failure(.invalidArgument("a file change needs a path")))
  }

  @Test func contentsAreRedactedAndPathsAreNot() {
    let secret = "PASSWORD=hunter2hunter2"
    let event = Event.fileChanged(
      change("/w/.env", .update, before: "x=1\n", after: "x=1\n\(secret)\n"))
    guard case .fileChanged(let redacted) = event.redacted(by: SecretRedactor()) else {
      Issue.record("the event changed kind")
      return
    }
    #expect(redacted.path == "/w/.env")
    #expect(redacted.before == Array("x=1\n".utf8))
    let after = String(decoding: redacted.after ?? [], as: UTF8.self)
    #expect(after.hasPrefix("x=1\n"))
    #expect(!after.contains("hunter2"))
  }

  @Test func theEncodingAndJSONArePinned() throws {
    let event = Event.fileChanged(
      FileChanged(
        callID: CallID("c1"), path: "/a", kind: .update, movePath: "/b", before: [0x41],
        after: nil))
    // call id, path, kind code 1, move path present, before present (1 byte), after absent.
    #expect(
      event.encodedPayload() == [2, 99, 49, 2, 47, 97, 1, 1, 2, 47, 98, 1, 1, 0x41, 0])
    #expect(EventKind.fileChanged.rawValue == 38)
    #expect(
      event.json.text
        == #"{"type":"file_changed","call_id":"c1","path":"/a","kind":"update","move_path":"/b","before":"QQ==","after":null}"#
    )
    let decoded = try event.encodedPayload().withUnsafeBytes { bytes throws(DecodeError) in
      try Event.decode(kind: 38, schemaVersion: 1, payload: bytes)
    }
    #expect(decoded == event)
  }
}
