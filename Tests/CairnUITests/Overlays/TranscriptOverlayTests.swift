import CairnUI
import Testing

@Suite struct TranscriptOverlayTests {
  /// A transcript of about 40 lines, as the transcript helper would lay it out.
  static let lines: [StyledLine] = {
    var lines: [StyledLine] = []
    for turn in 1...8 {
      lines.append(
        StyledLine([Span("› ", Style(bold: true, dim: true)), Span("question \(turn)")]))
      lines.append(.empty)
      lines.append(StyledLine([Span("• ", .dim), Span("answer \(turn), first line")]))
      lines.append(StyledLine("  second line of the answer"))
      lines.append(.empty)
    }
    return lines
  }()

  @Test func snapshotsAtEverySize() {
    for size in PaneSizes.sizes {
      let name = "\(size.columns)x\(size.rows)"
      assertFrameSnapshot(
        TranscriptOverlay.frame(lines: Self.lines, linesFromBottom: 0, size: size),
        named: "bottom-\(name)")
      assertFrameSnapshot(
        TranscriptOverlay.frame(lines: Self.lines, linesFromBottom: 5, size: size),
        named: "scrolled-\(name)")
      assertFrameSnapshot(
        TranscriptOverlay.frame(
          lines: Array(Self.lines.prefix(6)), linesFromBottom: 0, size: size, mode: .backtrack),
        named: "short-backtrack-\(name)")
    }
  }

  @Test func theChromeReadsLikeCodexs() {
    let frame = TranscriptOverlay.frame(
      lines: Self.lines, linesFromBottom: 0, size: OverlaySize(columns: 80, rows: 24))
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(
      text[0] == "/ T R A N S C R I P T / / / / / / / / / / / / / / / / / / / / / / / / / / / / /")
    #expect(text[20] == String(repeating: "─", count: 73) + " 100% ─")
    #expect(text[21] == " ↑/↓ to scroll   pgup/pgdn to page   home/end to jump")
    #expect(text[22] == " q to quit   esc to edit prev")
    #expect(text[23] == "")
    // The newest lines are the last body rows (the transcript ends in a blank line).
    #expect(text[18] == "  second line of the answer")
    #expect(text[19] == "")
    #expect(frame[0, 0].style == .dim)
  }

  @Test func scrollArithmeticClampsAndPages() {
    let size = OverlaySize(columns: 80, rows: 24)
    #expect(TranscriptOverlay.pageRows(size: size) == 19)
    #expect(TranscriptOverlay.maxLinesFromBottom(totalLines: 40, size: size) == 21)
    #expect(TranscriptOverlay.maxLinesFromBottom(totalLines: 10, size: size) == 0)
    #expect(TranscriptOverlay.clamp(linesFromBottom: -3, totalLines: 40, size: size) == 0)
    #expect(TranscriptOverlay.clamp(linesFromBottom: 99, totalLines: 40, size: size) == 21)
    #expect(
      TranscriptOverlay.scrolled(linesFromBottom: 0, by: 19, totalLines: 40, size: size) == 19)
    #expect(
      TranscriptOverlay.scrolled(linesFromBottom: 19, by: 19, totalLines: 40, size: size) == 21)
    #expect(
      TranscriptOverlay.scrolled(linesFromBottom: 5, by: .max, totalLines: 40, size: size) == 21)
    #expect(
      TranscriptOverlay.scrolled(linesFromBottom: 5, by: .min, totalLines: 40, size: size) == 0)
    #expect(
      TranscriptOverlay.scrolled(linesFromBottom: 21, by: .max, totalLines: 40, size: size) == 21)
    #expect(TranscriptOverlay.percent(linesFromBottom: 0, totalLines: 40, size: size) == 100)
    #expect(TranscriptOverlay.percent(linesFromBottom: 21, totalLines: 40, size: size) == 0)
    #expect(TranscriptOverlay.percent(linesFromBottom: 7, totalLines: 40, size: size) == 67)
    #expect(TranscriptOverlay.percent(linesFromBottom: 0, totalLines: 3, size: size) == 100)
  }

  @Test func scrollingShowsEarlierLinesAndTheTopShowsTheFirst() {
    let size = OverlaySize(columns: 80, rows: 24)
    let top = TranscriptOverlay.frame(lines: Self.lines, linesFromBottom: .max, size: size)
    let text = top.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[1] == "› question 1")
    #expect(text[20].hasSuffix(" 0% ─"))
  }

  @Test func aShortTranscriptIsFollowedByTildes() {
    let frame = TranscriptOverlay.frame(
      lines: [StyledLine("only line")], linesFromBottom: 0,
      size: OverlaySize(columns: 40, rows: 12),
      mode: .backtrack)
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[1] == "only line")
    #expect(text[2...7].allSatisfy { $0 == "~" })
    #expect(text[9] == " ↑/↓ to scroll   pgup/pgdn to page   ho…")
  }
}
