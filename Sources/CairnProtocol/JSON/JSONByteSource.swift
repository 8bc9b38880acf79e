/// Where a `JSONScanner` gets its bytes: a file, a pipe or memory. The scanner asks for
/// more only when its window is used up, so a source is called once per buffer, never per
/// byte.
public protocol JSONByteSource: AnyObject {
  /// Fills the front of `buffer` with the next bytes and returns how many; 0 means the
  /// input has ended. Errors (a failed `read(2)`) pass through the scanner unchanged.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A source over bytes already in memory, for tests and small inputs.
public final class JSONMemorySource: JSONByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  /// The most bytes handed out per call: tests set it low to make values straddle refills.
  private let readBytesMax: Int

  public init(_ bytes: [UInt8], readBytesMax: Int = .max) {
    self.bytes = bytes
    self.readBytesMax = max(1, readBytesMax)
  }

  public convenience init(_ text: String, readBytesMax: Int = .max) {
    self.init(Array(text.utf8), readBytesMax: readBytesMax)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = min(buffer.count, bytes.count - offset, readBytesMax)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
    }
    offset += count
    return count
  }
}
