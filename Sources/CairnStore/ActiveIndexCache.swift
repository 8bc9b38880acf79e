import CairnLogFormat

/// The verified watermark of the active segment, with the index of the blocks before it:
/// `DIR/active.idx`. Saved lazily (no fsync) so that opening a log verifies only what was
/// written after the last save. docs/LOG_FORMAT.md, "Verified watermark".
struct ActiveIndexCache: Equatable {
  static let fileName = "active.idx"
  static let magic = magic64("CAIRNIDX")
  static let fixedByteCount = 64

  var baseSeq: Seq
  var salt: UInt64
  var verifiedEnd: UInt64
  var lastChecksum: UInt64
  var nextSeq: Seq
  var entries: [IndexEntry]

  func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Self.fixedByteCount + entries.count * IndexEntry.byteCount + 8)
    append(&bytes, Self.magic)
    append(&bytes, UInt64(FormatLimits.formatVersion))
    append(&bytes, baseSeq.rawValue)
    append(&bytes, salt)
    append(&bytes, verifiedEnd)
    append(&bytes, lastChecksum)
    append(&bytes, nextSeq.rawValue)
    append(&bytes, UInt64(entries.count))
    for entry in entries {
      append(&bytes, entry.firstSeq.rawValue)
      append(&bytes, entry.offset)
    }
    append(&bytes, Checksum.xxh3(bytes))
    return bytes
  }

  /// Decodes a cache file; nil for anything that does not verify (the cache is only an
  /// optimisation: a bad one means a full scan of the active segment).
  static func decode(_ bytes: [UInt8]) -> ActiveIndexCache? {
    guard bytes.count >= fixedByteCount + 8 else { return nil }
    func field(_ index: Int) -> UInt64 {
      var value: UInt64 = 0
      for byte in 0..<8 { value |= UInt64(bytes[index * 8 + byte]) << (8 * UInt64(byte)) }
      return value
    }
    let body = bytes.count - 8
    var stored: UInt64 = 0
    for byte in 0..<8 { stored |= UInt64(bytes[body + byte]) << (8 * UInt64(byte)) }
    guard field(0) == magic, field(1) == UInt64(FormatLimits.formatVersion),
      stored == Checksum.xxh3(Array(bytes[0..<body]))
    else { return nil }
    let count = field(7)
    guard count <= UInt64(bytes.count), fixedByteCount + Int(count) * 16 + 8 == bytes.count else {
      return nil
    }
    var entries: [IndexEntry] = []
    entries.reserveCapacity(Int(count))
    for index in 0..<Int(count) {
      entries.append(IndexEntry(firstSeq: Seq(field(8 + index * 2)), offset: field(9 + index * 2)))
    }
    return ActiveIndexCache(
      baseSeq: Seq(field(2)), salt: field(3), verifiedEnd: field(4), lastChecksum: field(5),
      nextSeq: Seq(field(6)), entries: entries)
  }

  private func append(_ bytes: inout [UInt8], _ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  static func load(directory: String) -> ActiveIndexCache? {
    let path = FileSystem.join(directory, fileName)
    guard let file = try? PosixFile.openForReading(path), let size = try? file.size(),
      size <= 64 * 1024 * 1024, let bytes = try? file.readBytes(count: Int(size), at: 0)
    else { return nil }
    return decode(bytes)
  }

  func save(directory: String) throws {
    try FileSystem.writeAtomically(
      encoded(), to: FileSystem.join(directory, Self.fileName), durable: false)
  }
}
