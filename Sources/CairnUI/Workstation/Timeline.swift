import CairnCore
import CairnLogFormat

/// Where the timeline stands: the record shown and what the bar says about it.
public struct TimelineStop: Hashable, Sendable {
  public var seq: Seq
  public var lastSeq: Seq
  /// The event's kind, e.g. `output_text_appended`.
  public var kind: String
  /// Nanoseconds since the session's first record.
  public var elapsed: Int64
  /// The turn the record belongs to (1-based) and how many turns the session has.
  public var turn: Int?
  public var turnCount: Int
  /// Where each turn starts, as fractions of the log (ticks on the scrubber).
  public var turnMarks: [Double]

  public init(
    seq: Seq, lastSeq: Seq, kind: String, elapsed: Int64, turn: Int?, turnCount: Int,
    turnMarks: [Double] = []
  ) {
    self.seq = seq
    self.lastSeq = lastSeq
    self.kind = kind
    self.elapsed = elapsed
    self.turn = turn
    self.turnCount = turnCount
    self.turnMarks = turnMarks
  }
}

/// A move through the timeline a key asks for.
public enum TimelineMove: Equatable, Sendable {
  case none
  case step(Int)
  case toStart
  case toEnd
  case previousTurn
  case nextTurn
  case jump(Seq)
  case quit
}

/// The timeline's keys (docs/TUI.md, "The timeline"): ←/→ one event, ↑/↓ ten, PgUp/PgDn a
/// hundred, `[`/`]` (or p/n) a turn, Home/End the ends, `g` then digits and Enter a
/// sequence number, q or Esc to leave. Pure.
public struct TimelineController: Sendable {
  /// The digits typed after `g`, while a jump is being typed.
  public private(set) var jumpText: String?

  public init() {}

  public mutating func handle(_ press: KeyPress) -> TimelineMove {
    guard press.kind != .release else { return .none }
    if var text = jumpText {
      switch press.key {
      case .character(let digit) where digit.isASCII && digit.isNumber:
        text.append(digit)
        jumpText = text
        return .none
      case .backspace:
        text = String(text.dropLast())
        jumpText = text
        return .none
      case .enter:
        jumpText = nil
        return UInt64(text).map { .jump(Seq($0)) } ?? .none
      default:
        jumpText = nil
        return .none
      }
    }
    if press.modifiers.contains(.control), press.key == .character("c") { return .quit }
    switch press.key {
    case .right, .character("l"): return .step(1)
    case .left, .character("h"): return .step(-1)
    case .down, .character("j"): return .step(10)
    case .up, .character("k"): return .step(-10)
    case .pageDown: return .step(100)
    case .pageUp: return .step(-100)
    case .home: return .toStart
    case .end: return .toEnd
    case .character("]"), .character("n"): return .nextTurn
    case .character("["), .character("p"): return .previousTurn
    case .character("g"), .character(":"):
      jumpText = ""
      return .none
    case .character("q"), .escape: return .quit
    default: return .none
    }
  }

  /// The record a move lands on, given the turn starts.
  public static func target(
    of move: TimelineMove, from seq: Seq, lastSeq: Seq, turnStarts: [Seq]
  ) -> Seq? {
    let last = Int64(clamping: lastSeq.rawValue)
    func clamped(_ value: Int64) -> Seq { Seq(UInt64(min(max(value, 1), max(last, 1)))) }
    let here = Int64(clamping: seq.rawValue)
    switch move {
    case .none, .quit: return nil
    case .step(let delta): return clamped(here + Int64(delta))
    case .toStart: return clamped(1)
    case .toEnd: return clamped(last)
    case .jump(let target): return clamped(Int64(clamping: target.rawValue))
    case .nextTurn: return turnStarts.first { $0 > seq } ?? clamped(last)
    case .previousTurn: return turnStarts.last { $0 < seq } ?? clamped(1)
    }
  }
}

/// The timeline's screen: the frame that was on screen at the record (as recorded, at the
/// session's terminal size, cut to fit), above a scrubber and a bar naming the record.
public enum TimelineView {
  /// Rows the bar takes at the bottom: the scrubber, the status and the keys.
  public static let barRows = 3

  public static func frame(
    screen: Frame, stop: TimelineStop, jumpText: String?, columns: Int, rows: Int
  ) -> Frame {
    var frame = Frame(columns: max(columns, 1), rows: max(rows, barRows + 1))
    let width = frame.columns
    let shownRows = frame.rows - barRows
    // The bottom of the recorded screen is where its composer was: keep that in view.
    let skipped = max(screen.rows - shownRows, 0)
    for row in 0..<min(screen.rows, shownRows) {
      for column in 0..<min(screen.columns, width) {
        let cell = screen[row + skipped, column]
        guard cell.width > 0 else { continue }
        frame.write(cell.text, row: row, column: column, style: cell.style)
      }
    }
    frame.draw(scrubber(stop, width: width), row: shownRows)
    frame.draw(status(stop, width: width), row: shownRows + 1)
    let keys: StyledLine
    if let jumpText {
      keys = StyledLine([Span(" go to seq: ", .bold), Span(jumpText), Span("▏")])
    } else {
      keys = StyledLine(
        " ←/→ step  ↑/↓ ×10  pgup/pgdn ×100  [/] turn  home/end  g seq  q quit", .dim)
    }
    frame.draw(keys, row: shownRows + 2)
    return frame
  }

  /// `━━━━●────` with a `┼` where each turn starts.
  static func scrubber(_ stop: TimelineStop, width: Int) -> StyledLine {
    let span = max(width - 2, 1)
    let fraction =
      stop.lastSeq.rawValue <= 1
      ? 1.0 : Double(stop.seq.rawValue - 1) / Double(stop.lastSeq.rawValue - 1)
    let position = min(Int((fraction * Double(span - 1)).rounded()), span - 1)
    var marks = Set<Int>()
    for mark in stop.turnMarks {
      marks.insert(min(max(Int((mark * Double(span - 1)).rounded()), 0), span - 1))
    }
    var line = StyledLine(" ")
    for column in 0..<span {
      if column == position {
        line.append("●", Style.bold.foreground(.cyan))
      } else if marks.contains(column) {
        line.append("┼", column < position ? Style().foreground(.cyan) : .dim)
      } else if column < position {
        line.append("━", Style().foreground(.cyan))
      } else {
        line.append("─", .dim)
      }
    }
    return line
  }

  static func status(_ stop: TimelineStop, width: Int) -> StyledLine {
    var line = StyledLine(" ")
    line.append("seq \(stop.seq.rawValue) / \(stop.lastSeq.rawValue)", .bold)
    if let turn = stop.turn {
      line.append(" · ", .dim)
      line.append("turn \(turn) / \(stop.turnCount)")
    }
    line.append(" · ", .dim)
    line.append(stop.kind, Style().foreground(.magenta))
    line.append(" · ", .dim)
    line.append("+" + elapsedText(stop.elapsed), .dim)
    return line
  }

  /// `12.345s`, `3m 04.5s`, `2h 03m`.
  public static func elapsedText(_ nanoseconds: Int64) -> String {
    let milliseconds = max(nanoseconds, 0) / 1_000_000
    let seconds = milliseconds / 1000
    if seconds < 60 {
      let fraction = String(milliseconds % 1000)
      return "\(seconds).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
    }
    if seconds < 3600 {
      let tenths = milliseconds % 1000 / 100
      let rest = seconds % 60
      return "\(seconds / 60)m \(rest < 10 ? "0" : "")\(rest).\(tenths)s"
    }
    let minutes = seconds / 60 % 60
    return "\(seconds / 3600)h \(minutes < 10 ? "0" : "")\(minutes)m"
  }
}
