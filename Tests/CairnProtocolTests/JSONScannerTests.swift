import CairnProtocol
import Testing

/// Reads any JSON value into a canonical text by walking it with the scanner, so tests
/// can compare what the scanner saw with what was written.
func canonical(_ scanner: JSONScanner) throws -> String {
  switch try scanner.peekKind() {
  case .object:
    try scanner.beginObject()
    var members: [String] = []
    while try scanner.nextMember() {
      let key = scanner.keyString
      members.append("\(key)=\(try canonical(scanner))")
    }
    return "{" + members.joined(separator: ",") + "}"
  case .array:
    try scanner.beginArray()
    var items: [String] = []
    while try scanner.nextElement() { items.append(try canonical(scanner)) }
    return "[" + items.joined(separator: ",") + "]"
  case .string: return "s:" + (try scanner.readString(keepingBytes: 1 << 20).text)
  case .number: return "n:" + (try scanner.readInteger().map { String($0) } ?? "nonint")
  case .bool: return try scanner.readBool() ? "true" : "false"
  case .null:
    try scanner.readNull()
    return "null"
  }
}

func scanner(_ text: String, window: Int = 1 << 16, chunk: Int = .max, lines: Bool = false)
  -> JSONScanner
{
  JSONScanner(
    source: JSONMemorySource(text, readBytesMax: chunk), bufferBytes: window, lineMode: lines)
}

/// The error a complete scan (walk, then end of input) of `text` throws, if any.
func scanError(_ text: String, lines: Bool = false) -> JSONScanError? {
  let scanner = scanner(text, window: 64, chunk: 3, lines: lines)
  do {
    _ = try canonical(scanner)
    if lines {
      _ = try scanner.finishLine()
    } else if try !scanner.isAtEnd() {
      return JSONScanError(offset: scanner.offset, cause: .trailingBytes(0))
    }
    return nil
  } catch let error as JSONScanError {
    return error
  } catch {
    return nil
  }
}

@Suite struct JSONScannerTests {
  @Test func readsEveryKindOfValue() throws {
    let text = #"""
       {"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","n":[0,-1,9223372036854775807,-9223372036854775808,1.5,2e3,-0.0e-1,9223372036854775808],
      "b":[true,false,null],"o":{"":{}},"e":[]}
      """#
    let expected =
      "{s=s:a\"b\\c/d\u{8}\u{c}\n\r\té😀,n=[n:0,n:-1,n:9223372036854775807,"
      + "n:-9223372036854775808,n:nonint,n:nonint,n:nonint,n:nonint],b=[true,false,null],"
      + "o={={}},e=[]}"
    // The same through every window and chunk size: values straddle every refill.
    for (window, chunk) in [(1 << 16, Int.max), (64, 1), (64, 7), (100, 13)] {
      #expect(try canonical(scanner(text, window: window, chunk: chunk)) == expected)
    }
  }

  @Test func skippingValidatesWithoutKeeping() throws {
    let scanner = scanner(
      #"{"big":"\#(String(repeating: "x", count: 10_000))","k":[{"a":[1,{"b":null}]}],"v":7}"#,
      window: 64)
    try scanner.beginObject()
    var kept: Int64?
    while try scanner.nextMember() {
      if scanner.keyEquals("v") {
        kept = try scanner.readInteger()
      } else {
        try scanner.skipValue()
      }
    }
    #expect(kept == 7)
    #expect(try scanner.isAtEnd())
    #expect(scanner.bufferBytes == 64)
  }

  @Test func stringsAreKeptUpToABoundAtACharacterBoundary() throws {
    let text = "\"ab\\u00e9cd😀ef\""
    let cases: [(Int, String, Bool)] = [
      (0, "", true), (2, "ab", true), (3, "ab", true), (4, "abé", true), (6, "abécd", true),
      (9, "abécd", true), (10, "abécd😀", true), (12, "abécd😀ef", false), (100, "abécd😀ef", false),
    ]
    for (keep, prefix, truncated) in cases {
      let value = try scanner(text, window: 64, chunk: 2).readString(keepingBytes: keep)
      #expect(value.text == prefix, "keep \(keep)")
      #expect(value.isTruncated == truncated, "keep \(keep)")
      #expect(value.totalBytes == 12, "keep \(keep)")
    }
  }

  /// `readStringBytes` keeps the same prefix as `readString`, as the bytes the scanner
  /// validated: escapes decoded, cut at a character boundary.
  @Test func stringBytesAreTheKeptTextsUTF8() throws {
    let texts = ["\"ab\\u00e9cd😀ef\"", "\"tab\\tquote\\\"é→\\ud83d\\ude00 end\"", "\"\""]
    for text in texts {
      for keep in [0, 1, 2, 3, 4, 5, 8, 13, 100] {
        let string = try scanner(text, window: 64, chunk: 2).readString(keepingBytes: keep)
        let bytes = try scanner(text, window: 64, chunk: 2).readStringBytes(keepingBytes: keep)
        let expected = JSONTextBytes(
          bytes: Array(string.text.utf8), totalBytes: string.totalBytes,
          isTruncated: string.isTruncated)
        #expect(bytes == expected, "\(text) keep \(keep)")
      }
    }
    let whole = try scanner("\"ab\\u00e9cd😀ef\"").readStringBytes(keepingBytes: 100)
    #expect(whole == JSONTextBytes("abécd😀ef"))
  }

  /// Strict UTF-8 and JSON: each bad input fails with its cause at the offending byte.
  @Test func badInputFailsWithCauseAndOffset() {
    let cases: [(String, JSONScanError.Cause, UInt64)] = [
      ("", .unexpectedEndOfInput, 0),
      ("{\"a\":1", .unexpectedEndOfInput, 6),
      ("{\"a\" 1}", .unexpectedByte(UInt8(ascii: "1"), expected: "':'"), 5),
      ("{\"a\":1,}", .unexpectedByte(UInt8(ascii: "}"), expected: "a member name"), 7),
      ("[1,]", .unexpectedByte(UInt8(ascii: "]"), expected: "a JSON value"), 3),
      ("[1 2]", .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'"), 3),
      ("{'a':1}", .unexpectedByte(UInt8(ascii: "'"), expected: "a member name"), 1),
      ("\"a\u{1}\"", .controlCharacterInString(1), 2),
      ("\"\\x\"", .invalidEscape, 2),
      ("\"\\u12G4\"", .invalidEscape, 5),
      ("\"\\ud800\"", .loneSurrogate, 1),
      ("\"\\udc00\"", .loneSurrogate, 1),
      ("\"\\ud800\\u0041\"", .loneSurrogate, 1),
      ("01", .invalidNumber, 1),
      ("-", .unexpectedEndOfInput, 1),
      ("1.e5", .invalidNumber, 2),
      ("tru", .unexpectedEndOfInput, 3),
      ("nul1", .unexpectedByte(UInt8(ascii: "1"), expected: "'null'"), 3),
      (String(repeating: "[", count: 513), .nestingTooDeep, 512),
      (String(repeating: "1", count: 1025), .numberTooLong, 1024),
    ]
    for (text, cause, offset) in cases {
      let error = scanError(text)
      #expect(error == JSONScanError(offset: offset, cause: cause), "\(text.prefix(20))")
    }
  }

  @Test func invalidUTF8IsRejectedWhereverItIs() {
    let bad: [[UInt8]] = [
      [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82],
    ]
    for sequence in bad {
      let bytes = Array("\"ab".utf8) + sequence + Array("\"".utf8)
      let scanner = JSONScanner(source: JSONMemorySource(bytes, readBytesMax: 2), bufferBytes: 64)
      #expect(throws: JSONScanError.self, "\(sequence)") {
        _ = try scanner.readString(keepingBytes: 10)
      }
    }
    let good = Array("\"€𐍈ß\"".utf8)
    let scanner = JSONScanner(source: JSONMemorySource(good, readBytesMax: 1), bufferBytes: 64)
    #expect((try? scanner.readString(keepingBytes: 100))?.text == "€𐍈ß")
  }

  @Test func lineModeStopsAtNewlines() throws {
    #expect(scanError("{\"a\":\n1}", lines: true)?.cause == .unexpectedEndOfLine)
    #expect(scanError("{\"a\":\"x\ny\"}", lines: true)?.cause == .unexpectedEndOfLine)
    #expect(scanError("{\"a\":1} x\n", lines: true)?.cause == .trailingBytes(UInt8(ascii: "x")))
    #expect(scanError("{\"a\":1}\r\n", lines: true) == nil)
    let lines = scanner("{\"a\":1}\n{bad\n\n[2]", window: 64, chunk: 1, lines: true)
    #expect(try canonical(lines) == "{a=n:1}")
    #expect(try lines.finishLine())
    #expect(throws: JSONScanError.self) { _ = try canonical(lines) }
    #expect(try lines.skipLine())
    #expect(try lines.restOfLineIsBlank())
    #expect(try lines.finishLine())
    #expect(try canonical(lines) == "[n:2]")
    #expect(try !lines.finishLine(), "the last line has no newline")
    #expect(try lines.isAtEnd())
  }

  @Test func byteOrderMarkIsSkippedOnlyWhenPresent() throws {
    let marked = JSONScanner(source: JSONMemorySource([0xEF, 0xBB, 0xBF, 0x31]))
    #expect(try marked.skipByteOrderMark())
    #expect(try marked.readInteger() == 1)
    let plain = scanner("1")
    #expect(try !plain.skipByteOrderMark())
    #expect(try plain.readInteger() == 1)
  }

  @Test func keyTableFindsNamesAndRejectsOthers() throws {
    let table = JSONKeyTable(["type", "payload", "timestamp", "t"])
    let scanner = scanner(#"{"payload":0,"t":1,"typ":2,"type":3,"\u0074ype":4}"#)
    try scanner.beginObject()
    var found: [Int?] = []
    while try scanner.nextMember() {
      found.append(table.index(of: scanner))
      try scanner.skipValue()
    }
    #expect(found == [1, 3, nil, 0, 0])
  }

  /// Seeded random byte soup never crashes or hangs the scanner: it either reads a value
  /// or throws a scan error with an offset inside the input.
  @Test func randomBytesNeverCrash() {
    var state: UInt64 = 99
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let alphabet = Array("{}[],:\"\\ utrfalsn0123456789-.eE\u{7f}".utf8) + [0xC3, 0xA9, 0xF0, 0x0A]
    for _ in 0..<3000 {
      let count = Int(next() % 40)
      let bytes = (0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
      let scanner = JSONScanner(
        source: JSONMemorySource(bytes, readBytesMax: Int(next() % 5) + 1), bufferBytes: 64,
        lineMode: next() % 2 == 0)
      do {
        _ = try canonical(scanner)
      } catch let error as JSONScanError {
        #expect(error.offset <= UInt64(bytes.count))
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }
}
