import CairnCore
import CairnLogFormat
import Testing

/// The independent side of a golden check: a log folded from scratch, not through
/// `decide`, each record passed through its binary form first, as a log reader sees it.
enum GoldenReplay {
  /// A record as the log stores and returns it: drafted (payload encoded with
  /// `encodedPayload()`), then decoded from a record view with `Event.decode`.
  static func throughBinary(_ envelope: Envelope) throws -> Envelope {
    let draft = Envelope.draft(
      envelope.event, recordedAtNanoseconds: envelope.recordedAtNanoseconds,
      causation: envelope.causation)
    return try draft.payload.withUnsafeBytes { payload in
      try Envelope(
        record: RecordView(
          seq: envelope.seq, recordedAtNanoseconds: draft.recordedAtNanoseconds,
          kind: draft.kind, schemaVersion: draft.schemaVersion, flags: draft.flags,
          causation: draft.causation, payload: payload))
    }
  }

  /// The trace and expected lines a replay of `log` produces: the shared prefix and the
  /// log's own records, each through its binary form, folded from an empty state; at each
  /// mark, the effects folded since the previous one, the digest and the state.
  static func lines(_ log: GoldenLog) throws -> (trace: [String], expected: [String]) {
    let records = log.sharedPrefix + log.envelopes
    var decoded: [Envelope] = []
    for record in records {
      let envelope = try throughBinary(record)
      guard envelope == record else {
        throw GoldenFailure("record \(record.seq) does not survive its binary form")
      }
      decoded.append(envelope)
    }
    var state = SessionState()
    var next = 0
    var expected: [String] = []
    for mark in log.marks {
      var effects: [Effect] = []
      while state.lastSeq < mark.seq {
        guard next < decoded.count else {
          throw GoldenFailure("a mark at seq \(mark.seq) is past the last record")
        }
        effects += SessionState.evolve(&state, decoded[next])
        next += 1
      }
      expected.append(GoldenMark.line(mark.kind, effects: effects, state: state))
    }
    guard next == decoded.count else {
      throw GoldenFailure("records after the last mark: \(decoded.count - next)")
    }
    let trace = decoded.dropFirst(log.sharedPrefix.count).map(\.json.text)
    return (Array(trace), expected)
  }
}

/// A golden check that failed, with a message that says where.
struct GoldenFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
