import CairnLogFormat
import Testing

@Suite("Checksum: XXH3-64")
struct ChecksumTests {
  @Test("XXH3-64 of empty input is 2d06800538d394c2")
  func emptyInput() {
    #expect(Checksum.xxh3([UInt8]()) == 0x2d06_8005_38d3_94c2)
    #expect(Checksum.xxh3(UnsafeRawBufferPointer(start: nil, count: 0)) == 0x2d06_8005_38d3_94c2)
    #expect(StreamingChecksum(seed: 0).digest() == 0x2d06_8005_38d3_94c2)
  }

  @Test("known values agree with the xxhsum -H3 command-line tool")
  func knownValues() {
    #expect(Checksum.xxh3(ascii("cairn")) == 0x0019_2f35_82df_1eee)
    #expect(
      Checksum.xxh3(ascii("The quick brown fox jumps over the lazy dog")) == 0xce7d_19a5_418f_b365)
  }

  @Test("the seed changes the checksum")
  func seedMatters() {
    var random = SeededRandom(seed: 1)
    let data = random.bytes(1000)
    let unseeded = Checksum.xxh3(data)
    #expect(Checksum.xxh3(data, seed: 0) == unseeded)
    #expect(Checksum.xxh3(data, seed: 1) != unseeded)
    #expect(Checksum.xxh3(data, seed: 1) != Checksum.xxh3(data, seed: 2))
  }

  @Test("streaming over arbitrary pieces equals the one-shot checksum", arguments: [0, 1, 2, 3])
  func streamingEqualsOneShot(seed: UInt64) {
    var random = SeededRandom(seed: seed)
    for size in [0, 1, 7, 240, 241, 4096, 100_000] {
      let data = random.bytes(size)
      let salt = random.next()
      let streaming = StreamingChecksum(seed: salt)
      var start = 0
      while start < data.count {
        let piece = min(data.count - start, 1 + random.below(5000))
        streaming.update(Array(data[start..<start + piece]))
        streaming.update([UInt8]())
        start += piece
      }
      #expect(streaming.digest() == Checksum.xxh3(data, seed: salt), "size \(size)")
    }
  }
}
