import CairnProtocol
import Testing

@Suite struct SSEDecoderTests {
  func decode(_ text: String, chunks: [Int] = []) throws -> ([SSEEvent], SSEStreamEnd) {
    try ResponsesFixtures.events(Array(text.utf8), chunks: chunks)
  }

  func event(_ name: String?, _ data: String, id: String? = nil) -> SSEEvent {
    SSEEvent(name: name, data: Array(data.utf8), id: id)
  }

  @Test func aRecordedStreamDecodesToItsEvents() throws {
    let (events, end) = try ResponsesFixtures.events(
      try ResponsesFixtures.bytes("custom-tool-call.sse"))
    #expect(end == .clean)
    #expect(
      events.map(\.name) == [
        "response.created", "response.output_item.added", "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done", "response.output_item.done", "response.completed",
      ])
    #expect(events.allSatisfy { $0.id == nil && $0.data.first == UInt8(ascii: "{") })
  }

  @Test func everySplitPointOfEveryRecordedStreamGivesTheSameEvents() throws {
    for name in ResponsesFixtures.streamNames {
      let bytes = try ResponsesFixtures.bytes(name)
      let whole = try ResponsesFixtures.events(bytes)
      #expect(!whole.0.isEmpty, "\(name)")
      for split in 0...bytes.count {
        let parts = try ResponsesFixtures.events(bytes, chunks: [split])
        #expect(parts.0 == whole.0, "\(name) split at \(split)")
        #expect(parts.1 == whole.1, "\(name) split at \(split)")
      }
    }
  }

  @Test func randomMultiSplitsGiveTheSameEvents() throws {
    var random = SeededGenerator(state: 5)
    for name in ResponsesFixtures.streamNames {
      let bytes = try ResponsesFixtures.bytes(name)
      let whole = try ResponsesFixtures.events(bytes)
      for round in 0..<200 {
        var chunks: [Int] = []
        var covered = 0
        while covered < bytes.count {
          let size = Int.random(in: 1...(round % 2 == 0 ? 8 : 300), using: &random)
          chunks.append(size)
          covered += size
        }
        let parts = try ResponsesFixtures.events(bytes, chunks: chunks)
        #expect(parts.0 == whole.0 && parts.1 == whole.1, "\(name) chunks \(chunks)")
      }
      let oneByteEach = try ResponsesFixtures.events(
        bytes, chunks: Array(repeating: 1, count: bytes.count))
      #expect(oneByteEach.0 == whole.0)
    }
  }

  @Test func crAndCRLFLineEndsDecodeLikeLF() throws {
    let bytes = try ResponsesFixtures.bytes("reasoning-function-call.sse")
    let text = String(decoding: bytes, as: UTF8.self)
    let expected = try ResponsesFixtures.events(bytes).0
    for ending in ["\r", "\r\n"] {
      let converted = Array(text.replacingOccurrences(of: "\n", with: ending).utf8)
      for split in stride(from: 0, through: converted.count, by: 7) {
        #expect(try ResponsesFixtures.events(converted, chunks: [split]).0 == expected)
      }
    }
    // Mixed endings in one stream, with a CRLF split between two chunks.
    let mixed = "event: a\r\ndata: 1\r\rdata: 2\n\r\n"
    for split in 0...mixed.utf8.count {
      let (events, end) = try decode(mixed, chunks: [split])
      #expect(events == [event("a", "1"), event(nil, "2")], "split \(split)")
      #expect(end == .clean)
    }
  }

  @Test func aCRAtTheEndOfAChunkThenAnLFIsOneLineEnd() throws {
    let (events, _) = try decode("data: x\r\n\r\ndata: y\n\n", chunks: [8, 1, 1])
    #expect(events == [event(nil, "x"), event(nil, "y")])
  }

  @Test func commentsAreIgnored() throws {
    let (events, end) = try decode(": keep-alive\n:\ndata: a\n: inside\ndata: b\n\n: tail\n")
    #expect(events == [event(nil, "a\nb")])
    #expect(end == .clean)
  }

  @Test func multiLineDataIsJoinedWithNewlines() throws {
    let (events, _) = try decode("data: {\"a\":\ndata:1}\ndata\ndata:  two spaces\n\n")
    #expect(events == [event(nil, "{\"a\":\n1}\n\n two spaces")])
  }

  @Test func fieldsWithAndWithoutTheSpace() throws {
    let (events, _) = try decode("event:x\ndata:1\nid:7\n\nevent: y\ndata: 2\nid: 8\n\n")
    #expect(events == [event("x", "1", id: "7"), event("y", "2", id: "8")])
  }

  @Test func theLastEventIDPersistsAndAnIDWithNULIsIgnored() throws {
    let (events, _) = try decode(
      "id: 1\ndata: a\n\ndata: b\n\nid: 2\u{0}\ndata: c\n\nid\ndata: d\n\n")
    #expect(
      events == [
        event(nil, "a", id: "1"), event(nil, "b", id: "1"), event(nil, "c", id: "1"),
        event(nil, "d", id: ""),
      ])
  }

  @Test func anEventWithoutDataIsNotDispatchedButAnEmptyDataLineIs() throws {
    let (events, _) = try decode("event: ping\n\nevent: empty\ndata\n\nretry: 10\nfoo: bar\n\n")
    #expect(events == [event("empty", "")])
  }

  @Test func theNameDoesNotLeakIntoTheNextEvent() throws {
    let (events, _) = try decode("event: a\ndata: 1\n\ndata: 2\n\nevent: a\ndata: 3\n\n")
    #expect(events == [event("a", "1"), event(nil, "2"), event("a", "3")])
  }

  @Test func aLeadingByteOrderMarkIsSkipped() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8)
    for split in 0...bytes.count {
      let (events, _) = try ResponsesFixtures.events(bytes, chunks: [split])
      #expect(events == [event(nil, "a")], "split \(split)")
    }
  }

  @Test func aStreamCutInsideAnEventReportsThePartialEvent() throws {
    #expect(try decode("data: a\n\ndata: b\n").1 == .partialEvent(bytes: 7))
    #expect(try decode("data: a\n\ndata: b").1 == .partialEvent(bytes: 7))
    #expect(try decode("data: a\n\nevent: x\n").1 == .partialEvent(bytes: 8))
    #expect(try decode("data: a\n\n").1 == .clean)
    #expect(try decode("").1 == .clean)
    let truncated = try ResponsesFixtures.events(try ResponsesFixtures.bytes("truncated.sse"))
    #expect(truncated.1 == .clean)  // the server cut it between events
    #expect(truncated.0.count == 5)
  }

  @Test func finishResetsTheDecoderForANewStream() throws {
    var decoder = SSEDecoder()
    var events: [SSEEvent] = []
    try decoder.feed(Array("id: 4\nevent: x\ndata: half".utf8)) { events.append($0) }
    #expect(decoder.finish() == .partialEvent(bytes: 23))
    try decoder.feed(Array("data: new\n\n".utf8)) { events.append($0) }
    #expect(events == [event(nil, "new")])
    #expect(decoder.finish() == .clean)
  }

  @Test func aTwentyMegabyteDataLineFedIn4KBChunks() throws {
    let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 20 << 20)
    let stream = Array("event: big\ndata: ".utf8) + payload + Array("\n\ndata: after\n\n".utf8)
    var decoder = SSEDecoder(maxEventBytes: 21 << 20)
    var events: [SSEEvent] = []
    var start = 0
    while start < stream.count {
      let end = min(stream.count, start + 4096)
      try stream.withUnsafeBytes { raw in
        try decoder.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end])) { events.append($0) }
      }
      start = end
    }
    #expect(decoder.finish() == .clean)
    #expect(events.count == 2)
    #expect(events.first?.name == "big")
    #expect(events.first?.data.count == payload.count)
    #expect(events.first?.data == payload)
    #expect(events.last == event(nil, "after"))
  }

  @Test func anEventPastTheCapFailsEarlyWithAClearError() throws {
    let limit = 1 << 20
    var decoder = SSEDecoder(maxEventBytes: limit)
    let prefix = Array("data: ok\n\ndata: ".utf8)
    try decoder.feed(prefix) { _ in }
    let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 4096)
    var fed = 0
    var caught: SSEDecodeError?
    do {
      // Never ends by itself: the cap must stop it.
      while fed < 64 << 20 {
        try decoder.feed(chunk) { _ in }
        fed += chunk.count
      }
    } catch let error as SSEDecodeError {
      caught = error
    }
    #expect(caught == .eventTooLarge(limitBytes: limit, lineOffset: 10))
    #expect(fed < limit + 2 * chunk.count)
    #expect(caught?.description.contains("larger than 1048576 bytes") == true)
    // It keeps refusing rather than resynchronizing in the middle of an event.
    #expect(throws: SSEDecodeError.self) { try decoder.feed(Array("\n\n".utf8)) { _ in } }
  }

  @Test func manyDataLinesCountTowardTheCap() throws {
    var decoder = SSEDecoder(maxEventBytes: 100)
    let line = Array("data: 0123456789\n".utf8)
    var fed = 0
    #expect(throws: SSEDecodeError.self) {
      for _ in 0..<20 {
        try decoder.feed(line) { _ in }
        fed += 1
      }
    }
    #expect(fed == 6)
  }
}
