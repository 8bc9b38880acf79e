import CairnCodex
import CairnProtocol
import Foundation
import Testing

/// Hostile rollouts: cut at every byte, bits flipped, garbage, odd line ends. The reader
/// never throws on content, reports each bad line with its number, and reads every
/// other line exactly as in the intact file.
@Suite struct RolloutReaderRobustnessTests {
  /// The end offset (exclusive, newline included) of each line of `bytes`.
  static func lineEnds(_ bytes: [UInt8]) -> [Int] {
    bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
  }

  /// Cut after every byte of a real file: the whole lines before the cut read as in the
  /// intact file, and the cut line is reported as a truncated last line, unless the cut
  /// falls right after its closing brace (a complete line without its newline).
  @Test(arguments: [("0.46.0", "b"), ("0.147.0", "e")])
  func truncatedAtEveryByte(_ file: (String, String)) throws {
    let bytes = try ReferenceRollouts.bytes(file.0, file.1)
    let intact = try readRollout(ReferenceRollouts.path(file.0, file.1)).records
    let ends = Self.lineEnds(bytes)
    // Every byte of the small 0.46 file; in the 0.147 file, every byte near a line end
    // and a stride through the long lines.
    let cuts =
      file.0 == "0.46.0"
      ? Array(0...bytes.count)
      : Array(
        Set(ends.flatMap { ($0 - 4)...($0 + 3) } + Array(stride(from: 0, to: bytes.count, by: 97)))
      )
      .filter { $0 >= 0 && $0 <= bytes.count }.sorted()
    try withScratchDirectory { directory in
      let path = directory + "/cut.jsonl"
      for cut in cuts {
        try writeFile(path, Array(bytes[0..<cut]))
        let result = try readRollout(path, options: RolloutReader.Options(bufferBytes: 64))
        let whole = ends.filter { $0 <= cut }.count
        let startOfCut = whole == 0 ? 0 : ends[whole - 1]
        let completeWithoutNewline =
          cut > startOfCut && bytes[cut - 1] == UInt8(ascii: "}")
          && cut + 1 == ends[whole]
        #expect(
          Array(result.records.prefix(whole)) == Array(intact.prefix(whole)), "cut at \(cut)")
        if cut == startOfCut {
          #expect(result.records.count == whole && result.problems.isEmpty, "cut at \(cut)")
        } else if completeWithoutNewline {
          #expect(result.records.count == whole + 1, "cut at \(cut)")
          #expect(result.problems.isEmpty && result.finalNewlineMissing, "cut at \(cut)")
        } else {
          #expect(result.records.count == whole, "cut at \(cut)")
          #expect(result.problems.count == 1, "cut at \(cut)")
          #expect(result.problems.first?.kind == .truncatedLastLine, "cut at \(cut)")
          #expect(result.problems.first?.lineNumber == whole + 1, "cut at \(cut)")
          #expect(result.summary.truncatedLastLine && result.summary.malformedLines == 0)
        }
      }
    }
  }

  /// One flipped bit anywhere: lines that do not hold the flipped byte (or lose their
  /// separating newline to it) read exactly as before; nothing throws.
  @Test func randomBitFlips() throws {
    let bytes = try ReferenceRollouts.bytes("0.147.0", "b")
    let intact = try readRollout(ReferenceRollouts.path("0.147.0", "b")).records
    var random = SeededRandom(seed: 4)
    try withScratchDirectory { directory in
      let path = directory + "/flipped.jsonl"
      for _ in 0..<300 {
        var flipped = bytes
        let at = Int.random(in: 0..<bytes.count, using: &random)
        flipped[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        try writeFile(path, flipped)
        let result = try readRollout(path, options: RolloutReader.Options(bufferBytes: 4096))
        let byOffset = Dictionary(
          result.records.map { ($0.byteOffset, $0) }, uniquingKeysWith: { first, _ in first })
        for record in intact {
          let start = Int(record.byteOffset)
          let end = start + Int(record.byteCount)  // the newline
          guard at < start - 1 || at > end else { continue }
          let seen = byOffset[record.byteOffset]
          #expect(seen?.line == record.line, "flip at \(at), line at \(start)")
        }
        #expect(result.records.count + result.problems.count >= intact.count - 1)
      }
    }
  }

  /// Garbage lines between real ones are reported with their line numbers and offsets;
  /// the real lines still read.
  @Test func garbageLinesAreReportedAndSkipped() throws {
    let bytes = try ReferenceRollouts.bytes("0.125.0", "b")
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    lines.removeLast()  // after the final newline
    let garbage: [[UInt8]] = [
      Array("not json at all".utf8), Array("{\"type\":\"event_msg\",\"payload\":{".utf8),
      [0xFF, 0xFE, 0x00, 0x7B], Array("{\"timestamp\":1}".utf8), Array("[1,2,3]".utf8),
      Array("{\"type\":\"session_meta\"}".utf8), Array("{\"a\":\"\u{1}\"}".utf8),
      Array("{\"type\":\"x\"} trailing".utf8),
    ]
    var mixed: [[UInt8]] = []
    var garbageLineNumbers: [Int] = []
    for (index, line) in lines.enumerated() {
      mixed.append(line)
      if index % 2 == 0, garbageLineNumbers.count < garbage.count {
        mixed.append(garbage[garbageLineNumbers.count])
        garbageLineNumbers.append(mixed.count)
      }
    }
    try withScratchDirectory { directory in
      let path = directory + "/garbage.jsonl"
      try writeFile(path, Array(mixed.joined(separator: [0x0A])) + [0x0A])
      let result = try readRollout(path)
      #expect(result.problems.map(\.lineNumber) == garbageLineNumbers)
      #expect(result.records.count == lines.count)
      #expect(result.summary.malformedLines == garbage.count)
      #expect(result.summary.toolCalls == 1 && result.summary.turnCount == 1)
      let notRollout = result.problems.filter { $0.kindName == "not_a_rollout_line" }.count
      #expect(notRollout == 2)
      let first = try #require(result.problems.first)
      #expect(first.description.contains("line \(garbageLineNumbers[0])"))
      #expect(first.description.contains("unexpected 'n', expected '{'"))
    }
  }

  /// A BOM, CRLF line ends, blank lines, and unknown types at each level.
  @Test func oddLineEndsAndUnknownTypes() throws {
    let lines = [
      #"{"timestamp":"2026-11-25T19:25:12.460Z","type":"session_meta","payload":{"id":"01a2142b-4f88-7ec2-b0b4-5c08265259a6","cli_version":"9.9.9"}}"#,
      "",
      "   \t",
      #"{"timestamp":"2026-11-25T19:25:13.000Z","type":"brand_new_line","payload":{"x":[1,{"y":null}]}}"#,
      #"{"timestamp":"2026-11-25T19:25:13.500Z","type":"response_item","payload":{"type":"hologram","id":"h1"}}"#,
      #"{"timestamp":"2026-11-25T19:25:14.000Z","type":"event_msg","payload":{"type":"future_event","data":{}}}"#,
      #"{"type":"event_msg","payload":{"message":"hi","type":"user_message"},"timestamp":"2026-11-25T19:25:15.000Z"}"#,
      #"{"payload":{"type":"agent_message","message":"payload before type"},"type":"event_msg"}"#,
    ]
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    for line in lines { bytes += Array(line.utf8) + [0x0D, 0x0A] }
    try withScratchDirectory { directory in
      let path = directory + "/odd.jsonl"
      try writeFile(path, bytes)
      let result = try readRollout(path)
      #expect(result.hadByteOrderMark)
      #expect(result.problems.isEmpty)
      #expect(result.lineCount == lines.count)
      #expect(result.blankLines == 2)
      #expect(result.records.map(\.lineNumber) == [1, 4, 5, 6, 7, 8])
      let summary = result.summary
      #expect(summary.cliVersion == "9.9.9")
      #expect(summary.unknownLineTypes["brand_new_line"] == 1)
      #expect(summary.unknownResponseItemTypes["hologram"] == 1)
      #expect(summary.unknownEventTypes["future_event"] == 1)
      #expect(summary.unknownCount == 3)
      #expect(summary.userPrompts == 1 && summary.agentMessages == 1)
      #expect(summary.turnCount == 1)
      #expect(summary.durationMilliseconds == 2540)
      guard case .eventMsg(.agentMessage(let text)) = result.records[5].line else {
        Issue.record("the last line is not an agent_message: \(result.records[5].line)")
        return
      }
      #expect(text?.text == "payload before type")
    }
  }

  /// A 48 MB line (one function_call_output) streams through a 256 KiB window; what is
  /// kept of it is the bounded preview; the lines around it read normally. (The 300 MB
  /// line, with the peak RSS of a real `cairn session summarize`, is in cairnTests.)
  @Test func aHugeLineStreamsThroughInBoundedMemory() throws {
    let head = Array(
      #"{"timestamp":"2026-11-25T19:25:13.202Z","type":"response_item","payload":{"type":"function_call_output","call_id":"call_1","output":""#
        .utf8)
    let tail = Array(#""}}"#.utf8) + [0x0A]
    let chunk = Array(String(repeating: "0123456789abcdef\\n\\\"é", count: 1 << 12).utf8)
    let chunks = 48_000_000 / chunk.count
    try withScratchDirectory { directory in
      let path = directory + "/huge.jsonl"
      let bytes = try ReferenceRollouts.bytes("0.147.0", "b")
      let firstLine = Array(bytes[0...bytes.firstIndex(of: 0x0A)!])
      _ = FileManager.default.createFile(atPath: path, contents: nil)
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      try handle.write(contentsOf: firstLine + head)
      for _ in 0..<chunks { try handle.write(contentsOf: chunk) }
      try handle.write(contentsOf: tail + firstLine)
      try handle.close()
      let options = RolloutReader.Options(parse: RolloutParseOptions(textBytesMax: 1000))
      let result = try readRollout(path, options: options)
      #expect(result.problems.isEmpty)
      #expect(result.records.count == 3)
      #expect(result.bufferBytes == 256 * 1024)
      guard case .responseItem(.functionCallOutput(let output)) = result.records[1].line else {
        Issue.record("line 2 is not a function_call_output")
        return
      }
      // Each chunk repetition decodes to 16 + 1 + 1 + 2 (é) = 20 bytes.
      #expect(output.output?.totalBytes == chunks * (1 << 12) * 20)
      #expect(output.output?.isTruncated == true)
      #expect((output.output?.text.utf8.count ?? 0) <= 1000)
      #expect(output.output?.text.hasPrefix("0123456789abcdef\n\"é0123") == true)
      #expect(result.records[2].lineNumber == 3)
      #expect(result.summary.toolOutputs == 1)
    }
  }

  /// Files that cannot be read are errors naming the path and the cause.
  @Test func unreadableFilesAreErrors() throws {
    #expect(throws: RolloutReadError.cannotOpen(path: "/nonexistent/x.jsonl", errno: ENOENT)) {
      _ = try RolloutReader(path: "/nonexistent/x.jsonl")
    }
    #expect(throws: RolloutReadError.notAFile(path: "/")) { _ = try RolloutReader(path: "/") }
    let error = RolloutReadError.cannotOpen(path: "/nonexistent/x.jsonl", errno: ENOENT)
    #expect(error.description == "cannot open /nonexistent/x.jsonl: No such file or directory")
  }

  /// The window size changes nothing but memory: every reference file reads the same
  /// through a 64-byte window as through the default one.
  @Test(arguments: ReferenceRollouts.versions)
  func windowSizeDoesNotChangeResults(_ version: String) throws {
    for scenario in ["a", "b", "c", "d", "e"] {
      let path = ReferenceRollouts.path(version, scenario)
      let large = try readRollout(path).records
      let small = try readRollout(path, options: RolloutReader.Options(bufferBytes: 64)).records
      #expect(small == large, "\(version)/\(scenario)")
    }
  }
}
