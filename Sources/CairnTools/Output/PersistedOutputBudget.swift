import CairnCore

/// Decides which output bytes of one tool run go into the session log, so a command that
/// prints a gigabyte costs the log at most `headBytesMax + tailBytesMax` bytes of output.
/// Pure: it is fed chunks and says what to persist; the caller appends the events.
///
/// - The first `headBytesMax` bytes are persisted as they come (`tool_output_received`).
/// - After that only the newest `tailBytesMax` bytes are kept, in memory.
/// - `finish()` returns, in log order, the omitted counts (`tool_output_omitted`, one per
///   stream) and then the kept tail (`tool_output_received`).
/// - A gap in the input (a live process's drain that dropped its middle) is recorded in
///   place: during the head as an omission persisted at once; after it by dropping the
///   tail held so far, so the tail persisted at the end is always one contiguous run.
///
/// So for every run: persisted chunk bytes + omitted bytes == `totalBytes`, exactly.
///
/// ```swift
/// var budget = PersistedOutputBudget(headBytesMax: 4, tailBytesMax: 3)
/// budget.admit(chunk("0123456789"))  // [.chunk("0123")]
/// budget.finish()                    // [.omitted(stdout, 3), .chunk("789")]
/// ```
public struct PersistedOutputBudget: Sendable, Equatable {
  /// What to append to the log, in order.
  public enum Item: Sendable, Equatable {
    case chunk(ProcessOutputChunk)
    case omitted(OmittedOutput)
  }

  /// What `[tools] persisted output` budgets default to: 1 MiB of head, 1 MiB of tail.
  public static let defaultHeadBytesMax = 1 << 20
  public static let defaultTailBytesMax = 1 << 20

  public let headBytesMax: Int
  public var tailBytesMax: Int { tail.bytesMax }
  /// Head bytes persisted so far.
  public private(set) var headBytes = 0
  /// Every output byte of the run, persisted or not (including gaps reported by drains).
  public private(set) var totalBytes: UInt64 = 0
  private var tail: OutputTail
  private var finished = false

  public init(
    headBytesMax: Int = PersistedOutputBudget.defaultHeadBytesMax,
    tailBytesMax: Int = PersistedOutputBudget.defaultTailBytesMax
  ) {
    self.headBytesMax = max(headBytesMax, 0)
    self.tail = OutputTail(bytesMax: tailBytesMax)
  }

  /// Feeds the next chunk; returns its part to persist now (nil once the head is full).
  public mutating func admit(_ chunk: ProcessOutputChunk) -> ProcessOutputChunk? {
    precondition(!finished, "PersistedOutputBudget.admit after finish()")
    guard !chunk.bytes.isEmpty else { return nil }
    totalBytes += UInt64(chunk.bytes.count)
    let room = headBytesMax - headBytes
    if chunk.bytes.count <= room {
      headBytes += chunk.bytes.count
      return chunk
    }
    var rest = chunk
    rest.bytes = Array(chunk.bytes[room...])
    tail.append(rest)
    guard room > 0 else { return nil }
    headBytes = headBytesMax
    var head = chunk
    head.bytes = Array(chunk.bytes[..<room])
    return head
  }

  /// Feeds a gap: `omitted` bytes the output had here that never reached the budget.
  /// Returns what to persist now (the omission itself, while the head is still open).
  public mutating func admitGap(_ omitted: [OmittedOutput]) -> [Item] {
    precondition(!finished, "PersistedOutputBudget.admitGap after finish()")
    let bytes = omitted.reduce(0) { $0 + $1.bytes }
    guard bytes > 0 else { return [] }
    totalBytes += bytes
    if headBytes < headBytesMax && tail.isEmpty {
      return omitted.filter { $0.bytes > 0 }.map(Item.omitted)
    }
    // Past the head: the gap and everything held before it are one omitted middle.
    tail.dropAll()
    for part in omitted where part.bytes > 0 {
      tail.countOmitted(part.bytes, stream: part.stream)
    }
    return []
  }

  /// Feeds a live process's drain: its chunks, with its omitted middle in place.
  public mutating func admit(_ drain: LiveProcessDrain) -> [Item] {
    var items: [Item] = []
    for (index, chunk) in drain.chunks.enumerated() {
      if index == drain.omissionIndex { items += admitGap(drain.omittedByStream) }
      if let persisted = admit(chunk) { items.append(.chunk(persisted)) }
    }
    if drain.omissionIndex >= drain.chunks.count { items += admitGap(drain.omittedByStream) }
    return items
  }

  /// Ends the run: the omitted counts (one per stream) and then the kept tail, to persist
  /// in this order. The budget takes nothing more afterwards.
  public mutating func finish() -> [Item] {
    precondition(!finished, "PersistedOutputBudget.finish called twice")
    finished = true
    let (chunks, omitted) = tail.take()
    return OmittedOutput.list(omitted).map(Item.omitted) + chunks.map(Item.chunk)
  }

  /// Bytes persisted or to be persisted at `finish()` (head + tail held).
  public var persistedBytes: Int { headBytes + tail.bytes }

  /// Bytes that will not be persisted (so far).
  public var omittedBytes: UInt64 { totalBytes - UInt64(persistedBytes) }
}
