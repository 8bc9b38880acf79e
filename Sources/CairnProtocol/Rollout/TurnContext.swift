/// `turn_context`: the settings a turn ran with. `sandbox_policy` names its kind `mode`
/// in 0.46 and `type` later; both land in `sandboxMode`.
public struct TurnContext: Sendable, Equatable {
  /// 0.106+.
  public var turnID: String?
  public var cwd: String?
  public var model: String?
  public var approvalPolicy: String?
  /// `read-only`, `workspace-write`, `danger-full-access`.
  public var sandboxMode: String?
  /// The reasoning summary setting (`auto`, `none`, …).
  public var summary: String?
  public var effort: String?
  public var personality: String?
  public var currentDate: String?
  public var timezone: String?

  public init() {}
}

/// `world_state` (0.147+): a snapshot of the environment the model sees; the first of a
/// session is `full`, later ones hold only the keys that changed.
public struct WorldState: Sendable, Equatable {
  public var isFull: Bool?
  /// The names of the members of `state`, in file order (at most
  /// `RolloutParseOptions.namesMax`).
  public var stateKeys: [String]
  /// How many members `state` has.
  public var stateKeyCount: Int

  public init(isFull: Bool? = nil, stateKeys: [String] = [], stateKeyCount: Int = 0) {
    self.isFull = isFull
    self.stateKeys = stateKeys
    self.stateKeyCount = stateKeyCount
  }
}

/// `compacted`: written by auto-compaction, before a `context_compacted` event.
public struct Compacted: Sendable, Equatable {
  /// The summary text.
  public var message: JSONText?
  /// The items of `replacement_history` (nil when absent: older compactions).
  public var replacementHistoryCount: Int?

  public init(message: JSONText? = nil, replacementHistoryCount: Int? = nil) {
    self.message = message
    self.replacementHistoryCount = replacementHistoryCount
  }
}
