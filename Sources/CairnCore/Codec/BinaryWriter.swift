/// Appends the fields of a binary payload: LEB128 variable-length unsigned integers,
/// zigzag for signed ones, length-prefixed UTF-8 strings and byte strings.
/// docs/EVENTS.md, "Payload encoding", is the contract.
public struct BinaryWriter: Sendable {
  public var bytes: [UInt8]

  public init(capacity: Int = 64) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  @inlinable
  public mutating func uint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  @inlinable
  public mutating func int(_ value: Int64) {
    uint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  @inlinable public mutating func uint<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
    uint(UInt64(value))
  }

  @inlinable public mutating func int<T: FixedWidthInteger & SignedInteger>(_ value: T) {
    int(Int64(value))
  }

  @inlinable public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  public mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      uint(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  public mutating func byteString(_ value: [UInt8]) {
    uint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  public mutating func optional<T>(_ value: T?, _ encode: (inout BinaryWriter, T) -> Void) {
    if let value {
      bytes.append(1)
      encode(&self, value)
    } else {
      bytes.append(0)
    }
  }

  public mutating func array<T>(_ values: [T], _ encode: (inout BinaryWriter, T) -> Void) {
    uint(UInt64(values.count))
    for value in values { encode(&self, value) }
  }

  public mutating func value<T: BinaryCodable>(_ value: T) { value.encode(to: &self) }
}
