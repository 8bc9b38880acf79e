// Little-endian fixed-width fields. Every multi-byte integer in the log is little-endian
// (docs/LOG_FORMAT.md, "Conventions").

extension UnsafeRawPointer {
  @inlinable @inline(__always)
  public func loadLE<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    T(littleEndian: self.loadUnaligned(fromByteOffset: offset, as: T.self))
  }
}

extension UnsafeMutableRawPointer {
  @inlinable @inline(__always)
  public func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    self.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
  }
}

extension UnsafeRawBufferPointer {
  @inlinable @inline(__always)
  public func loadLE<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "read past the buffer")
    return baseAddress!.loadLE(at: offset, as: T.self)
  }
}

/// Appends little-endian fields to a byte array.
extension Array where Element == UInt8 {
  @inlinable
  public mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { self.append(contentsOf: $0) }
  }
}

/// Eight ASCII bytes read as a little-endian UInt64, for magic numbers.
public func magic64(_ text: StaticString) -> UInt64 {
  precondition(text.utf8CodeUnitCount == 8, "a 64-bit magic has 8 bytes")
  var value: UInt64 = 0
  text.withUTF8Buffer { bytes in
    for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
  }
  return value
}

/// Four ASCII bytes read as a little-endian UInt32, for magic numbers.
public func magic32(_ text: StaticString) -> UInt32 {
  precondition(text.utf8CodeUnitCount == 4, "a 32-bit magic has 4 bytes")
  var value: UInt32 = 0
  text.withUTF8Buffer { bytes in
    for (index, byte) in bytes.enumerated() { value |= UInt32(byte) << (8 * UInt32(index)) }
  }
  return value
}
