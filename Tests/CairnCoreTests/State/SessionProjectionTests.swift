import CairnLogFormat
import Testing

@testable import CairnCore

/// The session's metadata: created, settings changed, renamed, archived and unarchived.
@Suite struct SessionProjectionTests {
  @Test func sessionCreatedFillsTheSessionFromTheEventAndTheEnvelopeTime() {
    var session = TestSession()
    var expected = SessionState()
    expected.lastSeq = Seq(1)
    expected.session = SessionProjection(
      sessionID: Fixture.sessionID, createdAtNanoseconds: 1_750_000_000_000_000_000,
      cwd: "/home/ada/cairn", model: "gpt-5-codex", provider: "openai", reasoningEffort: nil,
      approvalPolicy: .onRequest, sandboxMode: .workspaceWrite, origin: nil, title: nil,
      archived: false)
    session.send(Fixture.sessionCreated(), expecting: expected)
  }

  @Test func aForkRemembersItsOrigin() {
    var session = TestSession()
    let origin = SessionOrigin(parent: SessionID("parent-session"), forkSeq: Seq(41))
    session.send(Fixture.sessionCreated(origin: origin)) {
      $0.session = Fixture.createdProjection(origin: origin)
    }
  }

  @Test func settingsChangedChangesOnlyTheFieldsItCarries() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    session.send(Fixture.settingsChanged(reasoningEffort: "high")) {
      $0.session?.reasoningEffort = "high"
    }
    session.send(Fixture.settingsChanged(model: "o4-mini", sandboxMode: .readOnly)) {
      $0.session?.model = "o4-mini"
      $0.session?.sandboxMode = .readOnly
    }
    session.send(
      Fixture.settingsChanged(
        model: "gpt-5", reasoningEffort: "low", approvalPolicy: .never,
        sandboxMode: .dangerFullAccess, cwd: "/tmp/elsewhere")
    ) {
      $0.session?.model = "gpt-5"
      $0.session?.reasoningEffort = "low"
      $0.session?.approvalPolicy = .never
      $0.session?.sandboxMode = .dangerFullAccess
      $0.session?.cwd = "/tmp/elsewhere"
    }
    // All nil: nothing changes, and it is not an ignored event.
    session.send(Fixture.settingsChanged())
  }

  @Test func renamedArchivedAndUnarchived() {
    var session = TestSession()
    session.fold(Fixture.sessionCreated())
    session.send(Fixture.renamed("Fix the flaky build")) {
      $0.session?.title = "Fix the flaky build"
    }
    session.send(Fixture.renamed("日本語のタイトル 🌍")) { $0.session?.title = "日本語のタイトル 🌍" }
    session.send(Fixture.archived) { $0.session?.archived = true }
    session.send(Fixture.archived)
    session.send(Fixture.unarchived) { $0.session?.archived = false }
    session.send(Fixture.unarchived)

    var expected = SessionState()
    expected.lastSeq = Seq(7)
    expected.session = Fixture.createdProjection()
    expected.session?.title = "日本語のタイトル 🌍"
    #expect(session.state == expected)
  }

  @Test func metadataEventsBeforeTheSessionExistsAreIgnored() {
    var session = TestSession()
    session.sendIgnored(Fixture.settingsChanged(model: "gpt-5"))
    session.sendIgnored(Fixture.renamed("Early"))
    session.sendIgnored(Fixture.archived)
    session.sendIgnored(Fixture.unarchived)
    session.send(Fixture.sessionCreated()) {
      $0.session = Fixture.createdProjection(seq: Seq(5))
    }
  }
}
