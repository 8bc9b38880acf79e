import CairnLogFormat
import Testing

@Suite("CheckpointFile: a 48-byte header and the state bytes")
struct CheckpointFileTests {
  static func decode(_ bytes: [UInt8]) -> Result<CheckpointFile, FormatDefect> {
    attempt { try bytes.withUnsafeBytes { try CheckpointFile.decode($0) } }
  }

  /// Re-seals a hand-edited header with a valid header checksum.
  static func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    copy.storeLE(Checksum.xxh3(Array(copy[0..<40])), at: 40)
    return copy
  }

  @Test("decode(encode(file)) == file", arguments: [0, 1, 47, 48, 1000, 300_000])
  func roundTrip(size: Int) throws {
    var random = SeededRandom(seed: 41 + UInt64(size))
    for _ in 0..<5 {
      let file = CheckpointFile(
        seq: Seq(random.next()), schemaVersion: UInt16(truncatingIfNeeded: random.next()),
        bytes: random.bytes(size))
      let bytes = file.encoded()
      #expect(bytes.count == 48 + size)
      #expect(try Self.decode(bytes).get() == file)
    }
  }

  @Test("the byte layout of every field")
  func layout() {
    let body: [UInt8] = [1, 2, 3, 4, 5]
    let bytes = CheckpointFile(seq: Seq(0x0102_0304), schemaVersion: 0x0A0B, bytes: body)
      .encoded()
    #expect(Array(bytes[0..<8]) == ascii("CAIRNCKP"))
    #expect(bytes.loadLE(at: 8, as: UInt16.self) == 1)
    #expect(bytes.loadLE(at: 10, as: UInt16.self) == 0x0A0B)
    #expect(bytes.loadLE(at: 12, as: UInt32.self) == 0)
    #expect(bytes.loadLE(at: 16, as: UInt64.self) == 0x0102_0304)
    #expect(bytes.loadLE(at: 24, as: UInt64.self) == 5)
    #expect(bytes.loadLE(at: 32, as: UInt64.self) == Checksum.xxh3(body))
    #expect(bytes.loadLE(at: 40, as: UInt64.self) == Checksum.xxh3(Array(bytes[0..<40])))
    #expect(Array(bytes[48...]) == body)
  }

  static let sample = CheckpointFile(seq: Seq(99), schemaVersion: 3, bytes: Array(0..<200))

  @Test("hostile input: short, wrong magic, damaged header or body")
  func hostile() {
    let bytes = Self.sample.encoded()
    #expect(Self.decode([]).failure == .incomplete(needed: 48, available: 0))
    #expect(Self.decode(Array(bytes[0..<47])).failure == .incomplete(needed: 48, available: 47))
    var magic = bytes
    magic[0] = UInt8(ascii: "X")
    #expect(Self.decode(magic).failure == .badMagic(expected: "CAIRNCKP"))
    var header = bytes
    header[17] ^= 1
    #expect(Self.decode(header).failure?.caseName == "checksumMismatch")
    var body = bytes
    body[100] ^= 0x80
    #expect(Self.decode(body).failure?.caseName == "checksumMismatch")
    #expect(
      Self.decode(Array(bytes.dropLast())).failure
        == .lengthOutOfRange(field: "checkpoint length", value: 200, limit: 199))
    #expect(
      Self.decode(bytes + [0]).failure
        == .lengthOutOfRange(field: "checkpoint length", value: 200, limit: 201))
    var random = SeededRandom(seed: 42)
    for _ in 0..<1000 {
      #expect(Self.decode(random.bytes(48 + random.below(100))).failure != nil)
    }
  }

  @Test("a future format version is unsupportedVersion", arguments: [0, 2, 0xFFFF])
  func futureVersion(version: UInt16) {
    var bytes = Self.sample.encoded()
    bytes.storeLE(version, at: 8)
    #expect(
      Self.decode(Self.resealed(bytes)).failure
        == .unsupportedVersion(found: version, supported: 1))
  }

  @Test("a nonzero reserved field is refused")
  func reservedField() {
    var bytes = Self.sample.encoded()
    bytes.storeLE(UInt32(4), at: 12)
    #expect(
      Self.decode(Self.resealed(bytes)).failure
        == .badField(name: "checkpoint reserved", value: 4))
  }

  @Test("an absurd length field is lengthOutOfRange")
  func absurdLength() {
    var bytes = Self.sample.encoded()
    bytes.storeLE(UInt64.max, at: 24)
    #expect(
      Self.decode(Self.resealed(bytes)).failure
        == .lengthOutOfRange(field: "checkpoint length", value: .max, limit: 200))
  }

  @Test("every single flipped bit is rejected")
  func everyBitFlip() {
    let bytes = CheckpointFile(seq: Seq(7), schemaVersion: 1, bytes: Array(0..<64)).encoded()
    var rejected = 0
    for bit in 0..<(bytes.count * 8) {
      if Self.decode(bytes.flippingBit(bit)).failure != nil {
        rejected += 1
      } else {
        Issue.record("flipping bit \(bit % 8) of byte \(bit / 8) went unnoticed")
      }
    }
    #expect(rejected == bytes.count * 8)
  }
}
