import CairnCore

/// Output held by a live process between drains: bounded (head+tail kept, middle counted).
///
/// A process that prints more than `bufferedBytesMax` between two drains loses the middle:
/// the drain has the first half of the limit and the last half, and `omittedBytes` says
/// how much was dropped in between, so `chunks` bytes + `omittedBytes` is always exactly
/// what the process wrote since the last drain.
public struct LiveProcessDrain: Sendable, Equatable {
  /// In arrival order. A chunk at the edge of the omitted middle is cut to fit.
  public var chunks: [ProcessOutputChunk]
  /// Bytes dropped from the middle since the last drain.
  public var omittedBytes: UInt64
  /// Set once the process has exited and all its output was drained: this drain holds the
  /// last of it, and every later drain is empty with the same termination.
  public var termination: ProcessTermination?
  /// Where the omitted middle sits: `chunks[..<omissionIndex]` came before it, the rest
  /// after (so a log can record the gap in its place).
  public var omissionIndex: Int
  /// `omittedBytes` by stream, in `OutputStream.allCases` order, zero counts left out (a
  /// drain built without it counts them as stdout).
  public var omittedByStream: [OmittedOutput]

  public init(
    chunks: [ProcessOutputChunk], omittedBytes: UInt64, termination: ProcessTermination?,
    omissionIndex: Int? = nil, omittedByStream: [OmittedOutput]? = nil
  ) {
    self.chunks = chunks
    self.omittedBytes = omittedBytes
    self.termination = termination
    self.omissionIndex = omissionIndex ?? chunks.count
    self.omittedByStream =
      omittedByStream
      ?? (omittedBytes > 0 ? [OmittedOutput(stream: .stdout, bytes: omittedBytes)] : [])
  }

  /// The bytes of every chunk, in order.
  public var bytes: [UInt8] { chunks.flatMap(\.bytes) }

  /// The byte count of the chunks (without the omitted middle).
  public var chunkBytes: Int { chunks.reduce(0) { $0 + $1.bytes.count } }
}
