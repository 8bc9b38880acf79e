import CairnCore
import Foundation
import Testing

/// Strings in JSON output: what a standard parser reads back is the string that went in,
/// whatever mix of plain runs, quotes, backslashes, control bytes and non-ASCII it holds.
@Suite struct JSONStringEscapingTests {
  private func roundTrip(_ string: String) throws -> String? {
    let text = JSONValue.array([.string(string)]).text
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
    return parsed?.first as? String
  }

  @Test func everyStringReadsBackAsItWent() throws {
    let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
    let samples = [
      "", "plain", "\"", "\\", "a\"b\\c", "line\nbreak\r\ttab", controls,
      "ends with a quote\"", "\"starts with one", "ünïcödé — 日本語 — 🪨", "\u{7f}del",
    ]
    for sample in samples {
      #expect(try roundTrip(sample) == sample, "\(sample.debugDescription)")
    }
    // Seeded mixes of every ASCII byte, control bytes and escapes among them.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    for _ in 0..<200 {
      let scalars = (0..<Int(next() % 40)).map { _ in
        Character(Unicode.Scalar(UInt8(next() % 0x80)))
      }
      let sample = String(scalars)
      #expect(try roundTrip(sample) == sample, "\(sample.debugDescription)")
    }
  }

  @Test func controlBytesUseTheShortEscapesOrUnicodeOnes() {
    #expect(JSONValue.string("\"\\\n\r\t\u{1}\u{1f}").text == #""\"\\\n\r\t\u0001\u001f""#)
  }
}
