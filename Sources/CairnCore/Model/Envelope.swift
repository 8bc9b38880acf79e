import CairnLogFormat

/// An event with its log envelope: the sequence number that is its identity, when it was
/// recorded, and the record that caused it. docs/EVENTS.md, "Envelopes".
public struct Envelope: Equatable, Hashable, Sendable {
  public var seq: Seq
  /// Nanoseconds since the Unix epoch, UTC, from the shell's clock.
  public var recordedAtNanoseconds: Int64
  /// The sequence number of the record that caused this one, or `Seq.none`.
  public var causation: Seq
  public var event: Event

  public init(seq: Seq, recordedAtNanoseconds: Int64, causation: Seq = .none, event: Event) {
    self.seq = seq
    self.recordedAtNanoseconds = recordedAtNanoseconds
    self.causation = causation
    self.event = event
  }

  /// Decodes a record read from the log.
  public init(record: RecordView) throws(DecodeError) {
    self.init(
      seq: record.seq, recordedAtNanoseconds: record.recordedAtNanoseconds,
      causation: record.causation,
      event: try Event.decode(
        kind: record.kind, schemaVersion: record.schemaVersion, payload: record.payload))
  }

  /// The record to append for `event`: its kind, schema version and payload.
  public static func draft(
    _ event: Event, recordedAtNanoseconds: Int64, causation: Seq = .none
  ) -> RecordDraft {
    RecordDraft(
      recordedAtNanoseconds: recordedAtNanoseconds, kind: event.kind.rawValue,
      schemaVersion: event.kind.schemaVersion, flags: 0, causation: causation,
      payload: event.encodedPayload())
  }

  /// The JSON rendering of the envelope and its event, one line of a readable trace.
  public var json: JSONValue {
    .object([
      ("seq", .uint(seq.rawValue)), ("recorded_at_ns", .int(recordedAtNanoseconds)),
      ("causation", .uint(causation.rawValue)), ("event", event.json),
    ])
  }
}
