/// When the next frame may be drawn: redraws are capped at a rate (Codex's 120 a second),
/// so a fast stream of events (a model streaming text, a command printing) coalesces into
/// one frame per interval instead of one per event. Pure: the loop passes the clock in.
///
/// ```swift
/// scheduler.request()                        // the state or the size changed
/// switch scheduler.decision(now: now) {
/// case .drawNow: draw(); scheduler.drew(at: now)
/// case .wait(let until): pollTimeout = until - now
/// case .idle: break
/// }
/// ```
public struct FrameScheduler: Hashable, Sendable {
  /// 120 frames a second, as Codex.
  public static let defaultMinimumIntervalNanoseconds: Int64 = 1_000_000_000 / 120

  public enum Decision: Hashable, Sendable {
    /// Nothing to draw.
    case idle
    case drawNow
    /// A frame is wanted, but not before this time (nanoseconds).
    case wait(until: Int64)
  }

  public let minimumIntervalNanoseconds: Int64
  /// When the last frame was drawn (nil before the first).
  public private(set) var lastDrawAt: Int64?
  /// Whether a frame is wanted.
  public private(set) var isPending = false

  public init(minimumIntervalNanoseconds: Int64 = Self.defaultMinimumIntervalNanoseconds) {
    self.minimumIntervalNanoseconds = max(minimumIntervalNanoseconds, 0)
  }

  /// Something on screen may have changed: a frame is wanted.
  public mutating func request() {
    isPending = true
  }

  /// Whether to draw at `now`, or until when to wait.
  public func decision(now: Int64) -> Decision {
    guard isPending else { return .idle }
    guard let last = lastDrawAt else { return .drawNow }
    let (next, overflow) = last.addingReportingOverflow(minimumIntervalNanoseconds)
    // A clock that went back (or a far-future last draw) never blocks drawing for long.
    if overflow || now >= next || now < last { return .drawNow }
    return .wait(until: next)
  }

  /// A frame was drawn at `now`.
  public mutating func drew(at now: Int64) {
    lastDrawAt = now
    isPending = false
  }

  /// How long the loop may sleep at `now` before a wanted frame is due, in whole
  /// milliseconds rounded up (so the wake is never early); nil when no frame is wanted.
  public func timeoutMilliseconds(now: Int64) -> Int32? {
    switch decision(now: now) {
    case .idle: return nil
    case .drawNow: return 0
    case .wait(let until):
      let left = until - now
      return Int32(clamping: (left + 999_999) / 1_000_000)
    }
  }
}
