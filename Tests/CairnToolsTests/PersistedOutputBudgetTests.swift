import CairnCore
import CairnTools
import Testing

private func chunk(_ text: String, _ stream: OutputStream = .stdout) -> ProcessOutputChunk {
  ProcessOutputChunk(stream: stream, bytes: Array(text.utf8), receivedAtNanoseconds: 0)
}

private func chunk(_ bytes: [UInt8], _ stream: OutputStream = .stdout) -> ProcessOutputChunk {
  ProcessOutputChunk(stream: stream, bytes: bytes, receivedAtNanoseconds: 0)
}

@Suite("PersistedOutputBudget: the head as it comes, a bounded tail at the end")
struct PersistedOutputBudgetTests {
  @Test("output within the head is persisted whole, and finish adds nothing")
  func smallOutput() {
    var budget = PersistedOutputBudget(headBytesMax: 10, tailBytesMax: 4)
    #expect(budget.admit(chunk("abc")) == chunk("abc"))
    #expect(budget.admit(chunk("defg", .stderr)) == chunk("defg", .stderr))
    #expect(budget.admit(chunk("")) == nil)
    #expect(budget.totalBytes == 7 && budget.omittedBytes == 0)
    #expect(budget.finish() == [])
  }

  @Test("the doc example: head 4, tail 3, ten bytes")
  func docExample() {
    var budget = PersistedOutputBudget(headBytesMax: 4, tailBytesMax: 3)
    #expect(budget.admit(chunk("0123456789")) == chunk("0123"))
    #expect(budget.persistedBytes == 7 && budget.omittedBytes == 3)
    #expect(
      budget.finish() == [
        .omitted(OmittedOutput(stream: .stdout, bytes: 3)), .chunk(chunk("789")),
      ])
  }

  @Test("exact arithmetic: head, tail, omitted per stream")
  func exactArithmetic() {
    var budget = PersistedOutputBudget(headBytesMax: 5, tailBytesMax: 6)
    #expect(budget.admit(chunk("aaa")) == chunk("aaa"))
    #expect(budget.admit(chunk("bbbb", .stderr)) == chunk("bb", .stderr))
    // Held in the tail: "bb"(stderr). Then 5 stdout, 3 stderr, 2 stdout.
    #expect(budget.admit(chunk("ccccc")) == nil)
    #expect(budget.admit(chunk("ddd", .stderr)) == nil)
    #expect(budget.admit(chunk("ee")) == nil)
    // Tail keeps the last 6: "c" "ddd" "ee"; omitted: "bb"(stderr) + "cccc"(stdout).
    #expect(budget.totalBytes == 17)
    #expect(budget.persistedBytes == 11)
    #expect(
      budget.finish() == [
        .omitted(OmittedOutput(stream: .stdout, bytes: 4)),
        .omitted(OmittedOutput(stream: .stderr, bytes: 2)),
        .chunk(chunk("c")), .chunk(chunk("ddd", .stderr)), .chunk(chunk("ee")),
      ])
  }

  @Test("a chunk larger than the tail keeps only its end")
  func hugeChunk() {
    var budget = PersistedOutputBudget(headBytesMax: 2, tailBytesMax: 3)
    let bytes = (0..<1_000).map { UInt8($0 % 251) }
    #expect(budget.admit(chunk(bytes, .pty)) == chunk(Array(bytes[0..<2]), .pty))
    #expect(
      budget.finish() == [
        .omitted(OmittedOutput(stream: .pty, bytes: 995)),
        .chunk(chunk(Array(bytes[997...]), .pty)),
      ])
  }

  @Test("a drain's omitted middle is recorded in place while the head is open")
  func drainGapDuringHead() {
    var budget = PersistedOutputBudget(headBytesMax: 100, tailBytesMax: 10)
    let drain = LiveProcessDrain(
      chunks: [chunk("head"), chunk("tail")], omittedBytes: 50, termination: nil,
      omissionIndex: 1, omittedByStream: [OmittedOutput(stream: .stdout, bytes: 50)])
    #expect(
      budget.admit(drain) == [
        .chunk(chunk("head")), .omitted(OmittedOutput(stream: .stdout, bytes: 50)),
        .chunk(chunk("tail")),
      ])
    #expect(budget.totalBytes == 58 && budget.omittedBytes == 50)
    #expect(budget.finish() == [])
  }

  @Test("after the head, a gap drops the tail held before it: the tail stays contiguous")
  func drainGapAfterHead() {
    var budget = PersistedOutputBudget(headBytesMax: 2, tailBytesMax: 10)
    #expect(budget.admit(chunk("abcdef")) == chunk("ab"))
    let drain = LiveProcessDrain(
      chunks: [chunk("gh"), chunk("ij")], omittedBytes: 7, termination: nil, omissionIndex: 1,
      omittedByStream: [OmittedOutput(stream: .stdout, bytes: 7)])
    #expect(budget.admit(drain) == [])
    // "cdef" + "gh" held, then the gap: both go with it; only "ij" is after the gap.
    #expect(
      budget.finish() == [
        .omitted(OmittedOutput(stream: .stdout, bytes: 4 + 2 + 7)), .chunk(chunk("ij")),
      ])
    #expect(budget.totalBytes == 6 + 4 + 7)
  }

  @Test("seeded random runs: persisted bytes + omitted bytes == total, always within the cap")
  func randomRunsAddUp() {
    var seed: UInt64 = 0x5EED
    func next() -> UInt64 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return seed >> 33
    }
    for _ in 0..<200 {
      let head = Int(next() % 50)
      let tail = Int(next() % 50)
      var budget = PersistedOutputBudget(headBytesMax: head, tailBytesMax: tail)
      var total: UInt64 = 0
      var persisted = 0
      var omitted: UInt64 = 0
      for _ in 0..<Int(next() % 30) {
        if next() % 5 == 0 {
          let gap = next() % 100
          total += gap
          for item in budget.admit(
            LiveProcessDrain(chunks: [], omittedBytes: gap, termination: nil))
          {
            if case .omitted(let part) = item { omitted += part.bytes }
          }
        } else {
          let bytes = [UInt8](repeating: 0x61, count: Int(next() % 40))
          total += UInt64(bytes.count)
          if let kept = budget.admit(chunk(bytes, next() % 2 == 0 ? .stdout : .stderr)) {
            persisted += kept.bytes.count
          }
        }
      }
      for item in budget.finish() {
        switch item {
        case .chunk(let kept): persisted += kept.bytes.count
        case .omitted(let part): omitted += part.bytes
        }
      }
      #expect(UInt64(persisted) + omitted == total)
      #expect(persisted <= head + tail)
      #expect(budget.totalBytes == total)
    }
  }
}
