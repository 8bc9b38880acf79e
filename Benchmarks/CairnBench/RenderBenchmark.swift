import CairnUI

/// `cairn bench render`: issue 7's budget "render + diff of a 200×60 frame ≤ 0.5 ms p99".
/// Each sample draws a transcript-like 200×60 frame from text lines (styled spans, CJK,
/// emoji) into a fresh `Frame` and diffs it against the previous one, for two kinds of
/// change: a scroll by one line (every row changes) and a keystroke in the composer (one
/// cell). The reference in the same run is drawing the frame without the diff.
/// docs/BENCHMARKS.md.
public enum RenderBenchmark {
  static let budgetMilliseconds = 0.5

  public struct Options: Sendable {
    public var samples: Int
    public init(samples: Int = 2_000) { self.samples = samples }
  }

  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  static let lines: [String] = (0..<400).map { index in
    switch index % 5 {
    case 0: return "• Ran `swift build -c release` in /work/cairn (exit 0, \(index) ms)"
    case 1: return "  └ Compiling CairnUI Frame.swift, FrameRenderer.swift, TextWidth.swift"
    case 2: return "codex: the change keeps every frame's bytes minimal — 日本語 and 👍 included"
    case 3: return String(repeating: "word ", count: 38)
    default: return ""
    }
  }

  static func draw(top: Int, composer: String) -> Frame {
    var frame = Frame(columns: 200, rows: 60)
    let dim = Style(dim: true)
    let bold = Style(foreground: .indexed(6), bold: true)
    for row in 0..<57 {
      let line = lines[(top + row) % lines.count]
      let style = line.hasPrefix("•") ? bold : (line.hasPrefix("  └") ? dim : .plain)
      frame.write(line, row: row, column: 0, style: style)
    }
    frame.write(String(repeating: "─", count: 200), row: 57, column: 0, style: dim)
    let used = frame.write("› " + composer, row: 58, column: 0)
    frame.write("gpt-5.5 medium · 98% context left · ~/cairn", row: 59, column: 0, style: dim)
    frame.cursor = Frame.Position(row: 58, column: used)
    return frame
  }

  public static func run(_ options: Options, progress: (String) -> Void) -> Report {
    var scroll: [Double] = []
    var keystroke: [Double] = []
    var drawOnly: [Double] = []
    var bytes = 0
    var previous = draw(top: 0, composer: "")
    for sample in 0..<options.samples {
      if sample % 500 == 0 { progress("sample \(sample) of \(options.samples)") }
      let typedBefore = String(repeating: "x", count: sample % 150)
      var start = BenchClock.nowNanoseconds()
      let scrolled = draw(top: sample + 1, composer: typedBefore)
      let scrollBytes = FrameRenderer.diff(from: previous, to: scrolled)
      scroll.append(Double(BenchClock.nowNanoseconds() - start))
      start = BenchClock.nowNanoseconds()
      let typed = draw(top: sample + 1, composer: typedBefore + "x")
      let typedBytes = FrameRenderer.diff(from: scrolled, to: typed)
      keystroke.append(Double(BenchClock.nowNanoseconds() - start))
      start = BenchClock.nowNanoseconds()
      previous = draw(top: sample + 1, composer: typedBefore + "x")
      drawOnly.append(Double(BenchClock.nowNanoseconds() - start))
      bytes = max(bytes, typedBytes.count)
      precondition(!scrollBytes.isEmpty && !typedBytes.isEmpty)
    }
    let milliseconds = { (values: [Double], fraction: Double) in
      Statistics.percentile(values, fraction) / 1e6
    }
    let scrollP99 = milliseconds(scroll, 0.99)
    let keystrokeP99 = milliseconds(keystroke, 0.99)
    return Report(
      figures: [
        ("scroll_render_diff_p50_ms", milliseconds(scroll, 0.5)),
        ("scroll_render_diff_p99_ms", scrollP99),
        ("keystroke_render_diff_p50_ms", milliseconds(keystroke, 0.5)),
        ("keystroke_render_diff_p99_ms", keystrokeP99),
        ("draw_only_p50_ms", milliseconds(drawOnly, 0.5)),
        ("draw_only_p99_ms", milliseconds(drawOnly, 0.99)),
        ("keystroke_bytes_max", Double(bytes)),
        ("samples", Double(options.samples)),
      ],
      budgets: [
        (
          "scroll_render_diff_p99_ms", scrollP99 <= budgetMilliseconds,
          "render + diff of a 200x60 frame, every row changed: <= 0.5 ms p99"
        ),
        (
          "keystroke_render_diff_p99_ms", keystrokeP99 <= budgetMilliseconds,
          "render + diff of a 200x60 frame, one keystroke: <= 0.5 ms p99"
        ),
        ("keystroke_bytes_max", bytes <= 64, "bytes written per keystroke: <= 64"),
      ])
  }
}
