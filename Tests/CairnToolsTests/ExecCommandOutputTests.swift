import CairnTools
import Foundation
import Testing

@Suite("exec_command output framing and truncation")
struct ExecCommandOutputTests {
  static let rollouts = "/work/shared/reference/rollouts"

  /// The `function_call_output` texts of exec_command calls in a real rollout.
  static func realOutputs(version: String) throws -> [(callID: String, output: String)] {
    let text = try String(contentsOfFile: "\(rollouts)/\(version)/b_tool.jsonl", encoding: .utf8)
    var outputs: [(String, String)] = []
    for line in text.split(separator: "\n") {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      guard let payload = object?["payload"] as? [String: Any],
        payload["type"] as? String == "function_call_output",
        let callID = payload["call_id"] as? String, let output = payload["output"] as? String
      else { continue }
      outputs.append((callID, output))
    }
    return outputs
  }

  /// A framed text split into its header values and the output after "Output:\n".
  static func split(_ text: String) -> (header: [String], output: String)? {
    guard let range = text.range(of: "\nOutput:\n") else { return nil }
    return (
      text[..<range.lowerBound].components(separatedBy: "\n"), String(text[range.upperBound...])
    )
  }

  @Test("the framing matches real Codex 0.147 output line for line")
  func matchesRealRollout() throws {
    let real = try #require(try Self.realOutputs(version: "0.147.0").first)
    let (realHeader, realBody) = try #require(Self.split(real.output))
    #expect(realHeader.count == 4)
    let rendered = ExecCommandOutput.render(
      callID: real.callID, exitCode: 0, wallNanoseconds: 0, outputBytes: Array(realBody.utf8),
      maxOutputTokens: nil)
    let (header, body) = try #require(Self.split(rendered))
    #expect(body == realBody)
    #expect(header.count == realHeader.count)
    // Same labels in the same order; the chunk id is 6 hex digits as in Codex.
    for (ours, theirs) in zip(header, realHeader) {
      #expect(
        ours.prefix { $0 != ":" && !$0.isNumber } == theirs.prefix { $0 != ":" && !$0.isNumber })
    }
    #expect(header[0].wholeMatch(of: /Chunk ID: [0-9a-f]{6}/) != nil)
    #expect(realHeader[0].wholeMatch(of: /Chunk ID: [0-9a-f]{6}/) != nil)
    #expect(header[1] == realHeader[1])  // "Wall time: 0.0000 seconds"
    #expect(header[2] == realHeader[2])  // "Process exited with code 0"
    // The rollout's paths were rewritten after recording (README), so its count (13)
    // is of the longer original text; ours is ceil(bytes / 4) of the text we have.
    #expect(header[3] == "Original token count: \((realBody.utf8.count + 3) / 4)")
    #expect(realHeader[3].wholeMatch(of: /Original token count: \d+/) != nil)
  }

  @Test("wall time has four decimals, as in the 0.106 rollout's 0.0516 seconds")
  func wallTime() throws {
    let real = try #require(try Self.realOutputs(version: "0.106.0").first)
    #expect(real.output.contains("Wall time: 0.0516 seconds"))
    #expect(ExecCommandOutput.wallTimeText(nanoseconds: 51_600_000) == "0.0516")
    #expect(ExecCommandOutput.wallTimeText(nanoseconds: 0) == "0.0000")
    #expect(ExecCommandOutput.wallTimeText(nanoseconds: 51_650_000) == "0.0517")
    #expect(ExecCommandOutput.wallTimeText(nanoseconds: 12_345_678_901) == "12.3457")
  }

  @Test("render is deterministic: the chunk id comes from the call id")
  func deterministic() {
    let first = ExecCommandOutput.render(
      callID: "call_resp_002", exitCode: 1, wallNanoseconds: 1_000_000,
      outputBytes: Array("x\n".utf8), maxOutputTokens: nil)
    let second = ExecCommandOutput.render(
      callID: "call_resp_002", exitCode: 1, wallNanoseconds: 1_000_000,
      outputBytes: Array("x\n".utf8), maxOutputTokens: nil)
    #expect(first == second)
    let id = ExecCommandOutput.chunkID(callID: "call_resp_002")
    #expect(
      first
        == "Chunk ID: \(id)\nWall time: 0.0010 seconds\nProcess exited with code 1\nOriginal token count: 1\nOutput:\nx\n"
    )
    #expect(id != ExecCommandOutput.chunkID(callID: "call_resp_003"))
  }

  @Test("over the budget: warning, head, token marker, tail (Codex's shape)")
  func middleTruncation() {
    let text = String(repeating: "a", count: 50) + String(repeating: "z", count: 50)
    let rendered = MiddleTruncation.truncatedText(
      BoundedOutputCapture(bytes: Array(text.utf8)), maxTokens: 10)
    #expect(
      rendered
        == "Warning: truncated output (original token count: 25)\nTotal output lines: 1\n\n"
        + String(repeating: "a", count: 20) + "…15 tokens truncated…"
        + String(repeating: "z", count: 20))
    // Within the budget nothing changes.
    #expect(
      MiddleTruncation.truncatedText(BoundedOutputCapture(bytes: Array(text.utf8)), maxTokens: 25)
        == text)
    // A zero budget leaves only the marker.
    #expect(
      MiddleTruncation.truncatedText(
        BoundedOutputCapture(bytes: Array("abcdef\n".utf8)), maxTokens: 0)
        == "Warning: truncated output (original token count: 2)\nTotal output lines: 1\n\n…2 tokens truncated…"
    )
  }

  @Test("truncation cuts on character boundaries")
  func characterBoundaries() {
    // "é" is two bytes: a head budget of 5 bytes keeps two of them (4 bytes), not 2.5.
    let text = String(repeating: "é", count: 20) + "\n" + String(repeating: "ü", count: 20)
    let rendered = MiddleTruncation.truncatedText(
      BoundedOutputCapture(bytes: Array(text.utf8)), maxTokens: 2)
    let body = rendered.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
    #expect(body == "éé…19 tokens truncated…üü")
    #expect(
      rendered.hasPrefix(
        "Warning: truncated output (original token count: 21)\nTotal output lines: 2\n\n"))
  }

  @Test("a bounded capture renders exactly like the whole output")
  func boundedCaptureMatchesWhole() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<50 {
      let count = Int.random(in: 0..<20_000, using: &generator)
      let bytes = (0..<count).map { _ in
        [UInt8(ascii: "a"), UInt8(ascii: "\n"), 0xC3, 0xA9, UInt8(ascii: "z")].randomElement(
          using: &generator)!
      }
      // Valid UTF-8 only, so the whole text and the kept ends decode the same way.
      let valid = Array(String(decoding: bytes, as: UTF8.self).utf8)
      let maxTokens = Int.random(in: 0..<2_000, using: &generator)
      var capture = BoundedOutputCapture(keptBytesMax: maxTokens * 4 + 16)
      var offset = 0
      while offset < valid.count {
        let step = min(valid.count - offset, Int.random(in: 1...4096, using: &generator))
        capture.append(valid[offset..<(offset + step)])
        offset += step
      }
      #expect(capture.totalBytes == UInt64(valid.count))
      #expect(
        MiddleTruncation.truncatedText(capture, maxTokens: maxTokens)
          == MiddleTruncation.truncatedText(
            BoundedOutputCapture(bytes: valid), maxTokens: maxTokens))
    }
  }

  @Test("the capture keeps head and tail within its bound")
  func captureBound() {
    var capture = BoundedOutputCapture(keptBytesMax: 8)
    capture.append(Array("0123456789".utf8))
    capture.append(Array("abcdef\n".utf8))
    #expect(capture.head == Array("0123".utf8))
    #expect(capture.tail == Array("def\n".utf8))
    #expect(capture.keptBytes == 8)
    #expect(capture.omittedBytes == 9)
    #expect(capture.lineCount == 1)
    #expect(capture.completeBytes == nil)
  }

  @Test("a run's result renders with 128 + signal, and 124 with a note after a timeout")
  func renderRunResults() throws {
    let (killed, _) = try runScript("echo before; kill -TERM $$")
    let text = ExecCommandOutput.render(callID: "c1", result: killed, maxOutputTokens: nil)
    #expect(text.contains("\nProcess exited with code 143\n"))
    #expect(text.hasSuffix("\nOutput:\nbefore\n"))

    let limits = PlainProcessLimits(timeoutMilliseconds: 100, killGraceMilliseconds: 100)
    let (timedOut, _) = try runScript("echo started; sleep 100", limits: limits)
    let timeoutText = ExecCommandOutput.render(callID: "c2", result: timedOut, maxOutputTokens: nil)
    #expect(timeoutText.contains("\nProcess exited with code 124\n"))
    #expect(timeoutText.contains("\nOutput:\ncommand timed out after "))
    #expect(timeoutText.hasSuffix(" milliseconds\nstarted\n"))
  }
}

@Suite struct BoundedOutputCaptureGapTests {
  @Test func aGapIsCountedAndTheTailStartsAfterIt() {
    var capture = BoundedOutputCapture(headBytesMax: 4, tailBytesMax: 4)
    capture.append(Array("0123456789".utf8))
    capture.appendGap(1_000)
    capture.append(Array("wxyz!".utf8))
    #expect(capture.head == Array("0123".utf8))
    #expect(capture.tail == Array("xyz!".utf8))
    #expect(capture.totalBytes == 1_015)
    #expect(capture.omittedBytes == 1_007)
    #expect(capture.completeBytes == nil)
  }

  @Test func aGapInsideTheHeadClosesIt() {
    var capture = BoundedOutputCapture(headBytesMax: 8, tailBytesMax: 4)
    capture.append(Array("ab".utf8))
    capture.appendGap(10)
    capture.append(Array("cd".utf8))
    // The head never joins bytes across the gap.
    #expect(capture.head == Array("ab".utf8))
    #expect(capture.tail == Array("cd".utf8))
    #expect(capture.totalBytes == 14)
  }
}
