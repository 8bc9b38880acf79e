import CairnLogFormat
import CairnStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

// Helpers shared by the store tests: unique temporary directories, seeded records, file
// surgery, and an independent walk of a segment file's structure.

/// A test's own failure, for conditions that make the rest of a test meaningless.
struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Creates a unique directory under the system's temporary directory.
func makeTemporaryDirectory(_ label: String) throws -> String {
  let template = FileManager.default.temporaryDirectory
    .appendingPathComponent("cairn-\(label)-XXXXXX").path
  var bytes = Array(template.utf8CString)
  guard let made = mkdtemp(&bytes) else {
    throw TestFailure("mkdtemp \(template) failed: errno \(errno)")
  }
  return String(cString: made)
}

/// Removes a directory made by `makeTemporaryDirectory`, with everything in it.
///
/// Tests use `let root = try makeTemporaryDirectory(…)` and `defer { removeDirectory(root) }`
/// rather than a closure-taking helper: with Swift 6.3.1, a closure literal inside
/// `#expect`/`#require` within a closure body can collide with a sibling closure (same
/// discriminator), which then runs the wrong body. Test bodies therefore stay at function
/// level, and no `#expect` sits inside a closure.
func removeDirectory(_ path: String) {
  try? FileManager.default.removeItem(atPath: path)
}

/// `directory/name`.
func join(_ directory: String, _ name: String) -> String { directory + "/" + name }

/// Options for tests: small blocks and segments, no syncs unless asked, seeded salts.
func testOptions(
  durability: Durability = .buffered, block: Int = 512, roll: UInt64 = 4096,
  payloadMax: Int = 64 * 1024, salt: UInt64 = 1
) -> LogOptions {
  LogOptions(
    durability: durability, blockBytesTarget: block, segmentRollBytes: roll,
    recordPayloadBytesMax: payloadMax, salts: .seeded(salt))
}

// MARK: - Records

/// The first `count` session-like records of `seed`.
func sessionRecords(seed: UInt64, count: Int, payloadBytes: ClosedRange<Int> = 100...500)
  -> [LogRecord]
{
  Array(SessionLikeRecords(seed: seed, payloadBytesRange: payloadBytes).prefix(count))
}

/// The draft an appender would pass for `record`.
func draft(_ record: LogRecord) -> RecordDraft {
  RecordDraft(
    recordedAtNanoseconds: record.recordedAtNanoseconds, kind: record.kind,
    schemaVersion: record.schemaVersion, flags: record.flags, causation: record.causation,
    payload: record.payload)
}

/// `count` bytes of noise from `random`, which LZ4 cannot compress.
func noiseBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
  var out = [UInt8](repeating: 0, count: count)
  var index = 0
  while index < count {
    var word = random.next()
    for _ in 0..<8 where index < count {
      out[index] = UInt8(truncatingIfNeeded: word)
      word >>= 8
      index += 1
    }
  }
  return out
}

/// `count` bytes of text, which LZ4 compresses well.
func textBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
  let words: [[UInt8]] = ["tool ", "call ", "delta ", "output ", "segment ", "{\"seq\":"].map {
    Array($0.utf8)
  }
  var out: [UInt8] = []
  out.reserveCapacity(count + 10)
  while out.count < count { out.append(contentsOf: words[Int(random.next() % 6)]) }
  out.removeLast(out.count - count)
  return out
}

/// Seeded records with every field varied (times of any sign, any kind and flags) and
/// payload sizes from 0 bytes up: mostly small, some tens of KiB, and one record of each
/// size in `largeBytes`. Payloads are noise or text at random.
func variedRecords(seed: UInt64, count: Int, firstSeq: UInt64 = 1, largeBytes: [Int] = [])
  -> [LogRecord]
{
  var random = SplitMix64(seed: seed)
  var records: [LogRecord] = []
  for index in 0..<count {
    let seq = firstSeq + UInt64(index)
    var size: Int
    switch random.next() % 20 {
    case 0: size = 0
    case 1: size = 10_000 + Int(random.next() % 60_000)
    case 2, 3: size = 1 + Int(random.next() % 8)
    default: size = Int(random.next() % 700)
    }
    // The large records sit at evenly spaced positions.
    for (position, bytes) in largeBytes.enumerated()
    where index == (position + 1) * count / (largeBytes.count + 1) {
      size = bytes
    }
    let payload = random.next() % 2 == 0 ? noiseBytes(size, &random) : textBytes(size, &random)
    records.append(
      LogRecord(
        seq: Seq(seq), recordedAtNanoseconds: Int64(bitPattern: random.next()),
        kind: UInt16(truncatingIfNeeded: random.next()),
        schemaVersion: UInt16(truncatingIfNeeded: random.next()),
        flags: UInt16(truncatingIfNeeded: random.next()),
        causation: Seq(random.next() % seq), payload: payload))
  }
  return records
}

/// Appends `records` (whose sequence numbers must continue the log) and closes the
/// writer. Commits after every `commitEvery` records when given.
func appendRecords(
  _ records: [LogRecord], to directory: String, options: LogOptions, commitEvery: Int? = nil
) throws {
  let writer = try LogWriter(directory: directory, options: options)
  for (index, record) in records.enumerated() {
    let seq = try writer.append(draft(record))
    guard seq == record.seq else {
      throw TestFailure("append returned seq \(seq), expected \(record.seq)")
    }
    if let commitEvery, (index + 1) % commitEvery == 0 { try writer.commit() }
  }
  try writer.close()
}

/// Every record a reader sees, in order.
func readAllRecords(_ directory: String) throws -> [LogRecord] {
  let reader = try LogReader(directory: directory)
  var records: [LogRecord] = []
  try reader.scan { view in
    records.append(view.record())
    return true
  }
  return records
}

// MARK: - Files

func readFile(_ path: String) throws -> [UInt8] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw TestFailure("cannot read \(path)")
  }
  return [UInt8](data)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func fileSize(_ path: String) throws -> Int {
  let attributes = try FileManager.default.attributesOfItem(atPath: path)
  return (attributes[.size] as? NSNumber)?.intValue ?? -1
}

func truncateFile(_ path: String, to length: Int) throws {
  guard truncate(path, off_t(length)) == 0 else {
    throw TestFailure("truncate \(path) to \(length) failed: errno \(errno)")
  }
}

/// The permission bits of a file or directory.
func permissions(_ path: String) throws -> Int {
  let attributes = try FileManager.default.attributesOfItem(atPath: path)
  return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Names in a directory, sorted.
func directoryNames(_ directory: String) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// The segment file names in a directory, in sequence order.
func segmentNames(_ directory: String) throws -> [String] {
  try directoryNames(directory).filter { SegmentHeader.baseSeq(fileName: $0) != nil }
}

/// Copies the regular files at the top of `source` into `target` (created if missing).
func copyFiles(from source: String, to target: String, skipping: Set<String> = []) throws {
  try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
  for name in try directoryNames(source) where !skipping.contains(name) {
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: join(source, name), isDirectory: &isDirectory)
    if isDirectory.boolValue { continue }
    try writeFile(join(target, name), try readFile(join(source, name)))
  }
}

/// The contents of every segment file, by name.
func segmentContents(_ directory: String) throws -> [String: [UInt8]] {
  var contents: [String: [UInt8]] = [:]
  for name in try segmentNames(directory) { contents[name] = try readFile(join(directory, name)) }
  return contents
}

/// Overwrites bytes of a file in place, without changing its length.
final class FilePatcher {
  let descriptor: Int32

  init(_ path: String) throws {
    descriptor = open(path, O_RDWR)
    guard descriptor >= 0 else { throw TestFailure("open \(path) failed: errno \(errno)") }
  }

  deinit { close(descriptor) }

  func write(_ bytes: [UInt8], at offset: Int) throws {
    let written = bytes.withUnsafeBytes {
      pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset))
    }
    guard written == bytes.count else { throw TestFailure("pwrite at \(offset) failed") }
  }
}

// MARK: - Structure of a segment file

/// Where one block of a segment file lies.
struct BlockLocation {
  var offset: Int
  var header: BlockHeader
  var end: Int { offset + header.totalBytes }
}

/// A segment file walked block by block with the public codecs, independently of the
/// store's scanner: where each block and the footer start.
struct SegmentMap {
  var name: String
  var header: SegmentHeader
  var blocks: [BlockLocation]
  var footerOffset: Int?
  var fileBytes: Int

  init(directory: String, name: String) throws {
    let bytes = try readFile(join(directory, name))
    self.name = name
    fileBytes = bytes.count
    header = try bytes.withUnsafeBytes { try SegmentHeader.decode($0) }
    blocks = []
    footerOffset = nil
    var offset = SegmentHeader.byteCount
    while offset < bytes.count {
      if bytes.count - offset >= 4,
        bytes.withUnsafeBytes({ $0.loadLE(at: offset, as: UInt32.self) }) == SegmentFooter.magic
      {
        footerOffset = offset
        break
      }
      let rawBytesMax = header.blockRawBytesMax
      let block = try bytes.withUnsafeBytes { buffer in
        try BlockHeader.decode(
          UnsafeRawBufferPointer(rebasing: buffer[offset...]), rawBytesMax: rawBytesMax)
      }
      blocks.append(BlockLocation(offset: offset, header: block))
      offset += block.totalBytes
    }
  }

  /// The offset just past the last block.
  var blocksEnd: Int { blocks.last?.end ?? SegmentHeader.byteCount }
}

/// Every segment of a log, walked.
func segmentMaps(_ directory: String) throws -> [SegmentMap] {
  try segmentNames(directory).map { try SegmentMap(directory: directory, name: $0) }
}

// MARK: - Errors

/// Where corruption was reported: a segment file name and a byte offset in it.
struct CorruptionSite: Equatable, CustomStringConvertible {
  var segment: String
  var offset: UInt64

  init(_ segment: String, _ offset: Int) {
    self.segment = segment
    self.offset = UInt64(offset)
  }

  init(segment: String, offset: UInt64) {
    self.segment = segment
    self.offset = offset
  }

  var description: String { "\(segment) at \(offset)" }
}

/// The site of a `LogError.corruption`, or nil for any other outcome.
func corruptionSite(_ error: (any Error)?) -> CorruptionSite? {
  guard let error = error as? LogError, case .corruption(let segment, let offset, _) = error
  else { return nil }
  return CorruptionSite(segment: segment, offset: offset)
}

/// The site of a `.corrupt` verification status, or nil for any other status.
func corruptionSite(_ status: VerifyReport.Status) -> CorruptionSite? {
  guard case .corrupt(let segment, let offset, _) = status else { return nil }
  return CorruptionSite(segment: segment, offset: offset)
}

/// The error `body` throws, or nil.
func thrownError<T>(_ body: () throws -> T) -> (any Error)? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}
