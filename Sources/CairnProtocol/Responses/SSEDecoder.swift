/// An incremental decoder of a `text/event-stream` body: feed it the bytes as they arrive,
/// in chunks of any size and split anywhere, and it calls back once per complete event.
///
/// Rules (WHATWG HTML, "server-sent events"; docs/RESPONSES_API.md):
/// - lines end with LF, CR or CRLF (a CRLF split across two chunks is one line end);
/// - a leading UTF-8 byte order mark is skipped;
/// - a line starting with `:` is a comment; `field:value` drops one space after the colon;
///   a line without a colon is a field with an empty value;
/// - `data` lines are joined with `\n`; `event` names the event; `id` sets the last event
///   id (ignored if it contains NUL); `retry` and unknown fields are ignored;
/// - a blank line dispatches the event, unless it had no `data` line;
/// - at the end of the stream, an event without its blank line is dropped (`finish()`).
///
/// Memory: the event being assembled and the current unterminated line, each at most
/// `maxEventBytes`; past it, `feed` throws `SSEDecodeError.eventTooLarge`, and keeps
/// throwing it.
///
/// ```swift
/// var decoder = SSEDecoder()
/// try chunk.withUnsafeBytes { try decoder.feed($0) { event in handle(event) } }
/// if case .partialEvent = decoder.finish() { … }
/// ```
public struct SSEDecoder: Sendable {
  public let maxEventBytes: Int
  /// The unterminated line carried over from the previous chunk.
  private var line: [UInt8] = []
  /// The previous chunk ended with CR: an LF at the start of the next one belongs to it.
  private var skipLineFeed = false
  private var atStreamStart = true
  private var name: String?
  private var data: [UInt8] = []
  private var hasData = false
  private var lastEventID: String?
  /// Field-line bytes of the event being assembled (terminators not counted).
  private var eventBytes = 0
  /// Stream bytes consumed before the current chunk.
  private var consumed: UInt64 = 0
  private var failure: SSEDecodeError?
  /// The stream offset of the line being processed, for errors.
  private var currentLineOffset: UInt64 = 0
  /// The bytes and text of the last `event:` value, so that repeated names do not
  /// allocate a new string per event.
  private var lastNameBytes: [UInt8] = []
  private var lastName = ""

  /// The largest unterminated line whose buffer is kept for reuse after it completes.
  private static let lineCapacityKeptMax = 64 * 1024

  public init(maxEventBytes: Int = 512 << 20) {
    self.maxEventBytes = max(1, maxEventBytes)
  }

  /// Decodes `bytes`, calling `emit` for each event completed in them. Errors from `emit`
  /// pass through (the decoder is then mid-chunk: discard it).
  public mutating func feed(
    _ bytes: UnsafeRawBufferPointer, _ emit: (SSEEvent) throws -> Void
  ) throws {
    if let failure { throw failure }
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0
    else { return }
    let count = bytes.count
    var index = 0
    if skipLineFeed {
      skipLineFeed = false
      if base[0] == 0x0A { index = 1 }
    }
    while index < count {
      let end = Self.lineEnd(base, from: index, to: count)
      if end == count {
        let lineOffset = consumed + UInt64(index) - UInt64(line.count)
        guard eventBytes + line.count + (count - index) <= maxEventBytes else {
          return try fail(lineOffset: lineOffset)
        }
        line.append(contentsOf: UnsafeBufferPointer(start: base + index, count: count - index))
        break
      }
      if line.isEmpty {
        currentLineOffset = consumed + UInt64(index)
        try process(UnsafeBufferPointer(start: base + index, count: end - index), emit)
      } else {
        line.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
        let lineOffset = consumed + UInt64(index) - UInt64(line.count - (end - index))
        guard eventBytes + line.count <= maxEventBytes else {
          return try fail(lineOffset: lineOffset)
        }
        // Take the buffer out of `self` while `process` (which mutates `self`) reads it.
        var whole: [UInt8] = []
        swap(&whole, &line)
        currentLineOffset = lineOffset
        try whole.withUnsafeBufferPointer { try process($0, emit) }
        if whole.capacity <= Self.lineCapacityKeptMax {
          whole.removeAll(keepingCapacity: true)
          line = whole
        }
      }
      if base[end] == 0x0D {
        if end + 1 < count {
          index = base[end + 1] == 0x0A ? end + 2 : end + 1
        } else {
          skipLineFeed = true
          index = end + 1
        }
      } else {
        index = end + 1
      }
    }
    consumed += UInt64(count)
  }

  /// `feed` for bytes in an array.
  public mutating func feed(_ bytes: [UInt8], _ emit: (SSEEvent) throws -> Void) throws {
    try bytes.withUnsafeBytes { try feed($0, emit) }
  }

  /// The end of the stream: drops an event that never got its blank line (reported as
  /// `.partialEvent`) and resets the decoder for a new stream.
  public mutating func finish() -> SSEStreamEnd {
    let pending = eventBytes + line.count
    let end: SSEStreamEnd = pending > 0 || hasData ? .partialEvent(bytes: pending) : .clean
    self = SSEDecoder(maxEventBytes: maxEventBytes)
    return end
  }

  private mutating func fail(lineOffset: UInt64) throws {
    let error = SSEDecodeError.eventTooLarge(limitBytes: maxEventBytes, lineOffset: lineOffset)
    failure = error
    line = []
    data = []
    throw error
  }

  /// The index of the first CR or LF in `base[from..<to]`, or `to`.
  @inline(__always)
  private static func lineEnd(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    var index = from
    // Eight bytes at a time while none is CR or LF: data lines are long.
    while index + 8 <= to {
      let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
      if hasByte(word, 0x0A0A_0A0A_0A0A_0A0A) || hasByte(word, 0x0D0D_0D0D_0D0D_0D0D) { break }
      index += 8
    }
    while index < to {
      let byte = base[index]
      if byte == 0x0A || byte == 0x0D { return index }
      index += 1
    }
    return to
  }

  /// Whether any byte of `word` equals the byte repeated in `pattern`.
  @inline(__always)
  private static func hasByte(_ word: UInt64, _ pattern: UInt64) -> Bool {
    let bits = word ^ pattern
    return (bits &- 0x0101_0101_0101_0101) & ~bits & 0x8080_8080_8080_8080 != 0
  }

  private mutating func process(
    _ whole: UnsafeBufferPointer<UInt8>, _ emit: (SSEEvent) throws -> Void
  ) throws {
    var content = whole
    if atStreamStart {
      atStreamStart = false
      if content.count >= 3, content[0] == 0xEF, content[1] == 0xBB, content[2] == 0xBF {
        content = UnsafeBufferPointer(rebasing: content[3...])
      }
    }
    guard let first = content.first else { return try dispatch(emit) }
    if first == UInt8(ascii: ":") { return }
    guard eventBytes + content.count <= maxEventBytes else {
      return try fail(lineOffset: currentLineOffset)
    }
    eventBytes += content.count
    var colon = 0
    while colon < content.count && content[colon] != UInt8(ascii: ":") { colon += 1 }
    let field = UnsafeBufferPointer(rebasing: content[0..<colon])
    var valueStart = min(colon + 1, content.count)
    if valueStart < content.count && content[valueStart] == 0x20 { valueStart += 1 }
    let value = UnsafeBufferPointer(rebasing: content[valueStart...])
    if Self.equals(field, "data") {
      if hasData { data.append(0x0A) }
      data.append(contentsOf: value)
      hasData = true
    } else if Self.equals(field, "event") {
      if value.isEmpty {
        name = nil
      } else if value.elementsEqual(lastNameBytes) {
        name = lastName
      } else {
        lastNameBytes = Array(value)
        lastName = String(decoding: value, as: UTF8.self)
        name = lastName
      }
    } else if Self.equals(field, "id") {
      if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
    }
  }

  private mutating func dispatch(_ emit: (SSEEvent) throws -> Void) throws {
    defer {
      name = nil
      hasData = false
      eventBytes = 0
    }
    guard hasData else { return }
    let event = SSEEvent(name: name, data: data, id: lastEventID)
    data = []
    try emit(event)
  }

  private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard bytes.count == word.utf8CodeUnitCount else { return false }
    let expected = word.utf8Start
    for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
    return true
  }
}
