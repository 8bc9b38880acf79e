import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Damaged homes and logs get clear answers: a catalog that does not verify is rebuilt
/// from the logs; a record of an unknown kind or a future schema is an error naming the
/// session and the record, never a guess.
@Suite struct HostileSessionTests {
  private func home() -> CairnHome {
    CairnHome(
      root: FileManager.default.temporaryDirectory
        .appendingPathComponent("cairn-hostile-\(UUID().uuidString)").path)
  }

  private func makeSession(_ home: CairnHome, _ id: String) throws {
    var now: Int64 = 0
    let engine = try SessionEngine.create(
      home: home,
      SessionCreated(
        sessionID: SessionID(id), cwd: "/w", model: "m", provider: "p", approvalPolicy: .never,
        sandboxMode: .readOnly),
      clock: {
        now += 1
        return now
      })
    try engine.send(.renameSession(SessionRenamed(title: "title of \(id)")))
    try engine.close()
  }

  @Test func aDamagedOrMissingCatalogIsRebuiltFromTheLogs() throws {
    let home = home()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    try makeSession(home, "a")
    try makeSession(home, "b")
    let listed = try SessionStore(home: home).list().map(\.title)
    #expect(listed == ["title of a", "title of b"])
    let catalog = home.root + "/" + SessionCatalog.fileName
    var bytes = try Data(contentsOf: URL(fileURLWithPath: catalog))
    bytes[bytes.count / 2] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: catalog))
    #expect(try SessionStore(home: home).list().map(\.title) == listed)
    try Data().write(to: URL(fileURLWithPath: catalog))
    #expect(try SessionStore(home: home).list().map(\.title) == listed)
    try FileManager.default.removeItem(atPath: catalog)
    #expect(try SessionStore(home: home).list().map(\.title) == listed)
  }

  @Test(arguments: [(UInt16(999), UInt16(1)), (EventKind.sessionRenamed.rawValue, UInt16(7))])
  func anUnreadableRecordIsAnErrorNamingIt(kind: UInt16, schemaVersion: UInt16) throws {
    let home = home()
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    try makeSession(home, "s")
    let directory = home.sessionDirectory(SessionID("s"))
    // Remove the checkpoints so that a resume must read every record.
    try FileManager.default.removeItem(atPath: directory + "/checkpoints")
    let writer = try LogWriter(directory: directory)
    let seq = try writer.append(
      RecordDraft(recordedAtNanoseconds: 9, kind: kind, schemaVersion: schemaVersion, payload: [0]))
    try writer.close()
    var thrown: EngineError?
    do {
      _ = try SessionResume.load(sessionID: SessionID("s"), directory: directory)
    } catch let error as EngineError {
      thrown = error
    }
    guard case .undecodableEvent(let session, let at, let cause)? = thrown else {
      Issue.record("expected undecodableEvent, got \(String(describing: thrown))")
      return
    }
    #expect(session == SessionID("s"))
    #expect(at == seq.rawValue)
    #expect(thrown?.description.contains("upgrade") == true)
    if kind == 999 {
      #expect(cause == .unknownEventKind(999))
    } else {
      #expect(cause == .unsupportedSchemaVersion(kind: kind, found: 7, supported: 1))
    }
    #expect(thrown?.exitCode == 2)
  }
}
