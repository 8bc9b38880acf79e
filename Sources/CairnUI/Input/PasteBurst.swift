/// Tells a paste from typing where the terminal does not bracket pastes: characters that
/// arrive faster than anyone types are a paste, and an Enter right after them is a line
/// break inside it, not a submit. Codex does the same (README "Keys": a pause is needed
/// before Enter after a burst). Pure: times come in as arguments.
///
/// Thresholds (Codex's): a burst is at least `burstCharactersMin` = 3 characters, each at
/// most `characterIntervalNanosecondsMax` = 8 ms after the one before (people type 50 ms or
/// more apart; characters of one read arrive 0 ms apart); an Enter up to
/// `enterWindowNanoseconds` = 120 ms after a burst's last character (or after an Enter that
/// continued it) belongs to the paste.
///
/// ```swift
/// var burst = PasteBurst()
/// for (i, _) in "hello".enumerated() { burst.noteCharacter(at: Int64(i) * 1_000_000) }
/// burst.enterIsPartOfPaste(at: 10_000_000)    // true: insert a newline
/// burst.enterIsPartOfPaste(at: 900_000_000)   // false: submit
/// ```
public struct PasteBurst: Equatable, Sendable {
  /// The most time between two characters of a burst: 8 ms.
  public static let characterIntervalNanosecondsMax: Int64 = 8_000_000
  /// The fewest characters that make a burst: 3.
  public static let burstCharactersMin = 3
  /// How long after a burst an Enter still belongs to it: 120 ms.
  public static let enterWindowNanoseconds: Int64 = 120_000_000

  var lastCharacterAt: Int64?
  var fastCharacters = 0
  var windowEnd: Int64?

  /// No burst yet.
  public init() {}

  /// True while an Enter would be part of a paste (a view may say so).
  public func isActive(at nanoseconds: Int64) -> Bool {
    guard let windowEnd else { return false }
    return nanoseconds <= windowEnd
  }

  /// A character to insert arrived at `nanoseconds`.
  public mutating func noteCharacter(at nanoseconds: Int64) {
    if let last = lastCharacterAt,
      nanoseconds &- last <= PasteBurst.characterIntervalNanosecondsMax,
      nanoseconds >= last
    {
      fastCharacters += 1
    } else {
      fastCharacters = 1
    }
    lastCharacterAt = nanoseconds
    if fastCharacters >= PasteBurst.burstCharactersMin {
      windowEnd = nanoseconds &+ PasteBurst.enterWindowNanoseconds
    }
  }

  /// Enter arrived at `nanoseconds`: true when it belongs to a paste (insert a line break
  /// and keep the burst going), false when it is a real Enter (the burst ends).
  public mutating func enterIsPartOfPaste(at nanoseconds: Int64) -> Bool {
    guard isActive(at: nanoseconds) else {
      reset()
      return false
    }
    lastCharacterAt = nanoseconds
    windowEnd = nanoseconds &+ PasteBurst.enterWindowNanoseconds
    return true
  }

  /// Any other key: the burst ends.
  public mutating func reset() {
    self = PasteBurst()
  }
}
