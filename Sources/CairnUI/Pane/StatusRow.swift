/// The status row above the composer while a turn runs: `• Working (12s • esc to interrupt)`,
/// the bullet alternating with `◦` and the header shimmering, both pure functions of `now`
/// (nanoseconds, the driver's clock). The header is `Working`, or the heading of the latest
/// reasoning summary (`**Thinking**` gives `Thinking`).
///
/// ```swift
/// StatusRow.line(header: "Working", startedAt: 0, now: 2_000_000_000, width: 80).text
/// // "• Working (2s • esc to interrupt)"
/// ```
public enum StatusRow {
  /// The header shown before any reasoning summary names one.
  public static let working = "Working"

  /// How often the bullet alternates between `•` and `◦`.
  public static let blinkNanoseconds: Int64 = 600_000_000
  /// How long one shimmer sweep across the header takes.
  public static let sweepNanoseconds: Int64 = 2_000_000_000

  public static func line(header: String, startedAt: Int64, now: Int64, width: Int)
    -> StyledLine
  {
    var line = StyledLine(bullet(now: now) + " ")
    line = line + shimmer(header, now: now)
    line.append(" ")
    line.append("(\(elapsed(nanoseconds: now - startedAt)) • esc to interrupt)", .dim)
    return PaneText.clipped(line, to: width)
  }

  /// The reconnect variant: `• Reconnecting... 1/5 (3s • esc to interrupt)`, then the
  /// cause under `└`, dim and wrapped with a 4-column indent.
  public static func reconnectLines(
    attempt: Int, attemptsMax: Int, cause: String?, startedAt: Int64, now: Int64, width: Int
  ) -> [StyledLine] {
    var first = StyledLine(bullet(now: now) + " ")
    first.append("Reconnecting... \(attempt)/\(attemptsMax)", .dim)
    first.append(" ")
    first.append("(\(elapsed(nanoseconds: now - startedAt)) • esc to interrupt)", .dim)
    var lines = [PaneText.clipped(first, to: width)]
    if let cause, !cause.isEmpty {
      lines += LineWrapping.wrap(
        StyledLine("  └ " + cause, .dim), width: width, indent: StyledLine("    ", .dim))
    }
    return lines
  }

  /// `•` or `◦`, alternating every `blinkNanoseconds`.
  public static func bullet(now: Int64) -> String {
    (now / blinkNanoseconds) % 2 == 0 ? "•" : "◦"
  }

  /// The header as bold, plain and dim runs: a band of emphasis sweeping left to right once
  /// every `sweepNanoseconds`, with 10 columns of padding on either side so it enters and
  /// leaves the word smoothly. Codex draws the same band on terminals without truecolour.
  public static func shimmer(_ text: String, now: Int64) -> StyledLine {
    let characters = Array(text)
    let padding = 10
    let period = characters.count + 2 * padding
    let phase = Double(((now % sweepNanoseconds) + sweepNanoseconds) % sweepNanoseconds)
    let center = phase / Double(sweepNanoseconds) * Double(period)
    let halfWidth = 5.0
    var line = StyledLine()
    for (index, character) in characters.enumerated() {
      let distance = abs(Double(index + padding) - center)
      // A raised cosine: 1 at the band's centre, 0 at its edges.
      let intensity =
        distance <= halfWidth ? 0.5 * (1 + cosine(Double.pi * distance / halfWidth)) : 0
      let style: Style = intensity < 0.2 ? .dim : intensity < 0.6 ? .plain : .bold
      line.append(String(character), style)
    }
    return line
  }

  /// Elapsed time as Codex shows it: `42s`, `1m 05s`, `2h 03m 09s`.
  public static func elapsed(nanoseconds: Int64) -> String {
    let seconds = max(nanoseconds, 0) / 1_000_000_000
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m \(twoDigits(seconds % 60))s" }
    return "\(seconds / 3600)h \(twoDigits(seconds / 60 % 60))m \(twoDigits(seconds % 60))s"
  }

  /// The status header a reasoning summary names: its first `**bold**` run, trimmed (Codex
  /// shows `Thinking` for a summary that starts `**Thinking**`). Nil when there is none.
  public static func header(fromReasoningSummary summary: String) -> String? {
    guard let open = summary.firstRange(of: "**") else { return nil }
    let rest = summary[open.upperBound...]
    guard let close = rest.firstRange(of: "**") else { return nil }
    let heading = rest[..<close.lowerBound].trimmingSpaces()
    return heading.isEmpty ? nil : heading
  }

  private static func twoDigits(_ value: Int64) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  /// cos(x) for 0 ≤ x ≤ π without Foundation: a Taylor series around π/2 is exact enough
  /// for picking one of three styles.
  static func cosine(_ x: Double) -> Double {
    // cos(x) = -sin(x - π/2); sin by its series, |y| ≤ π/2.
    let y = x - Double.pi / 2
    let y2 = y * y
    var term = y
    var sum = y
    for n in stride(from: 2, through: 14, by: 2) {
      term *= -y2 / Double(n * (n + 1))
      sum += term
    }
    return -sum
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(
      drop(while: { $0 == " " || $0 == "\n" }).reversed().drop(while: { $0 == " " || $0 == "\n" })
        .reversed())
  }
}
