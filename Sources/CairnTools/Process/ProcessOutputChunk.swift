import CairnCore

/// One read from the child's output, passed to `onOutput` as it arrives (so the runtime
/// can log each chunk as an event before the command finishes).
public struct ProcessOutputChunk: Sendable, Equatable {
  public var stream: OutputStream
  public var bytes: [UInt8]
  /// The caller's clock when the bytes were read.
  public var receivedAtNanoseconds: UInt64

  public init(stream: OutputStream, bytes: [UInt8], receivedAtNanoseconds: UInt64) {
    self.stream = stream
    self.bytes = bytes
    self.receivedAtNanoseconds = receivedAtNanoseconds
  }
}
