/// One envelope record as stored in the log: the header fields and an opaque payload.
///
/// The payload codec belongs to the domain; the log never looks inside it.
/// See docs/LOG_FORMAT.md, "Record frame".
public struct LogRecord: Equatable, Hashable, Sendable {
  public var seq: Seq
  /// Nanoseconds since the Unix epoch, UTC, as the shell's clock reported it.
  public var recordedAtNanoseconds: Int64
  public var kind: UInt16
  public var schemaVersion: UInt16
  public var flags: UInt16
  /// The sequence number of the record that caused this one, or `Seq.none`.
  public var causation: Seq
  public var payload: [UInt8]

  public init(
    seq: Seq, recordedAtNanoseconds: Int64, kind: UInt16 = 0, schemaVersion: UInt16 = 0,
    flags: UInt16 = 0, causation: Seq = .none, payload: [UInt8]
  ) {
    self.seq = seq
    self.recordedAtNanoseconds = recordedAtNanoseconds
    self.kind = kind
    self.schemaVersion = schemaVersion
    self.flags = flags
    self.causation = causation
    self.payload = payload
  }
}

/// What an appender supplies: every field but the sequence number, which the log assigns.
public struct RecordDraft: Equatable, Sendable {
  public var recordedAtNanoseconds: Int64
  public var kind: UInt16
  public var schemaVersion: UInt16
  public var flags: UInt16
  public var causation: Seq
  public var payload: [UInt8]

  public init(
    recordedAtNanoseconds: Int64, kind: UInt16 = 0, schemaVersion: UInt16 = 0, flags: UInt16 = 0,
    causation: Seq = .none, payload: [UInt8]
  ) {
    self.recordedAtNanoseconds = recordedAtNanoseconds
    self.kind = kind
    self.schemaVersion = schemaVersion
    self.flags = flags
    self.causation = causation
    self.payload = payload
  }
}

/// A borrowed view of one record inside a decompressed block.
///
/// `payload` points into the reader's reused buffer and is valid only during the callback
/// that received the view; copy it (`record()`) to keep it.
public struct RecordView {
  public let seq: Seq
  public let recordedAtNanoseconds: Int64
  public let kind: UInt16
  public let schemaVersion: UInt16
  public let flags: UInt16
  public let causation: Seq
  public let payload: UnsafeRawBufferPointer

  @inlinable
  public init(
    seq: Seq, recordedAtNanoseconds: Int64, kind: UInt16, schemaVersion: UInt16, flags: UInt16,
    causation: Seq, payload: UnsafeRawBufferPointer
  ) {
    self.seq = seq
    self.recordedAtNanoseconds = recordedAtNanoseconds
    self.kind = kind
    self.schemaVersion = schemaVersion
    self.flags = flags
    self.causation = causation
    self.payload = payload
  }

  /// An owned copy of the record.
  public func record() -> LogRecord {
    LogRecord(
      seq: seq, recordedAtNanoseconds: recordedAtNanoseconds, kind: kind,
      schemaVersion: schemaVersion, flags: flags, causation: causation,
      payload: Array(payload))
  }
}
