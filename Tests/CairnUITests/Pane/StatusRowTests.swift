import CairnUI
import Testing

@Suite struct StatusRowTests {
  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      let now = 12 * paneSecond + 700_000_000
      assertLinesSnapshot(
        [
          StatusRow.line(header: "Working", startedAt: 10 * paneSecond, now: now, width: width),
          StatusRow.line(header: "Thinking", startedAt: 0, now: now + 600_000_000, width: width),
          StatusRow.line(header: "Working", startedAt: 0, now: 3725 * paneSecond, width: width),
        ], columns: width, named: "working-\(width)")
      assertLinesSnapshot(
        StatusRow.reconnectLines(
          attempt: 1, attemptsMax: 5,
          cause:
            "Stream disconnected before completion: error sending request for url (http://127.0.0.1:45227/v1/responses)",
          startedAt: 0, now: 4 * paneSecond, width: width),
        columns: width, named: "reconnecting-\(width)")
    }
  }

  @Test func theRowReadsLikeCodexs() {
    let line = StatusRow.line(header: "Working", startedAt: 0, now: 2_400_000_000, width: 80)
    #expect(line.text == "• Working (2s • esc to interrupt)")
    #expect(line.spans.last?.style == .dim)
    let reconnect = StatusRow.reconnectLines(
      attempt: 1, attemptsMax: 5, cause: nil, startedAt: 0, now: 3_600_000_000, width: 80)
    #expect(reconnect.map(\.text) == ["• Reconnecting... 1/5 (3s • esc to interrupt)"])
  }

  @Test func theBulletAlternatesWithTime() {
    #expect(StatusRow.bullet(now: 0) == "•")
    #expect(StatusRow.bullet(now: 600_000_000) == "◦")
    #expect(StatusRow.bullet(now: 1_200_000_000) == "•")
  }

  @Test func theShimmerSweepsABoldBandAcrossTheHeader() {
    // Over one sweep every letter is bold at some moment and dim at another.
    var boldSeen = Set<Int>()
    var dimSeen = Set<Int>()
    for step in 0..<40 {
      let line = StatusRow.shimmer("Working", now: Int64(step) * 50_000_000)
      var index = 0
      for span in line.spans {
        for _ in span.text {
          if span.style == .bold { boldSeen.insert(index) }
          if span.style == .dim { dimSeen.insert(index) }
          index += 1
        }
      }
      #expect(line.text == "Working")
    }
    #expect(boldSeen == Set(0..<7))
    #expect(dimSeen == Set(0..<7))
    // The same instant gives the same frame.
    #expect(
      StatusRow.shimmer("Thinking", now: 123_456_789)
        == StatusRow.shimmer("Thinking", now: 123_456_789))
  }

  @Test func elapsedTimeIsCompact() {
    #expect(StatusRow.elapsed(nanoseconds: 0) == "0s")
    #expect(StatusRow.elapsed(nanoseconds: 59 * paneSecond + 999_999_999) == "59s")
    #expect(StatusRow.elapsed(nanoseconds: 65 * paneSecond) == "1m 05s")
    #expect(StatusRow.elapsed(nanoseconds: 3725 * paneSecond) == "1h 02m 05s")
    #expect(StatusRow.elapsed(nanoseconds: -5) == "0s")
  }

  @Test func theHeaderComesFromTheReasoningSummarysBoldHeading() {
    #expect(StatusRow.header(fromReasoningSummary: "**Thinking**\n\nabout it") == "Thinking")
    #expect(
      StatusRow.header(fromReasoningSummary: "intro **Planning the fix** more")
        == "Planning the fix")
    #expect(StatusRow.header(fromReasoningSummary: "no heading") == nil)
    #expect(StatusRow.header(fromReasoningSummary: "**unclosed") == nil)
    #expect(StatusRow.header(fromReasoningSummary: "****") == nil)
  }

  @Test func narrowWidthsClipWithAnEllipsis() {
    let line = StatusRow.line(header: "Working", startedAt: 0, now: 2 * paneSecond, width: 20)
    #expect(line.columns == 20)
    #expect(line.text.hasSuffix("…"))
  }
}
