extension JSONScanner {
  /// Reads a string, keeping at most `keepingBytes` bytes of its UTF-8 text (cut at a
  /// character boundary) and skipping the rest without buffering it.
  public func readString(keepingBytes: Int) throws -> JSONText {
    let scanned = try scanKeptString(keepingBytes: keepingBytes)
    let text = String(
      decoding: UnsafeBufferPointer(start: textStorage, count: scanned.kept), as: UTF8.self)
    return JSONText(text: text, totalBytes: scanned.total, isTruncated: scanned.truncated)
  }

  /// Reads a string like ``readString(keepingBytes:)`` but keeps its UTF-8 bytes as they
  /// were validated here, without making a `String` of them (which would validate them
  /// again).
  public func readStringBytes(keepingBytes: Int) throws -> JSONTextBytes {
    let scanned = try scanKeptString(keepingBytes: keepingBytes)
    let bytes = Array(UnsafeBufferPointer(start: textStorage, count: scanned.kept))
    return JSONTextBytes(bytes: bytes, totalBytes: scanned.total, isTruncated: scanned.truncated)
  }

  /// Scans the string at the current position into `textStorage`, keeping at most
  /// `keepingBytes` bytes.
  private func scanKeptString(keepingBytes: Int) throws -> (kept: Int, total: Int, truncated: Bool)
  {
    let byte = try skipWhitespace()
    guard byte == UInt8(ascii: "\"") else { throw unexpected(byte, expected: "a string") }
    if keepingBytes > textCapacity {
      textStorage.deallocate()
      textCapacity = keepingBytes
      textStorage = .allocate(capacity: textCapacity)
    }
    return try scanString(into: textStorage, capacity: keepingBytes)
  }

  /// Skips a string and returns its decoded UTF-8 length.
  public func skipString() throws -> Int {
    let byte = try skipWhitespace()
    guard byte == UInt8(ascii: "\"") else { throw unexpected(byte, expected: "a string") }
    return try scanString(into: nil, capacity: 0).total
  }

  /// Scans the string whose opening quote is at `position`, copying up to `capacity`
  /// decoded bytes to `destination`. Once one character does not fit, nothing more is
  /// kept, so the kept bytes are always a prefix of the value.
  func scanString(
    into destination: UnsafeMutablePointer<UInt8>?, capacity: Int
  ) throws -> (kept: Int, total: Int, truncated: Bool) {
    position += 1
    var kept = 0
    var total = 0
    var keeping = destination != nil && capacity > 0

    @inline(__always) func keep(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
      total += count
      guard keeping else { return }
      if kept + count <= capacity {
        (destination! + kept).update(from: bytes, count: count)
        kept += count
      } else {
        keeping = false
      }
    }

    while true {
      var index = position
      let end = limit
      // Eight bytes at a time while none is a quote, a backslash, a control character
      // or non-ASCII: the common case of long plain text.
      while index + 8 <= end {
        let word = UnsafeRawPointer(buffer + index).loadUnaligned(as: UInt64.self)
        if !Self.isPlainASCII(word) { break }
        index += 8
      }
      while index < end {
        let byte = buffer[index]
        if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x80 { break }
        index += 1
      }
      let run = index - position
      if run > 0 {
        if keeping {
          let fits = min(run, capacity - kept)
          (destination! + kept).update(from: buffer + position, count: fits)
          kept += fits
          if fits < run { keeping = false }
        }
        total += run
        position = index
      }
      if index == end {
        if try ensure(1) == 0 { throw error(.unexpectedEndOfInput) }
        continue
      }
      let byte = buffer[index]
      if byte == 0x22 {
        position += 1
        return (kept, total, kept < total)
      }
      if byte == 0x5C {
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count = try scanEscape(into: &encoded)
        withUnsafeBytes(of: &encoded) { raw in
          keep(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count)
        }
        continue
      }
      if byte < 0x20 {
        throw error(
          byte == 0x0A && lineMode ? .unexpectedEndOfLine : .controlCharacterInString(byte))
      }
      let length = try utf8SequenceLength()
      keep(buffer + position, length)
      position += length
    }
  }

  /// Whether none of the eight bytes is `"`, `\`, below 0x20 or above 0x7F.
  @inline(__always)
  static func isPlainASCII(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let control = (word &- ones &* 0x20) & ~word
    let hasQuote = (quote &- ones) & ~quote
    let hasBackslash = (backslash &- ones) & ~backslash
    return ((word | control | hasQuote | hasBackslash) & highs) == 0
  }

  /// Validates the UTF-8 sequence whose lead byte (≥ 0x80) is at `position` and returns
  /// its length, without consuming it.
  func utf8SequenceLength() throws -> Int {
    let available = try ensure(4)
    let lead = buffer[position]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: throw error(.invalidUTF8)
    }
    for index in 1..<length {
      guard index < available else { throw error(.unexpectedEndOfInput, at: position + index) }
      let byte = buffer[position + index]
      let range = index == 1 ? low...high : 0x80...0xBF
      if !range.contains(byte) {
        throw error(
          byte == 0x0A && lineMode ? .unexpectedEndOfLine : .invalidUTF8, at: position + index)
      }
    }
    return length
  }

  /// Decodes the escape whose backslash is at `position`, consumes it, and writes its
  /// UTF-8 encoding; returns the encoded length.
  func scanEscape(into out: inout (UInt8, UInt8, UInt8, UInt8)) throws -> Int {
    let available = try ensure(2)
    guard available >= 2 else { throw error(.unexpectedEndOfInput, at: position + 1) }
    let letter = buffer[position + 1]
    let simple: UInt8
    switch letter {
    case 0x22, 0x5C, 0x2F: simple = letter
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = 0x0A
    case UInt8(ascii: "r"): simple = 0x0D
    case UInt8(ascii: "t"): simple = 0x09
    case UInt8(ascii: "u"):
      return try scanUnicodeEscape(into: &out)
    default:
      throw error(
        letter == 0x0A && lineMode ? .unexpectedEndOfLine : .invalidEscape, at: position + 1)
    }
    out.0 = simple
    position += 2
    return 1
  }

  private func scanUnicodeEscape(into out: inout (UInt8, UInt8, UInt8, UInt8)) throws -> Int {
    var scalar = try hexQuad(at: 2)
    var consumed = 6
    if (0xD800...0xDBFF).contains(scalar) {
      let available = try ensure(12)
      let backslashFollows = available <= 6 || buffer[position + 6] == 0x5C
      let uFollows = available <= 7 || buffer[position + 7] == UInt8(ascii: "u")
      guard backslashFollows, uFollows else { throw error(.loneSurrogate) }
      guard available >= 8 else { throw error(.unexpectedEndOfInput, at: position + available) }
      let second = try hexQuad(at: 8)
      guard (0xDC00...0xDFFF).contains(second) else { throw error(.loneSurrogate) }
      scalar = 0x10000 + ((scalar - 0xD800) << 10) + (second - 0xDC00)
      consumed = 12
    } else if (0xDC00...0xDFFF).contains(scalar) {
      throw error(.loneSurrogate)
    }
    position += consumed
    switch scalar {
    case 0..<0x80:
      out.0 = UInt8(scalar)
      return 1
    case 0x80..<0x800:
      out.0 = UInt8(0xC0 | (scalar >> 6))
      out.1 = UInt8(0x80 | (scalar & 0x3F))
      return 2
    case 0x800..<0x10000:
      out.0 = UInt8(0xE0 | (scalar >> 12))
      out.1 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      out.2 = UInt8(0x80 | (scalar & 0x3F))
      return 3
    default:
      out.0 = UInt8(0xF0 | (scalar >> 18))
      out.1 = UInt8(0x80 | ((scalar >> 12) & 0x3F))
      out.2 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
      out.3 = UInt8(0x80 | (scalar & 0x3F))
      return 4
    }
  }

  /// The four hex digits at `position + start`.
  private func hexQuad(at start: Int) throws -> UInt32 {
    let available = try ensure(start + 4)
    var value: UInt32 = 0
    for index in start..<(start + 4) {
      guard index < available else { throw error(.unexpectedEndOfInput, at: position + index) }
      let byte = buffer[position + index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default:
        throw error(
          byte == 0x0A && lineMode ? .unexpectedEndOfLine : .invalidEscape, at: position + index)
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }
}
