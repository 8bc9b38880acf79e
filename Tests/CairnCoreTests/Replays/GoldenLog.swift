import CairnCore
import CairnLogFormat

/// One session's log in a golden scenario: its own records, the parent's records it reads
/// through the parent when it is a fork, and the marks where its expected file pins the
/// state. Its files are `trace.jsonl` and `expected.jsonl` in the scenario's directory, or
/// in `subdirectory` of it (a fork's child).
struct GoldenLog {
  /// "" for the scenario's main session; "child" for a forked one.
  var subdirectory: String
  /// The parent's records through the fork point, read through the parent (empty unless
  /// the session is a fork). They are not in this log's trace: the parent's trace has them.
  var sharedPrefix: [Envelope]
  /// The session's own records, as its trace lists them.
  var envelopes: [Envelope]
  var marks: [GoldenMark]

  /// The lines of `trace.jsonl`: one envelope each.
  var traceLines: [String] { envelopes.map(\.json.text) }

  /// The lines of `expected.jsonl`: one mark each, from the state the recorder had.
  var expectedLines: [String] { marks.map(\.line) }
}
