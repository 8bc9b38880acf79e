import CairnServer
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The stdio servers' line splitter, over a real pipe: lines in order, an oversized line
/// skipped and reported by its size without being buffered, a last line without a newline.
@Suite struct BoundedLineReaderTests {
  /// Every event the reader gives for `input` written to a pipe by another thread.
  private func events(_ input: [UInt8], lineBytesMax: Int) throws -> [BoundedLineReader.Event] {
    var descriptors: [Int32] = [0, 0]
    try #require(pipe(&descriptors) == 0)
    let writeEnd = descriptors[1]
    let writer = Thread {
      var offset = 0
      while offset < input.count {
        let written = input[offset...].withUnsafeBytes {
          write(writeEnd, $0.baseAddress, min($0.count, 7_000))
        }
        if written <= 0 { break }
        offset += written
      }
      close(writeEnd)
    }
    writer.start()
    defer { close(descriptors[0]) }
    var reader = BoundedLineReader(descriptor: descriptors[0], lineBytesMax: lineBytesMax)
    var events: [BoundedLineReader.Event] = []
    while true {
      let event = reader.next()
      events.append(event)
      if event == .end { return events }
    }
  }

  @Test func splitsLinesAndKeepsALastLineWithoutNewline() throws {
    let got = try events(Array("one\n\ntwo\nthree".utf8), lineBytesMax: 100)
    #expect(
      got == [
        .line(Array("one".utf8)), .line([]), .line(Array("two".utf8)),
        .line(Array("three".utf8)), .end,
      ])
  }

  @Test func anOversizedLineIsReportedByItsSizeAndReadingGoesOn() throws {
    // 200,000 bytes cross several 64 KiB reads; the lines around it must survive whole.
    let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
    let input = Array("before\n".utf8) + huge + Array("\nafter\n".utf8)
    let got = try events(input, lineBytesMax: 1_000)
    #expect(
      got == [
        .line(Array("before".utf8)), .tooLong(bytes: 200_000), .line(Array("after".utf8)), .end,
      ])
  }

  @Test func aLineOfExactlyTheLimitPassesAndOneByteMoreDoesNot() throws {
    let limit = 70_000
    let fits = [UInt8](repeating: UInt8(ascii: "a"), count: limit)
    let over = [UInt8](repeating: UInt8(ascii: "b"), count: limit + 1)
    let got = try events(fits + [0x0A] + over, lineBytesMax: limit)
    #expect(got == [.line(fits), .tooLong(bytes: limit + 1), .end])
  }
}
