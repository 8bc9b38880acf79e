import CairnLogFormat
import Testing

@Suite("IndexEntry: the sparse index and its binary search")
struct IndexEntryTests {
  @Test("lastEntry(atOrBefore:) agrees with a linear search")
  func binarySearch() {
    var random = SeededRandom(seed: 71)
    for _ in 0..<300 {
      var entries: [IndexEntry] = []
      var seq: UInt64 = 1 + random.next() % 5
      for index in 0..<random.below(40) {
        entries.append(IndexEntry(firstSeq: Seq(seq), offset: UInt64(64 + index * 100)))
        seq += 1 + random.next() % 10
      }
      for probe in 0...(seq + 2) {
        let linear = entries.lastIndex { $0.firstSeq <= Seq(probe) }
        #expect(entries.lastEntry(atOrBefore: Seq(probe)) == linear)
      }
    }
  }

  @Test("edges: empty index, before the first, at and after the last")
  func edges() {
    #expect([IndexEntry]().lastEntry(atOrBefore: Seq(5)) == nil)
    let entries = [
      IndexEntry(firstSeq: Seq(10), offset: 64), IndexEntry(firstSeq: Seq(20), offset: 200),
    ]
    #expect(entries.lastEntry(atOrBefore: Seq(9)) == nil)
    #expect(entries.lastEntry(atOrBefore: Seq(10)) == 0)
    #expect(entries.lastEntry(atOrBefore: Seq(19)) == 0)
    #expect(entries.lastEntry(atOrBefore: Seq(20)) == 1)
    #expect(entries.lastEntry(atOrBefore: Seq(.max)) == 1)
  }

  @Test("Seq: none, first, next and order")
  func seq() {
    #expect(Seq.none.rawValue == 0)
    #expect(Seq.first.rawValue == 1)
    #expect(Seq.none.next == .first)
    #expect(Seq(.max).next == .none)
    #expect(Seq(3) < Seq(4))
    #expect(Seq(42).description == "42")
    #expect(hex16(0x2d06_8005_38d3_94c2) == "2d06800538d394c2")
    #expect(hex16(1) == "0000000000000001")
  }
}
