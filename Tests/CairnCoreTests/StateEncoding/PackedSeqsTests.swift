import CairnCore
import CairnLogFormat
import Testing

/// The transcript's older item seqs, packed as deltas: they round-trip through the state's
/// encoding, and hostile bytes in a checkpoint are errors, never a wrong list.
@Suite struct PackedSeqsTests {
  private func decode(count: UInt64, bytes: [UInt8]) -> Result<[Seq], DecodeError> {
    var transcript = BinaryWriter()
    transcript.uint(UInt64(0))  // an empty window
    transcript.uint(count)
    transcript.byteString(bytes)
    let encoded = transcript.bytes
    return encoded.withUnsafeBytes { raw in
      do throws(DecodeError) {
        var reader = BinaryReader(raw)
        return .success(try TranscriptProjection(from: &reader).olderItemSeqs.all)
      } catch {
        return .failure(error)
      }
    }
  }

  private func fails(count: UInt64, bytes: [UInt8]) -> Bool {
    if case .failure = decode(count: count, bytes: bytes) { return true }
    return false
  }

  @Test func seqsRoundTripThroughTheEncoding() throws {
    let seqs = [1, 2, 130, 131, 20_000, 1 << 40, (1 << 40) + 1].map { Seq(UInt64($0)) }
    let packed = PackedSeqs(seqs)
    #expect(packed.all == seqs)
    #expect(packed.count == seqs.count)
    #expect(packed.last == seqs.last)
    #expect(packed.bytes.count < seqs.count * 8)
    #expect(try decode(count: UInt64(seqs.count), bytes: packed.bytes).get() == seqs)
    #expect(try decode(count: 0, bytes: []).get() == [])
  }

  @Test func hostileBytesAreErrors() {
    // A zero delta repeats a number.
    #expect(fails(count: 2, bytes: [5, 0]))
    // The count disagrees with the bytes, either way.
    #expect(fails(count: 3, bytes: [5, 1]))
    #expect(fails(count: 1, bytes: [5, 1]))
    // The last delta runs off the end.
    #expect(fails(count: 1, bytes: [0x85]))
    // A delta longer than 64 bits.
    #expect(fails(count: 1, bytes: Array(repeating: 0xff, count: 10) + [1]))
    // Deltas that overflow the sum.
    #expect(fails(count: 2, bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 1]))
  }
}
