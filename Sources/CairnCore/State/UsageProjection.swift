import CairnLogFormat

/// Token counts as a provider reports them.
public struct TokenCounts: Equatable, Hashable, Sendable {
  public var inputTokens: UInt64 = 0
  public var cachedInputTokens: UInt64 = 0
  public var outputTokens: UInt64 = 0
  public var reasoningOutputTokens: UInt64 = 0

  public init(
    inputTokens: UInt64 = 0, cachedInputTokens: UInt64 = 0, outputTokens: UInt64 = 0,
    reasoningOutputTokens: UInt64 = 0
  ) {
    self.inputTokens = inputTokens
    self.cachedInputTokens = cachedInputTokens
    self.outputTokens = outputTokens
    self.reasoningOutputTokens = reasoningOutputTokens
  }

  public var totalTokens: UInt64 { inputTokens.addingSaturating(outputTokens) }

  /// Adds without trapping: counts from a hostile log saturate instead.
  public mutating func add(_ other: TokenCounts) {
    inputTokens = inputTokens.addingSaturating(other.inputTokens)
    cachedInputTokens = cachedInputTokens.addingSaturating(other.cachedInputTokens)
    outputTokens = outputTokens.addingSaturating(other.outputTokens)
    reasoningOutputTokens = reasoningOutputTokens.addingSaturating(other.reasoningOutputTokens)
  }
}

extension UInt64 {
  fileprivate func addingSaturating(_ other: UInt64) -> UInt64 {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? .max : sum
  }
}

/// Token usage per turn (recent turns) and for the whole session.
public struct UsageProjection: Equatable, Hashable, Sendable {
  public static let perTurnMax = 64

  public var cumulative = TokenCounts()
  /// The latest report.
  public var last: TokenCounts?
  /// Per-turn sums for the most recent turns, oldest first.
  public var perTurn: [(turnID: TurnID, counts: TokenCounts)] = []

  public init() {}

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.cumulative == rhs.cumulative && lhs.last == rhs.last
      && lhs.perTurn.map(\.turnID) == rhs.perTurn.map(\.turnID)
      && lhs.perTurn.map(\.counts) == rhs.perTurn.map(\.counts)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(cumulative)
    hasher.combine(last)
    for entry in perTurn {
      hasher.combine(entry.turnID)
      hasher.combine(entry.counts)
    }
  }
}
