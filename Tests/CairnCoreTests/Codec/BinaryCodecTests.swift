import CairnCore
import Testing

/// The payload primitives: round trips at the edges, and hostile bytes that must fail with
/// a typed error, never a trap.
@Suite struct BinaryCodecTests {
  private func decoded<T>(
    _ bytes: [UInt8], _ read: (inout BinaryReader) throws(DecodeError) -> T
  ) -> Result<T, DecodeError> {
    bytes.withUnsafeBytes { raw in
      var reader = BinaryReader(raw)
      do throws(DecodeError) {
        let value = try read(&reader)
        try reader.finish()
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
  }

  @Test(arguments: [
    0, 1, 127, 128, 255, 16_383, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max,
  ])
  func unsignedRoundTrip(value: UInt64) throws {
    var writer = BinaryWriter()
    writer.uint(value)
    let expectedBytes = value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    #expect(writer.bytes.count == expectedBytes)
    #expect(
      try decoded(writer.bytes) { reader throws(DecodeError) in try reader.uint() }.get() == value)
  }

  @Test(arguments: [0, 1, -1, 63, -64, 64, -65, Int64.max, Int64.min])
  func signedRoundTrip(value: Int64) throws {
    var writer = BinaryWriter()
    writer.int(value)
    #expect(
      try decoded(writer.bytes) { reader throws(DecodeError) in try reader.int() }.get() == value)
  }

  @Test func stringsBytesOptionalsAndArraysRoundTrip() throws {
    var writer = BinaryWriter()
    writer.string("héllo, wörld 🌍")
    writer.byteString([0, 255, 7])
    writer.optional(Optional<String>.none) { $0.string($1) }
    writer.optional("x") { $0.string($1) }
    writer.array([3, 1, 2] as [UInt64]) { $0.uint($1) }
    writer.bool(true)
    let bytes = writer.bytes
    let result = decoded(bytes) { reader throws(DecodeError) in
      (
        try reader.string(), try reader.byteString(),
        try reader.optional { reader throws(DecodeError) in try reader.string() },
        try reader.optional { reader throws(DecodeError) in try reader.string() },
        try reader.array { reader throws(DecodeError) in try reader.uint() }, try reader.bool()
      )
    }
    let value = try result.get()
    #expect(value.0 == "héllo, wörld 🌍")
    #expect(value.1 == [0, 255, 7])
    #expect(value.2 == nil)
    #expect(value.3 == "x")
    #expect(value.4 == [3, 1, 2])
    #expect(value.5 == true)
  }

  @Test func hostileBytesFailWithTypedErrors() {
    let overlong = [UInt8](repeating: 0xFF, count: 11)
    #expect(
      decoded(overlong) { reader throws(DecodeError) in try reader.uint() }.failure
        == .overlongInteger(offset: 0))
    let tooBig: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
    #expect(
      decoded(tooBig) { reader throws(DecodeError) in try reader.uint() }.failure
        == .overlongInteger(offset: 0))
    #expect(
      decoded([0x80]) { reader throws(DecodeError) in try reader.uint() }.failure
        == .truncated(offset: 1, needed: 1))
    // A string that claims more bytes than remain.
    #expect(
      decoded([0x05, 0x41]) { reader throws(DecodeError) in try reader.string() }.failure
        == .lengthOutOfRange(offset: 0, length: 5))
    #expect(
      decoded([0x02, 0xC3, 0x28]) { reader throws(DecodeError) in try reader.string() }.failure
        == .invalidUTF8(offset: 1))
    // An array claiming 2^60 elements is refused before any allocation.
    #expect(
      decoded([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]) {
        reader throws(DecodeError) in
        try reader.array { reader throws(DecodeError) in try reader.uint() }
      }.failure == .lengthOutOfRange(offset: 0, length: 1 << 60))
    #expect(
      decoded([0x01, 0x00]) { reader throws(DecodeError) in try reader.uint() }.failure
        == .trailingBytes(offset: 1, count: 1))
    #expect(
      decoded([0x02]) { reader throws(DecodeError) in try reader.bool() }.failure
        == .unknownTag(type: "Bool", tag: 2, offset: 0))
    var narrow = BinaryWriter()
    narrow.uint(UInt64(70_000))
    #expect(
      decoded(narrow.bytes) { reader throws(DecodeError) in try reader.uint(as: UInt16.self) }
        .failure == .lengthOutOfRange(offset: 0, length: 70_000))
  }
}

extension Result {
  fileprivate var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
