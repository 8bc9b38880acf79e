/// Reads the fields `BinaryWriter` writes, from a borrowed buffer, checking every length
/// against what is left so that hostile payloads fail with a `DecodeError`, never a trap
/// or a huge allocation.
public struct BinaryReader {
  public let bytes: UnsafeRawBufferPointer
  public var offset = 0

  public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  public var remaining: Int { bytes.count - offset }

  @inlinable
  public mutating func uint() throws(DecodeError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    let start = offset
    while true {
      guard offset < bytes.count else { throw .truncated(offset: offset, needed: 1) }
      let byte = bytes[offset]
      offset += 1
      if shift == 63 && byte > 1 { throw .overlongInteger(offset: start) }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
      if shift > 63 { throw .overlongInteger(offset: start) }
    }
  }

  @inlinable
  public mutating func int() throws(DecodeError) -> Int64 {
    let raw = try uint()
    return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
  }

  /// An unsigned integer that must fit `T`.
  public mutating func uint<T: FixedWidthInteger & UnsignedInteger>(as type: T.Type)
    throws(DecodeError) -> T
  {
    let start = offset
    let value = try uint()
    guard let fitted = T(exactly: value) else {
      throw .lengthOutOfRange(offset: start, length: value)
    }
    return fitted
  }

  /// A signed integer that must fit `T`.
  public mutating func int<T: FixedWidthInteger & SignedInteger>(as type: T.Type)
    throws(DecodeError) -> T
  {
    let start = offset
    let value = try int()
    guard let fitted = T(exactly: value) else {
      throw .lengthOutOfRange(offset: start, length: UInt64(bitPattern: value))
    }
    return fitted
  }

  public mutating func bool() throws(DecodeError) -> Bool {
    guard offset < bytes.count else { throw .truncated(offset: offset, needed: 1) }
    let byte = bytes[offset]
    guard byte <= 1 else { throw .unknownTag(type: "Bool", tag: UInt64(byte), offset: offset) }
    offset += 1
    return byte == 1
  }

  /// A length that must fit in what is left of the payload.
  public mutating func length() throws(DecodeError) -> Int {
    let start = offset
    let value = try uint()
    guard value <= UInt64(remaining) else { throw .lengthOutOfRange(offset: start, length: value) }
    return Int(value)
  }

  public mutating func string() throws(DecodeError) -> String {
    let count = try length()
    let start = offset
    let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<start + count])
    // ASCII needs no validation and takes the specialized decoding path; the generic
    // `String(validating:as:)` looks up type metadata on every call.
    let text: String
    if Self.isASCII(slice) {
      text = String(decoding: slice, as: UTF8.self)
    } else {
      guard let validated = String(validating: slice, as: UTF8.self) else {
        throw .invalidUTF8(offset: start)
      }
      text = validated
    }
    offset += count
    return text
  }

  static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var index = 0
    var high: UInt64 = 0
    while index + 8 <= bytes.count {
      high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      index += 8
    }
    while index < bytes.count {
      high |= UInt64(bytes[index])
      index += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
  }

  public mutating func byteString() throws(DecodeError) -> [UInt8] {
    let count = try length()
    let value = Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
    offset += count
    return value
  }

  public mutating func optional<T>(_ decode: (inout BinaryReader) throws(DecodeError) -> T)
    throws(DecodeError) -> T?
  {
    guard try bool() else { return nil }
    return try decode(&self)
  }

  /// An array; every element takes at least one byte, which bounds the count.
  public mutating func array<T>(_ decode: (inout BinaryReader) throws(DecodeError) -> T)
    throws(DecodeError) -> [T]
  {
    let count = try length()
    var values: [T] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try decode(&self)) }
    return values
  }

  public mutating func value<T: BinaryCodable>(_ type: T.Type) throws(DecodeError) -> T {
    try T(from: &self)
  }

  /// Fails unless every byte was read.
  public func finish() throws(DecodeError) {
    guard remaining == 0 else { throw .trailingBytes(offset: offset, count: remaining) }
  }
}

/// A type with a binary payload encoding.
public protocol BinaryCodable {
  func encode(to writer: inout BinaryWriter)
  init(from reader: inout BinaryReader) throws(DecodeError)
}

extension BinaryCodable {
  /// The value's payload bytes.
  public func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    encode(to: &writer)
    return writer.bytes
  }

  /// Decodes a whole payload: every byte must belong to the value.
  public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> Self {
    var reader = BinaryReader(bytes)
    let value = try Self(from: &reader)
    try reader.finish()
    return value
  }
}
