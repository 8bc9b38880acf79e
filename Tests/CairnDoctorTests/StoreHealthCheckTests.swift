import CairnCodex
import CairnCore
import CairnDoctor
import CairnEngine
import CairnStore
import Foundation
import Testing

/// `store.health` over real sessions written by the engine, damaged on purpose.
@Suite struct StoreHealthCheckTests {
  /// A session of a few hundred events in small blocks, so that a segment holds many.
  func makeSession(_ home: CairnHome, _ id: String, seed: UInt64 = 1) throws {
    _ = try SessionFixture.generate(
      home: home, sessionID: SessionID(id),
      options: SessionFixture.Options(events: 400, seed: seed),
      engineOptions: EngineOptions(
        log: LogOptions(durability: .buffered, blockBytesTarget: 4096),
        checkpointTurnEndEventsMin: 1_000))
  }

  /// The segment files of a log directory, in order.
  func segments(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".seg") }.sorted()
  }

  /// Offsets of the blocks of a segment: a 64-byte segment header, then blocks, each a
  /// 48-byte header ("CBLK", stored bytes u32 LE at 20) and its payload
  /// (docs/LOG_FORMAT.md).
  func blockOffsets(_ bytes: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var offset = 64
    while offset + 48 <= bytes.count, Array(bytes[offset..<offset + 4]) == Array("CBLK".utf8) {
      offsets.append(offset)
      let stored = (0..<4).reduce(0) { $0 | Int(bytes[offset + 20 + $1]) << (8 * $1) }
      offset += 48 + stored
    }
    return offsets
  }

  @Test func cleanSessionsAreOK() throws {
    try withDirectory { root in
      let home = CairnHome(root: root)
      try makeSession(home, "alpha")
      try makeSession(home, "beta", seed: 2)
      var calls: [(Int, Int)] = []
      let check = StoreHealthCheck.run(home: home) { calls.append(($0, $1)) }
      #expect(check.status == .ok, "\(check.detail)")
      #expect(check.detail.hasPrefix("2 sessions verified ("))
      #expect(check.detail.hasSuffix("), all clean"))
      #expect(calls.map(\.0) == [0, 1, 2])
      #expect(calls.map(\.1) == [2, 2, 2])
    }
  }

  @Test func aFlippedBitFailsNamingSessionSegmentAndOffset() throws {
    try withDirectory { root in
      let home = CairnHome(root: root)
      try makeSession(home, "alpha")
      try makeSession(home, "damaged", seed: 3)
      let directory = home.sessionDirectory(SessionID("damaged"))
      let segment = try #require(try segments(directory).first)
      let path = directory + "/" + segment
      var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
      let offsets = blockOffsets(bytes)
      try #require(offsets.count >= 3)
      let victim = offsets[1]
      bytes[victim + 60] ^= 0x10
      try Data(bytes).write(to: URL(fileURLWithPath: path))

      let check = StoreHealthCheck.run(home: home)
      #expect(check.status == .failed)
      #expect(
        check.detail.hasPrefix(
          "1 of 2 sessions damaged; first: session damaged: corruption in \(segment) at offset "
            + "\(victim): "), "\(check.detail)")
      #expect(
        check.fix == "`cairn log repair \(directory) --force`"
          + " cuts the damaged block and everything after it, after saving those bytes to "
          + "quarantine files beside the log")
      let finding = try #require(check.findings.first)
      let members = Dictionary(uniqueKeysWithValues: finding.members.map { ($0.0, $0.1.text) })
      #expect(members["session_id"] == "\"damaged\"")
      #expect(members["segment"] == "\"\(segment)\"")
      #expect(members["offset"] == "\(victim)")
      #expect(members["kind"] == "\"corrupt\"")
    }
  }

  @Test func aTornTailIsAWarning() throws {
    try withDirectory { root in
      let home = CairnHome(root: root)
      try makeSession(home, "torn")
      let directory = home.sessionDirectory(SessionID("torn"))
      let segment = try #require(try segments(directory).last)
      let handle = try #require(FileHandle(forWritingAtPath: directory + "/" + segment))
      let end = try handle.seekToEnd()
      try handle.write(contentsOf: Data("CBLK and then a crash".utf8))
      try handle.close()
      let check = StoreHealthCheck.run(home: home)
      #expect(check.status == .warning)
      #expect(check.detail.contains("session torn: torn tail in \(segment) at offset \(end)"))
      #expect(check.fix?.hasPrefix("`cairn log repair \(directory)`") == true)
    }
  }

  @Test func anEmptySessionDirectoryIsAWarning() throws {
    try withDirectory { root in
      let home = CairnHome(root: root)
      try FileManager.default.createDirectory(
        atPath: home.sessionDirectory(SessionID("hollow")), withIntermediateDirectories: true)
      let check = StoreHealthCheck.run(home: home)
      #expect(check.status == .warning)
      #expect(check.detail.contains("session hollow: empty"))
    }
  }

  @Test func aMissingHomeIsOK() throws {
    try withDirectory { root in
      let check = StoreHealthCheck.run(home: CairnHome(root: root + "/none"))
      #expect(check.status == .ok)
      #expect(check.detail == "no Cairn home at \(root)/none yet (the first session creates it)")
    }
  }
}
