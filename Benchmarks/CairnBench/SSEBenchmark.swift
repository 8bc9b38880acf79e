import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench sse`: issue 5's budget "decoder and accumulator overhead ≤ 20 µs per delta
/// event". Builds two streams shaped like the Responses API's (the scripted server's
/// framing: `event: <type>\ndata: <json>\n\n`) — N `response.output_text.delta` events,
/// and a mix of text deltas and `function_call_arguments.delta` events — and feeds each
/// in seeded chunks of 1–16 KB through `SSEDecoder`, `ResponseStreamEventDecoder` and
/// `ResponseAccumulator`, against a reference over the same bytes and chunks in the same
/// run: a memchr scan for the blank lines that end events. docs/BENCHMARKS.md.
public enum SSEBenchmark {
  static let budgetMicrosecondsPerEvent = 20.0

  public struct Options: Sendable {
    public var events: Int
    public var repetitions: Int

    public init(events: Int = 100_000, repetitions: Int = 7) {
      self.events = events
      self.repetitions = repetitions
    }
  }

  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  /// A generated stream, its chunk plan, and what the accumulator must end with.
  struct Stream {
    var bytes: [UInt8]
    var chunks: [Range<Int>]
    var events: Int
    var deltaEvents: Int
    var expectedText: String
    var expectedArguments: String
  }

  public static func run(_ options: Options, progress: (String) -> Void) throws -> Report {
    var random = SplitMix(seed: 42)
    let text = makeStream(deltas: options.events, mixed: false, random: &random)
    let mixed = makeStream(deltas: options.events, mixed: true, random: &random)
    var figures: [(String, Double)] = []
    var budgets: [(name: String, met: Bool, text: String)] = []
    for (label, stream) in [("text", text), ("mixed", mixed)] {
      var full: [Double] = []
      var sseOnly: [Double] = []
      var reference: [Double] = []
      // One warm-up round, not counted.
      _ = try measureFull(stream)
      _ = measureSSEOnly(stream)
      _ = measureReference(stream)
      for round in 1...options.repetitions {
        progress("\(label) stream, round \(round) of \(options.repetitions)")
        full.append(try measureFull(stream))
        sseOnly.append(measureSSEOnly(stream))
        reference.append(measureReference(stream))
      }
      let perEvent = { (nanoseconds: Double) in nanoseconds / 1000 / Double(stream.events) }
      let fullMicroseconds = perEvent(Statistics.median(full))
      let referenceMicroseconds = perEvent(Statistics.median(reference))
      let seconds = Statistics.median(full) / 1e9
      figures += [
        ("\(label)_us_per_event", fullMicroseconds),
        ("\(label)_sse_only_us_per_event", perEvent(Statistics.median(sseOnly))),
        ("\(label)_reference_us_per_event", referenceMicroseconds),
        ("\(label)_overhead_over_reference_us_per_event", fullMicroseconds - referenceMicroseconds),
        ("\(label)_bytes_per_second", seconds > 0 ? Double(stream.bytes.count) / seconds : 0),
        ("\(label)_events", Double(stream.events)),
        ("\(label)_delta_events", Double(stream.deltaEvents)),
        ("\(label)_stream_bytes", Double(stream.bytes.count)),
        ("\(label)_chunks", Double(stream.chunks.count)),
      ]
      budgets.append(
        (
          "\(label)_us_per_event", fullMicroseconds <= budgetMicrosecondsPerEvent,
          "SSE decode + event decode + accumulate, \(label) stream: <= 20 us per delta event"
        ))
    }
    figures.append(("repetitions", Double(options.repetitions)))
    return Report(figures: figures, budgets: budgets)
  }

  // MARK: - Measurements (nanoseconds for the whole stream)

  static func measureFull(_ stream: Stream) throws -> Double {
    var decoder = SSEDecoder()
    var accumulator = ResponseAccumulator()
    let start = BenchClock.nowNanoseconds()
    try stream.bytes.withUnsafeBytes { raw in
      for range in stream.chunks {
        try decoder.feed(UnsafeRawBufferPointer(rebasing: raw[range])) { event in
          accumulator.apply(try ResponseStreamEventDecoder.decode(event))
        }
      }
    }
    let end = decoder.finish()
    let elapsed = Double(BenchClock.nowNanoseconds() - start)
    // Check the work was done, so the figure cannot come from a broken pipeline.
    guard end == .clean, accumulator.outcome == .completed,
      accumulator.eventCount == stream.events
    else {
      throw BenchmarkError.unexpectedFixture(
        "the SSE benchmark stream decoded to \(accumulator.eventCount) events, outcome "
          + "\(accumulator.outcome), end \(end)")
    }
    var text = ""
    var arguments = ""
    for item in accumulator.completedItems {
      if case .message(_, _, let value) = item { text = value }
      if case .functionCall(_, _, _, let value) = item { arguments = value }
    }
    guard text == stream.expectedText, arguments == stream.expectedArguments else {
      throw BenchmarkError.unexpectedFixture("the accumulated text differs from the deltas sent")
    }
    return elapsed
  }

  static func measureSSEOnly(_ stream: Stream) -> Double {
    var decoder = SSEDecoder()
    var dataBytes = 0
    let start = BenchClock.nowNanoseconds()
    stream.bytes.withUnsafeBytes { raw in
      for range in stream.chunks {
        try? decoder.feed(UnsafeRawBufferPointer(rebasing: raw[range])) { event in
          dataBytes &+= event.data.count
        }
      }
    }
    _ = decoder.finish()
    let elapsed = Double(BenchClock.nowNanoseconds() - start)
    precondition(dataBytes > 0)
    return elapsed
  }

  /// The reference: find each event's end (a blank line, `\n\n`) with memchr, chunk by
  /// chunk, carrying a trailing `\n` across chunk boundaries; nothing else.
  static func measureReference(_ stream: Stream) -> Double {
    var boundaries = 0
    var previousEndedWithNewline = false
    let start = BenchClock.nowNanoseconds()
    stream.bytes.withUnsafeBytes { raw in
      for range in stream.chunks {
        let chunk = UnsafeRawBufferPointer(rebasing: raw[range])
        let base = chunk.baseAddress!
        var offset = 0
        if previousEndedWithNewline && chunk[0] == 0x0A { boundaries += 1 }
        while offset < chunk.count {
          guard let found = memchr(base + offset, 0x0A, chunk.count - offset) else { break }
          let index = base.distance(to: UnsafeRawPointer(found))
          if index + 1 < chunk.count && chunk[index + 1] == 0x0A {
            boundaries += 1
            offset = index + 2
          } else {
            offset = index + 1
          }
        }
        previousEndedWithNewline = chunk[chunk.count - 1] == 0x0A
      }
    }
    let elapsed = Double(BenchClock.nowNanoseconds() - start)
    precondition(boundaries >= stream.events)
    return elapsed
  }

  // MARK: - The streams

  static func makeStream(deltas: Int, mixed: Bool, random: inout SplitMix) -> Stream {
    var bytes: [UInt8] = []
    var events = 0
    func emit(_ type: String, _ json: String) {
      bytes.append(
        contentsOf:
          "event: \(type)\ndata: {\"type\":\"\(type)\",\"sequence_number\":\(events),\(json)}\n\n"
          .utf8)
      events += 1
    }
    // (the JSON text of a delta, the text it decodes to)
    let words: [(String, String)] = [
      ("the", "the"), ("stream", "stream"), ("of", "of"), ("tokens", "tokens"),
      ("arrives", "arrives"), ("in small", "in small"), ("pieces,", "pieces,"),
      ("café", "café"), ("☃", "☃"), (#"with \"quotes\""#, #"with "quotes""#),
      (#"and\nnewlines"#, "and\nnewlines"), ("function", "function"), ("—", "—"),
      ("Swift", "Swift"), ("42", "42"),
    ]
    emit(
      "response.created",
      #""response":{"id":"resp_bench","object":"response","status":"in_progress","output":[]}"#)
    emit(
      "response.output_item.added",
      #""output_index":0,"item":{"id":"msg_bench","type":"message","status":"in_progress","role":"assistant","content":[]}"#
    )
    if mixed {
      emit(
        "response.output_item.added",
        #""output_index":1,"item":{"id":"fc_bench","type":"function_call","status":"in_progress","arguments":"","call_id":"call_bench","name":"exec_command"}"#
      )
    }
    var text = ""
    var arguments = ""
    for index in 0..<deltas {
      let pick = Int(random.next() % UInt64(words.count))
      let delta = (index == 0 ? "" : " ") + words[pick].0
      let plain = (index == 0 ? "" : " ") + words[pick].1
      if mixed && index % 2 == 1 {
        emit(
          "response.function_call_arguments.delta",
          #""item_id":"fc_bench","output_index":1,"delta":"\#(delta)""#)
        arguments += plain
      } else {
        emit(
          "response.output_text.delta",
          #""item_id":"msg_bench","output_index":0,"content_index":0,"delta":"\#(delta)""#)
        text += plain
      }
    }
    // The done items carry no text, so the accumulator's streamed text is what counts.
    emit(
      "response.output_item.done",
      #""output_index":0,"item":{"id":"msg_bench","type":"message","status":"completed","role":"assistant","content":[]}"#
    )
    if mixed {
      emit(
        "response.output_item.done",
        #""output_index":1,"item":{"id":"fc_bench","type":"function_call","status":"completed","arguments":"","call_id":"call_bench","name":"exec_command"}"#
      )
    }
    emit(
      "response.completed",
      #""response":{"id":"resp_bench","object":"response","status":"completed","output":[],"usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":0},"output_tokens":10,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":110}}"#
    )
    var chunks: [Range<Int>] = []
    var start = 0
    while start < bytes.count {
      let size = 1024 + Int(random.next() % UInt64(15 * 1024 + 1))
      let end = min(bytes.count, start + size)
      chunks.append(start..<end)
      start = end
    }
    return Stream(
      bytes: bytes, chunks: chunks, events: events, deltaEvents: deltas,
      expectedText: text, expectedArguments: arguments)
  }
}
