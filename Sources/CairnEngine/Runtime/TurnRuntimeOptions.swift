import CairnProtocol

/// What a turn sends besides the history, and the runtime's bounds. The shell fills it
/// from the effective config (model, reasoning, verbosity, context window) and flags.
public struct TurnRuntimeOptions: Sendable {
  public var model: String
  public var instructions: String
  public var tools: [ResponseTool]
  public var reasoningEffort: String?
  public var reasoningSummary: String?
  public var verbosity: String?
  /// `--output-schema`: the final answer's JSON schema.
  public var outputSchema: RawJSON?
  public var parallelToolCalls = true
  /// Model requests in one turn at most (each tool round is one).
  public var maxRounds = 64
  /// The model's context window, in tokens.
  public var contextWindow = 258_400
  /// Compact when the local estimate of the history reaches this (Codex's
  /// `model_auto_compact_token_limit`); nil: 90% of the context window.
  public var autoCompactTokenLimit: Int?
  /// Wait between stream retries: base × 2^(attempt−1), capped, times a jitter in
  /// [0.9, 1.1).
  public var streamRetryBaseMilliseconds: UInt64 = 200
  public var streamRetryMaxMilliseconds: UInt64 = 10_000
  /// Deltas are logged coalesced: at most this many bytes, or this long, per event.
  public var coalesceBytes = 4_096
  public var coalesceNanoseconds: Int64 = 50_000_000
  /// What the runtime calls itself in headers (`originator`).
  public var originator = "codex_exec"

  public init(model: String, instructions: String, tools: [ResponseTool]) {
    self.model = model
    self.instructions = instructions
    self.tools = tools
  }

  /// The history size that triggers a compaction before the next request.
  public var compactionThreshold: Int {
    autoCompactTokenLimit ?? contextWindow / 10 * 9
  }
}
