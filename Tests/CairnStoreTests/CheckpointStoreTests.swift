import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// `DIR/checkpoints/`: one checksummed file per checkpoint, written atomically, read back
/// newest first for exactly the schema version asked for.
@Suite("CheckpointStore: put, latest at or before, schema versions, damage, modes")
struct CheckpointStoreTests {
  static func state(_ seq: UInt64, _ version: UInt16, bytes count: Int = 100) -> [UInt8] {
    var random = SplitMix64(seed: seq &* 31 &+ UInt64(version))
    return noiseBytes(count, &random)
  }

  static func fileName(_ seq: UInt64, _ version: UInt16) -> String {
    let digits = String(seq)
    let schema = String(version)
    return String(repeating: "0", count: 20 - digits.count) + digits + "-v"
      + String(repeating: "0", count: 5 - schema.count) + schema + ".ckpt"
  }

  @Test("latest(atOrBefore:schemaVersion:) picks the newest checkpoint of that version")
  func latestAtOrBefore() throws {
    let root = try makeTemporaryDirectory("checkpoints")
    defer { removeDirectory(root) }
    let store = CheckpointStore(logDirectory: root)
    #expect(try store.latest(atOrBefore: Seq(.max), schemaVersion: 1) == nil)
    let puts: [(UInt64, UInt16, Int)] = [
      (10, 1, 0), (20, 1, 100), (30, 2, 5000), (25, 1, 300_000), (5, 2, 1),
    ]
    for (seq, version, size) in puts {
      try store.put(
        seq: Seq(seq), schemaVersion: version, bytes: Self.state(seq, version, bytes: size))
    }
    func latest(_ seq: UInt64, _ version: UInt16) throws -> UInt64? {
      try store.latest(atOrBefore: Seq(seq), schemaVersion: version)?.seq.rawValue
    }
    #expect(try latest(100, 1) == 25)
    #expect(try latest(25, 1) == 25)
    #expect(try latest(24, 1) == 20)
    #expect(try latest(19, 1) == 10)
    #expect(try latest(9, 1) == nil)
    #expect(try latest(100, 2) == 30)
    #expect(try latest(29, 2) == 5)
    #expect(try latest(4, 2) == nil)
    #expect(try latest(100, 3) == nil)
    #expect(try latest(100, 0) == nil)
    let found = try #require(try store.latest(atOrBefore: Seq(100), schemaVersion: 1))
    #expect(found.seq == Seq(25))
    #expect(found.schemaVersion == 1)
    #expect(found.bytes == Self.state(25, 1, bytes: 300_000))
    let empty = try #require(try store.latest(atOrBefore: Seq(10), schemaVersion: 1))
    #expect(empty.bytes.isEmpty)
    #expect(
      try directoryNames(store.directory)
        == [
          Self.fileName(5, 2), Self.fileName(10, 1), Self.fileName(20, 1), Self.fileName(25, 1),
          Self.fileName(30, 2),
        ])
    // Putting the same checkpoint again replaces it.
    try store.put(seq: Seq(25), schemaVersion: 1, bytes: [9, 9])
    #expect(try store.latest(atOrBefore: Seq(100), schemaVersion: 1)?.bytes == [9, 9])
  }

  @Test(
    "a damaged newest checkpoint is skipped for the one before it",
    arguments: ["flip", "truncate", "empty", "other seq", "future version"])
  func damagedNewestFallsBack(damage: String) throws {
    let root = try makeTemporaryDirectory("checkpoints-damage")
    defer { removeDirectory(root) }
    let store = CheckpointStore(logDirectory: root)
    try store.put(seq: Seq(100), schemaVersion: 4, bytes: Self.state(100, 4))
    try store.put(seq: Seq(200), schemaVersion: 4, bytes: Self.state(200, 4))
    let path = join(store.directory, Self.fileName(200, 4))
    var bytes = try readFile(path)
    switch damage {
    case "flip": bytes[bytes.count - 3] ^= 0x01
    case "truncate": bytes.removeLast(10)
    case "empty": bytes = []
    case "other seq":
      // A valid checkpoint file under another checkpoint's name.
      bytes = CheckpointFile(seq: Seq(150), schemaVersion: 4, bytes: [1]).encoded()
    default:
      bytes.storeLittleEndian(UInt16(2), at: 8)
      bytes.storeLittleEndian(Checksum.xxh3(Array(bytes[0..<40])), at: 40)
    }
    try writeFile(path, bytes)
    let found = try #require(try store.latest(atOrBefore: Seq(1000), schemaVersion: 4))
    #expect(found.seq == Seq(100))
    #expect(found.schemaVersion == 4)
    #expect(found.bytes == Self.state(100, 4))
    // The damaged file is left in place.
    #expect(try readFile(path) == bytes)
  }

  @Test("files that are not checkpoints are ignored")
  func strayFiles() throws {
    let root = try makeTemporaryDirectory("checkpoints-stray")
    defer { removeDirectory(root) }
    let store = CheckpointStore(logDirectory: root)
    try store.put(seq: Seq(7), schemaVersion: 1, bytes: [7])
    let valid = CheckpointFile(seq: Seq(9), schemaVersion: 1, bytes: [9]).encoded()
    for name in [
      Self.fileName(9, 1) + ".tmp-123", "9-v1.ckpt", "00000000000000000009-v1.ckpt",
      "00000000000000000009-v00001.ckp", "0000000000000000000x-v00001.ckpt", "notes.txt",
    ] {
      try writeFile(join(store.directory, name), valid)
    }
    #expect(try store.latest(atOrBefore: Seq(100), schemaVersion: 1)?.seq == Seq(7))
  }

  @Test("the checkpoints directory is 0700 and each file 0600")
  func modes() throws {
    let root = try makeTemporaryDirectory("checkpoints-modes")
    defer { removeDirectory(root) }
    let store = CheckpointStore(logDirectory: join(root, "log"))
    #expect(store.directory == join(root, "log/checkpoints"))
    try store.put(seq: Seq(1), schemaVersion: 1, bytes: [1, 2, 3])
    try store.put(seq: Seq(2), schemaVersion: 3, bytes: [])
    #expect(try permissions(join(root, "log")) == 0o700)
    #expect(try permissions(store.directory) == 0o700)
    let names = try directoryNames(store.directory)
    #expect(names == [Self.fileName(1, 1), Self.fileName(2, 3)])
    for name in names {
      #expect(try permissions(join(store.directory, name)) == 0o600)
      let bytes = try readFile(join(store.directory, name))
      #expect(Array(bytes[0..<8]) == Array("CAIRNCKP".utf8))
    }
  }
}

extension Array where Element == UInt8 {
  /// Overwrites a little-endian field at `offset`.
  mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    Swift.withUnsafeBytes(of: value.littleEndian) { bytes in
      for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
    }
  }
}
