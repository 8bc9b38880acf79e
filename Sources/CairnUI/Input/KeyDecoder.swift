/// Turns the bytes a terminal sends into `InputEvent`s: keys with modifiers (legacy xterm
/// encodings and the kitty keyboard protocol), bracketed pastes, focus changes and the
/// replies to the driver's queries. Pure: the caller reads the bytes and passes the time.
///
/// ```swift
/// var decoder = KeyDecoder()
/// decoder.feed([0x1B, 0x5B, 0x41], at: now)   // [.key(KeyPress(.up))]
/// decoder.feed([0x1B], at: now)               // [] — ESC alone: a key or a sequence's start?
/// decoder.deadline                            // now + escapeTimeoutNanoseconds
/// decoder.expire(at: decoder.deadline!)       // [.key(KeyPress(.escape))]
/// ```
///
/// Guarantees:
/// - Decoding does not depend on how the bytes were split into reads: feeding them in any
///   pieces at one time gives the events feeding them at once gives (checked by a fuzz test).
///   Only `expire` resolves what is still incomplete.
/// - Nothing is lost and nothing crashes: bytes that make no event come back as `.unknown`.
/// - Every buffer is bounded: an escape sequence at `sequenceBytesMax` bytes, a paste event
///   at `pasteBytesMax` bytes (a longer paste arrives as several `.paste` events).
///
/// The ESC timeout: crossterm (which Codex uses) has no timer, it decides at the end of each
/// read, so a lone ESC that ends a read is the Escape key at once and a sequence split
/// between two reads (ssh, tmux) decodes as Escape plus characters. Cairn instead waits
/// `escapeTimeoutNanoseconds` (default 30 ms, below what a person notices and far above the
/// gap inside one sequence) after the last byte before it decides; pass 0 to get
/// crossterm's behaviour (call `expire` right after each `feed`).
public struct KeyDecoder: Sendable {
  /// How long a lone ESC or an incomplete sequence waits for more bytes: 30 ms.
  public static let escapeTimeoutNanosecondsDefault: Int64 = 30_000_000
  /// How long a bracketed paste waits for its next byte before it is delivered as it
  /// stands, so a lost `ESC[201~` cannot swallow input for ever: 5 s, enough for a paste
  /// that stalls on a slow link.
  public static let pasteIdleTimeoutNanosecondsDefault: Int64 = 5_000_000_000
  /// The longest paste event, in bytes as received: 16 MiB. Longer pastes come in pieces,
  /// each ending on a scalar boundary and never between CR and LF (a grapheme may straddle
  /// two pieces: insert them in turn).
  public static let pasteBytesMaxDefault = 16 << 20
  /// The longest escape sequence (CSI, SS3, OSC) kept whole: 512 bytes. A sequence with no
  /// final byte by then is given back as `.unknown` of its first 512 bytes and decoding
  /// goes on after them. Real ones are under 64 bytes.
  public static let sequenceBytesMax = 512

  /// How long an incomplete sequence waits for its next byte.
  public let escapeTimeoutNanoseconds: Int64
  /// How long a bracketed paste waits for its next byte.
  public let pasteIdleTimeoutNanoseconds: Int64
  /// The longest `.paste` event in bytes (at least 16).
  public let pasteBytesMax: Int

  /// Set when the driver has asked for the cursor position (`ESC[6n`): the next
  /// `ESC[row;columnR` is then a position report even where it reads like F3 with
  /// modifiers (`ESC[1;2R` is Shift+F3 in xterm). Cleared when the report arrives. Without
  /// it, `ESC[1;mR` is F3 and any other `ESC[r;cR` still a position report.
  public var expectingCursorPosition = false

  /// When `expire` must be called: a lone ESC, an incomplete sequence or an open paste is
  /// waiting; nil when nothing is.
  public private(set) var deadline: Int64?

  /// Bytes of an incomplete sequence or character, at most `sequenceBytesMax`.
  var pending: [UInt8] = []
  /// The bracketed paste being read, if one is open.
  var paste: PasteInProgress?

  /// A decoder with the default timeouts and paste bound, or others (tests use small ones).
  public init(
    escapeTimeoutNanoseconds: Int64 = KeyDecoder.escapeTimeoutNanosecondsDefault,
    pasteIdleTimeoutNanoseconds: Int64 = KeyDecoder.pasteIdleTimeoutNanosecondsDefault,
    pasteBytesMax: Int = KeyDecoder.pasteBytesMaxDefault
  ) {
    precondition(pasteBytesMax >= 16, "a paste event must hold at least a few characters")
    self.escapeTimeoutNanoseconds = max(0, escapeTimeoutNanoseconds)
    self.pasteIdleTimeoutNanoseconds = max(0, pasteIdleTimeoutNanoseconds)
    self.pasteBytesMax = pasteBytesMax
  }

  /// Decodes bytes read at `nanoseconds` (any monotonic clock). Returns the events they
  /// complete; an incomplete tail waits for more bytes or for `expire`.
  public mutating func feed(_ bytes: some Collection<UInt8>, at nanoseconds: Int64)
    -> [InputEvent]
  {
    var events: [InputEvent] = []
    guard !bytes.isEmpty else { return events }
    var input = pending
    pending = []
    input.append(contentsOf: bytes)
    decode(input, final: false, into: &events)
    updateDeadline(at: nanoseconds)
    return events
  }

  /// Resolves what waits once its deadline has passed: a lone ESC becomes Escape, `ESC[`
  /// alone Alt+[, an incomplete sequence or character `.unknown`, an open paste is delivered
  /// as it stands. Before the deadline it does nothing.
  public mutating func expire(at nanoseconds: Int64) -> [InputEvent] {
    var events: [InputEvent] = []
    guard let deadline, nanoseconds >= deadline else { return events }
    if var open = paste {
      paste = nil
      events.append(contentsOf: open.finished(withHeldTerminator: true))
    } else {
      let input = pending
      pending = []
      decode(input, final: true, into: &events)
    }
    self.deadline = nil
    return events
  }

  mutating func updateDeadline(at nanoseconds: Int64) {
    if paste != nil {
      deadline = nanoseconds &+ pasteIdleTimeoutNanoseconds
    } else if !pending.isEmpty {
      deadline = nanoseconds &+ escapeTimeoutNanoseconds
    } else {
      deadline = nil
    }
  }

  /// Decodes `input` from its start; with `final` nothing is left incomplete.
  mutating func decode(_ input: [UInt8], final: Bool, into events: inout [InputEvent]) {
    var index = 0
    while index < input.count {
      if paste != nil {
        index = consumePaste(input, from: index, into: &events)
        continue
      }
      switch KeyDecoder.step(
        input, at: index, final: final, expectingCursorPosition: expectingCursorPosition)
      {
      case .event(let event, let next):
        if case .cursorPosition = event { expectingCursorPosition = false }
        events.append(event)
        index = next
      case .pasteStart(let next):
        paste = PasteInProgress(bytesMax: pasteBytesMax)
        index = next
      case .incomplete:
        pending = Array(input[index...])
        return
      }
    }
  }
}

/// What one step of decoding found at a position.
enum DecodeStep: Equatable {
  /// An event, and where decoding goes on.
  case event(InputEvent, next: Int)
  /// `ESC[200~`: a bracketed paste starts at `next`.
  case pasteStart(next: Int)
  /// More bytes are needed to tell.
  case incomplete
}
