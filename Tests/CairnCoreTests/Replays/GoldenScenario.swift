import CairnCore
import CairnLogFormat
import Testing

/// A golden scenario: a small session built from commands, whose trace and expected
/// projections live in `Replays/<name>/`. `summary` is the body of its README.md.
struct GoldenScenario: Sendable, CustomTestStringConvertible {
  var name: String
  var summary: String
  /// Records the scenario: its logs, the main session's first.
  var build: @Sendable () throws -> [GoldenLog]

  var testDescription: String { name }

  /// Every scenario; each has a directory under `Replays/`.
  static let all: [GoldenScenario] = [
    plainTurn, toolRunApproved, approvalDenied, turnInterrupted, crashMidToolResume, fork,
    compaction, uiFacts, applyPatch,
  ]

  /// The README.md of the scenario's directory.
  var readme: String {
    """
    # \(name)

    \(summary)

    The scenario is built from commands in `Tests/CairnCoreTests/Replays/GoldenScenarios.swift`.
    `trace.jsonl` holds the session's records, one envelope a line; `expected.jsonl` holds,
    after each command (and at each crash, resume or fork point), the effects returned, the
    state digest and the whole state. See `Replays/README.md`; regenerate with
    `CAIRN_UPDATE_GOLDENS=1 swift test`.

    """
  }
}
