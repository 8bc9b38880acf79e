import CairnLogFormat
import CairnStore
import Foundation

/// Direct looks at a log directory's files, for tests that damage them on purpose.
/// docs/LOG_FORMAT.md has the layout: a 64-byte segment header, then blocks, each a
/// 48-byte header ("CBLK", stored bytes u32 LE at 20, record count u32 LE at 28, first
/// sequence number u64 LE at 32) and its stored payload.
enum LogFiles {
  struct Block: Equatable {
    var offset: Int
    var totalBytes: Int
    var recordCount: Int
    var firstSeq: UInt64
  }

  /// The segment file names of `directory`, in order.
  static func segmentNames(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { SegmentHeader.baseSeq(fileName: $0) != nil }
      .sorted()
  }

  static func read(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw HarnessFailure("cannot read \(path)")
    }
    return [UInt8](data)
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// The blocks of a segment file, walked from its header to the first non-block.
  static func blocks(inSegment path: String) throws -> [Block] {
    let bytes = try read(path)
    var blocks: [Block] = []
    var offset = SegmentHeader.byteCount
    while offset + BlockHeader.byteCount <= bytes.count,
      Array(bytes[offset..<offset + 4]) == Array("CBLK".utf8)
    {
      let stored = Int(loadLE(UInt32.self, bytes, at: offset + 20))
      blocks.append(
        Block(
          offset: offset, totalBytes: BlockHeader.byteCount + stored,
          recordCount: Int(loadLE(UInt32.self, bytes, at: offset + 28)),
          firstSeq: loadLE(UInt64.self, bytes, at: offset + 32)))
      offset += BlockHeader.byteCount + stored
    }
    return blocks
  }

  /// The payloads of every record, read in-process with `LogReader`.
  static func payloads(_ directory: String) throws -> [[UInt8]] {
    let reader = try LogReader(directory: directory)
    var payloads: [[UInt8]] = []
    var expected = Seq.first
    try reader.scan { record in
      guard record.seq == expected else {
        throw HarnessFailure("LogReader gave seq \(record.seq) where \(expected) was due")
      }
      expected = expected.next
      payloads.append(Array(record.payload))
      return true
    }
    return payloads
  }

  static func loadLE<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
    var value: T = 0
    for index in 0..<MemoryLayout<T>.size {
      value |= T(bytes[offset + index]) << (8 * index)
    }
    return value
  }

  static func storeLE<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8], at offset: Int) {
    for index in 0..<MemoryLayout<T>.size {
      bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
    }
  }
}

/// A JSON object from command output (the first line), or nil.
func jsonObject(_ text: String) -> [String: Any]? {
  let line = text.split(separator: "\n", omittingEmptySubsequences: true).first ?? ""
  return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
}
