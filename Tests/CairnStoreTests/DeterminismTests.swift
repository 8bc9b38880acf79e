import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// docs/LOG_FORMAT.md, "Same seed, same bytes": with seeded salts, the same records and
/// options, a log is byte for byte the same file set.
@Suite("Determinism: same seed, same bytes")
struct DeterminismTests {
  static func write(_ directory: String, recordSeed: UInt64, saltSeed: UInt64) throws {
    // Records generated afresh each time, so the generator's determinism is tested too.
    let records = sessionRecords(seed: recordSeed, count: 700, payloadBytes: 40...400)
    try appendRecords(
      records, to: directory,
      options: LogOptions(
        durability: .buffered, blockBytesTarget: 1024, segmentRollBytes: 16 * 1024,
        recordPayloadBytesMax: 4096, salts: .seeded(saltSeed)),
      commitEvery: 50)
  }

  /// Every file of a log directory except the lock, by name.
  static func files(_ directory: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    for name in try directoryNames(directory) where name != "LOCK" {
      files[name] = try readFile(join(directory, name))
    }
    return files
  }

  @Test("the same records with the same salt seed give byte-identical files")
  func sameSeedSameBytes() throws {
    let root = try makeTemporaryDirectory("determinism")
    defer { removeDirectory(root) }
    try Self.write(join(root, "a"), recordSeed: 42, saltSeed: 7)
    try Self.write(join(root, "b"), recordSeed: 42, saltSeed: 7)
    let a = try Self.files(join(root, "a"))
    let b = try Self.files(join(root, "b"))
    #expect(a.keys.filter { $0.hasSuffix(".seg") }.count >= 3)
    #expect(a.keys.contains("active.idx"))
    #expect(a.keys.sorted() == b.keys.sorted())
    for name in a.keys.sorted() { #expect(a[name] == b[name], "\(name)") }
    #expect(try readFile(join(root, "a/LOCK")) == readFile(join(root, "b/LOCK")))
  }

  @Test("another salt seed changes every segment's bytes but not the records")
  func otherSaltSameRecords() throws {
    let root = try makeTemporaryDirectory("determinism-salt")
    defer { removeDirectory(root) }
    try Self.write(join(root, "a"), recordSeed: 42, saltSeed: 7)
    try Self.write(join(root, "b"), recordSeed: 42, saltSeed: 8)
    let a = try segmentContents(join(root, "a"))
    let b = try segmentContents(join(root, "b"))
    #expect(a.keys.sorted() == b.keys.sorted())
    for name in a.keys.sorted() {
      #expect(a[name] != b[name], "\(name)")
      // The same layout: only salts and checksums differ.
      #expect(a[name]?.count == b[name]?.count, "\(name)")
    }
    #expect(try readAllRecords(join(root, "a")) == readAllRecords(join(root, "b")))
  }

  @Test("another record seed gives other records")
  func otherRecordSeed() {
    let first = sessionRecords(seed: 42, count: 50)
    #expect(first == sessionRecords(seed: 42, count: 50))
    #expect(first != sessionRecords(seed: 43, count: 50))
    #expect(first.map(\.seq) == (1...50).map { Seq(UInt64($0)) })
    #expect(first.allSatisfy { (100...500).contains($0.payload.count) })
  }
}
