import CairnLogFormat

/// How a turn ended, or that it has not.
public enum TurnStatus: Equatable, Hashable, Sendable {
  case running
  case completed
  case failed(message: String)
  case interrupted(reason: String)
}

/// One turn: when it started and how it ended.
public struct TurnRecord: Equatable, Hashable, Sendable {
  public var turnID: TurnID
  public var startedSeq: Seq
  public var endedSeq: Seq?
  public var status: TurnStatus
}

/// The turns of a session: the running one, the most recent ones, and counts of the rest.
public struct TurnsProjection: Equatable, Hashable, Sendable {
  /// How many finished turns `recent` keeps.
  public static let recentMax = 64

  public var current: TurnRecord?
  /// The latest finished turns, oldest first, at most `recentMax`.
  public var recent: [TurnRecord] = []
  public var completedCount: UInt64 = 0
  public var failedCount: UInt64 = 0
  public var interruptedCount: UInt64 = 0

  public init() {}

  public var startedCount: UInt64 {
    completedCount + failedCount + interruptedCount + (current == nil ? 0 : 1)
  }
}
