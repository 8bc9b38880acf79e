/// The bytes of one checkpoint file: a 48-byte header and the opaque state bytes.
/// docs/LOG_FORMAT.md, "Checkpoint file".
public struct CheckpointFile: Equatable, Sendable {
  public static let magic = magic64("CAIRNCKP")
  public static let headerByteCount = 48

  public var seq: Seq
  public var schemaVersion: UInt16
  public var bytes: [UInt8]

  public init(seq: Seq, schemaVersion: UInt16, bytes: [UInt8]) {
    self.seq = seq
    self.schemaVersion = schemaVersion
    self.bytes = bytes
  }

  public func encoded() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(Self.headerByteCount + bytes.count)
    out.appendLE(Self.magic)
    out.appendLE(FormatLimits.formatVersion)
    out.appendLE(schemaVersion)
    out.appendLE(UInt32(0))
    out.appendLE(seq.rawValue)
    out.appendLE(UInt64(bytes.count))
    out.appendLE(Checksum.xxh3(bytes))
    out.appendLE(Checksum.xxh3(out))
    out.append(contentsOf: bytes)
    return out
  }

  /// Decodes and verifies a whole checkpoint file.
  public static func decode(_ data: UnsafeRawBufferPointer) throws(FormatDefect) -> CheckpointFile {
    guard data.count >= headerByteCount else {
      throw .incomplete(needed: headerByteCount, available: data.count)
    }
    guard data.loadLE(at: 0, as: UInt64.self) == magic else {
      throw .badMagic(expected: "CAIRNCKP")
    }
    // As for segment headers: the header checksum first, so a flipped version bit is
    // damage and only a verified header of another version is "unsupported".
    let storedHeader = data.loadLE(at: 40, as: UInt64.self)
    let computedHeader = Checksum.xxh3(UnsafeRawBufferPointer(rebasing: data[0..<40]))
    guard storedHeader == computedHeader else {
      throw .checksumMismatch(stored: storedHeader, computed: computedHeader)
    }
    let version = data.loadLE(at: 8, as: UInt16.self)
    guard version == FormatLimits.formatVersion else {
      throw .unsupportedVersion(found: version, supported: FormatLimits.formatVersion)
    }
    let reserved = data.loadLE(at: 12, as: UInt32.self)
    guard reserved == 0 else {
      throw .badField(name: "checkpoint reserved", value: UInt64(reserved))
    }
    let length = data.loadLE(at: 24, as: UInt64.self)
    guard length == UInt64(data.count - headerByteCount) else {
      throw .lengthOutOfRange(
        field: "checkpoint length", value: length, limit: UInt64(data.count - headerByteCount))
    }
    let body = UnsafeRawBufferPointer(rebasing: data[headerByteCount..<data.count])
    let stored = data.loadLE(at: 32, as: UInt64.self)
    let computed = Checksum.xxh3(body)
    guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    return CheckpointFile(
      seq: Seq(data.loadLE(at: 16, as: UInt64.self)),
      schemaVersion: data.loadLE(at: 10, as: UInt16.self), bytes: Array(body))
  }
}
