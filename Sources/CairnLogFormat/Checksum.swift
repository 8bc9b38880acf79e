import CXXHash

/// XXH3-64, the one checksum of the log format.
public enum Checksum {
  /// XXH3-64 of `bytes` with `seed` (a segment's salt, or 0).
  @inlinable
  public static func xxh3(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    XXH3_64bits_withSeed(bytes.baseAddress, bytes.count, seed)
  }

  /// XXH3-64 of a byte array.
  public static func xxh3(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { xxh3($0, seed: seed) }
  }
}

/// A streaming XXH3-64 state, for checksums over data that arrives in pieces
/// (a whole segment, written one block at a time).
public final class StreamingChecksum {
  private let state: OpaquePointer

  public init(seed: UInt64) {
    guard let state = XXH3_createState() else {
      preconditionFailure("XXH3_createState returned NULL: out of memory")
    }
    self.state = state
    XXH3_64bits_reset_withSeed(state, seed)
  }

  deinit { XXH3_freeState(state) }

  public func update(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count > 0 else { return }
    XXH3_64bits_update(state, bytes.baseAddress, bytes.count)
  }

  public func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  public func digest() -> UInt64 { XXH3_64bits_digest(state) }
}
