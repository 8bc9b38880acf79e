import CairnCore
import CairnEngine
import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Forks share the parent's sealed segments, replay to the parent's state at the fork
/// point, and survive the parent's forced deletion with every record.
@Suite struct SessionForkTests {
  private final class Clock: @unchecked Sendable {
    var now: Int64 = 1_800_000_000_000_000_000
    func tick() -> Int64 {
      now += 1_000
      return now
    }
  }

  private let small = EngineOptions(
    log: LogOptions(durability: .buffered, blockBytesTarget: 1024, segmentRollBytes: 16 * 1024),
    checkpointTurnEndEventsMin: 200)

  @Test func aForkSharesSealedSegmentsAndReplaysToTheParentsState() throws {
    let home = CairnHome(
      root: FileManager.default.temporaryDirectory
        .appendingPathComponent("cairn-fork-\(UUID().uuidString)").path)
    defer { try? FileManager.default.removeItem(atPath: home.root) }
    let parent = SessionID("parent")
    let final = try SessionFixture.generate(
      home: home, sessionID: parent,
      options: SessionFixture.Options(events: 3_000, seed: 77, toolChunkBytesMean: 300),
      engineOptions: small)
    let parentDirectory = home.sessionDirectory(parent)
    let forkSeq = Seq(final.lastSeq.rawValue / 2)
    let atFork = try SessionReplay.run(
      sessionID: parent, directory: parentDirectory, until: forkSeq, verify: false
    ).state

    let clock = Clock()
    let child = try SessionFork.fork(
      home: home, parent: parent, at: forkSeq, child: SessionID("child"), options: small,
      clock: clock.tick)
    let childDirectory = home.sessionDirectory(SessionID("child"))
    let prefix = try #require(try LogPrefix.load(directory: childDirectory))
    #expect(prefix.parentDirectory == "../parent")
    #expect(prefix.sharedThrough > .none)
    #expect(prefix.sharedThrough <= forkSeq)
    // The child holds no copy of the shared segments.
    let ownSegments = try FileManager.default.contentsOfDirectory(atPath: childDirectory)
      .filter { $0.hasSuffix(".seg") }
    let ownBases = ownSegments.compactMap { SegmentHeader.baseSeq(fileName: $0) }
    #expect(!ownBases.isEmpty)
    #expect(ownBases.allSatisfy { $0 > prefix.sharedThrough })

    // The child's state is the parent's at the fork point, then its own first event.
    var expected = atFork
    _ = SessionState.evolve(
      &expected,
      Envelope(
        seq: forkSeq.next, recordedAtNanoseconds: clock.now,
        event: .sessionCreated(
          SessionCreated(
            sessionID: SessionID("child"), cwd: atFork.session!.cwd, model: atFork.session!.model,
            provider: atFork.session!.provider, approvalPolicy: atFork.session!.approvalPolicy,
            sandboxMode: atFork.session!.sandboxMode,
            origin: SessionOrigin(parent: parent, forkSeq: forkSeq)))))
    #expect(child.state == expected)
    try child.close()
    let replayed = try SessionReplay.run(
      sessionID: SessionID("child"), directory: childDirectory, verify: true)
    #expect(replayed.state == expected)
    #expect(replayed.mismatches.isEmpty)
    #expect(try LogVerifier.verify(directory: childDirectory).status == .clean)

    // Deleting the parent is refused while the fork shares its segments…
    #expect(throws: EngineError.self) { try SessionFork.delete(home: home, parent, force: false) }
    // …and forced, it first copies them into the fork, which keeps every record.
    let freed = try SessionFork.delete(home: home, parent, force: true)
    #expect(freed == [SessionID("child")])
    #expect(!FileManager.default.fileExists(atPath: parentDirectory))
    #expect(try LogPrefix.load(directory: childDirectory) == nil)
    let afterDelete = try SessionReplay.run(
      sessionID: SessionID("child"), directory: childDirectory, verify: true)
    #expect(afterDelete.state == expected)
    #expect(try LogVerifier.verify(directory: childDirectory).status == .clean)
    let listed = try SessionStore(home: home).list().map(\.sessionID)
    #expect(listed == ["child"])
  }
}
