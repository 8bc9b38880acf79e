import CairnCore

/// Output bytes of one stream that were counted but not kept: what a
/// `tool_output_omitted` event records.
public struct OmittedOutput: Sendable, Equatable, Hashable {
  public var stream: OutputStream
  public var bytes: UInt64

  public init(stream: OutputStream, bytes: UInt64) {
    self.stream = stream
    self.bytes = bytes
  }

  /// Per-stream counts as a list in `OutputStream.allCases` order, zero counts left out.
  static func list(_ counts: [OutputStream: UInt64]) -> [OmittedOutput] {
    OutputStream.allCases.compactMap { stream in
      guard let bytes = counts[stream], bytes > 0 else { return nil }
      return OmittedOutput(stream: stream, bytes: bytes)
    }
  }
}
