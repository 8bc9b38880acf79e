import CairnLogFormat

/// The whole-segment checksum a footer carries: XXH3-64, seeded with the salt, of every
/// byte before the footer, computed from the file as it is on disk.
enum SegmentChecksum {
  static func compute(file: PosixFile, salt: UInt64, upTo end: UInt64) throws -> UInt64 {
    let checksum = StreamingChecksum(seed: salt)
    let chunkBytes = 1 << 20
    var buffer = [UInt8](repeating: 0, count: chunkBytes)
    var offset: UInt64 = 0
    while offset < end {
      let count = Int(min(UInt64(chunkBytes), end - offset))
      let got = try buffer.withUnsafeMutableBytes { bytes in
        try file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<count]), at: offset)
      }
      guard got == count else {
        throw LogError.io(
          path: file.path, operation: "read at offset \(offset + UInt64(got))", errno: 5)
      }
      buffer.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      offset += UInt64(count)
    }
    return checksum.digest()
  }
}
