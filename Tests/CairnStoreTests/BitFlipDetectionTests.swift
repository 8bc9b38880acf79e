import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// docs/LOG_FORMAT.md, "Damage is detected": a flipped bit anywhere in a segment fails a
/// checksum or a literal check. Each flip here is made in place in a real segment file,
/// checked with full verification, and undone.
@Suite("Bit flips: every single flipped bit is detected")
struct BitFlipDetectionTests {
  enum Outcome: Hashable {
    case clean
    case corrupt(CorruptionSiteKey)
    case tornTail(segment: String, offset: UInt64)
    case unsupportedVersion
    case otherError(String)
  }

  struct CorruptionSiteKey: Hashable {
    var segment: String
    var offset: UInt64
  }

  static func verifyOutcome(_ directory: String) -> Outcome {
    do {
      switch try LogVerifier.verify(directory: directory).status {
      case .clean: return .clean
      case .corrupt(let segment, let offset, _):
        return .corrupt(CorruptionSiteKey(segment: segment, offset: offset))
      case .tornTail(let segment, let offset, _, _):
        return .tornTail(segment: segment, offset: offset)
      }
    } catch LogError.unsupportedVersion {
      return .unsupportedVersion
    } catch {
      return .otherError("\(error)")
    }
  }

  /// Flips bit `bit` of byte `offset` in place, runs `body`, and flips it back.
  static func withFlippedBit<T>(
    _ patcher: FilePatcher, _ original: [UInt8], offset: Int, bit: Int, _ body: () -> T
  ) throws -> T {
    try patcher.write([original[offset] ^ (UInt8(1) << UInt8(bit))], at: offset)
    let result = body()
    try patcher.write([original[offset]], at: offset)
    return result
  }

  /// Byte offsets as compact ranges, for failure messages.
  static func ranges(_ offsets: [Int]) -> String {
    var parts: [String] = []
    var start: Int?
    var previous = -2
    for offset in offsets.sorted() + [Int.max] {
      if offset != previous + 1 && offset != previous {
        if let start { parts.append(start == previous ? "\(start)" : "\(start)-\(previous)") }
        start = offset
      }
      previous = offset
    }
    return parts.joined(separator: ", ")
  }

  @Test("every bit of a sealed segment followed by another: each flip is corruption in it")
  func exhaustiveSealedSegment() throws {
    let root = try makeTemporaryDirectory("flips-exhaustive")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = sessionRecords(seed: 600, count: 60, payloadBytes: 40...160)
    try appendRecords(records, to: directory, options: testOptions(block: 256, roll: 2048))
    let maps = try segmentMaps(directory)
    try #require(maps.count >= 2)
    let sealed = maps[0]
    let footerOffset = try #require(sealed.footerOffset)
    try #require(sealed.blocks.count >= 4)
    let path = join(directory, sealed.name)
    let original = try readFile(path)
    #expect(original.count > 2048)
    #expect(Self.verifyOutcome(directory) == .clean)

    let patcher = try FilePatcher(path)
    var outcomes: [String: Int] = [:]
    var undetected: [Int] = []
    var misplaced: [String] = []
    for offset in 0..<original.count {
      for bit in 0..<8 {
        let outcome = try Self.withFlippedBit(patcher, original, offset: offset, bit: bit) {
          Self.verifyOutcome(directory)
        }
        switch outcome {
        case .clean:
          undetected.append(offset)
          outcomes["clean", default: 0] += 1
        case .corrupt(let site):
          outcomes["corrupt", default: 0] += 1
          // Named in the damaged segment, at or before the damaged byte: the start of the
          // structure (header, block or footer) that holds it.
          if site.segment != sealed.name || site.offset > UInt64(offset) {
            misplaced.append("byte \(offset) bit \(bit): \(site.segment) at \(site.offset)")
          }
        case .unsupportedVersion:
          // docs/LOG_FORMAT.md, "Segment header": the version is read before the
          // checksum, so a flip there reads as another format version.
          outcomes["unsupportedVersion", default: 0] += 1
          if !(8..<10).contains(offset) { misplaced.append("byte \(offset) bit \(bit): version") }
        case .tornTail(let segment, let at):
          outcomes["tornTail", default: 0] += 1
          misplaced.append("byte \(offset) bit \(bit): torn tail in \(segment) at \(at)")
        case .otherError(let text):
          outcomes["error", default: 0] += 1
          misplaced.append("byte \(offset) bit \(bit): \(text)")
        }
      }
    }
    #expect(try readFile(path) == original)
    #expect(Self.verifyOutcome(directory) == .clean)
    let flips = original.count * 8
    print(
      "bit flips, exhaustive: \(flips) flips of \(sealed.name) (\(original.count) bytes, "
        + "\(sealed.blocks.count) blocks, footer at \(footerOffset)): \(outcomes)")
    #expect(outcomes.values.reduce(0, +) == flips)
    #expect(
      undetected.isEmpty,
      "\(undetected.count) of \(flips) flips verify clean, at bytes \(Self.ranges(undetected)) (footer at \(footerOffset), file \(original.count) bytes)"
    )
    #expect(misplaced.isEmpty, "\(misplaced.prefix(20))")
  }

  @Test("every bit of the active segment: each flip is a torn tail or corruption")
  func exhaustiveActiveSegment() throws {
    let root = try makeTemporaryDirectory("flips-active")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    let records = sessionRecords(seed: 601, count: 16, payloadBytes: 40...160)
    try appendRecords(records, to: directory, options: testOptions(block: 256, roll: 1 << 20))
    let map = try #require(try segmentMaps(directory).first)
    try #require(map.blocks.count >= 4)
    let lastBlock = map.blocks[map.blocks.count - 1]
    let path = join(directory, map.name)
    let original = try readFile(path)
    let patcher = try FilePatcher(path)
    var undetected: [Int] = []
    var wrong: [String] = []
    var outcomes: [String: Int] = [:]
    for offset in 0..<original.count {
      for bit in 0..<8 {
        let outcome = try Self.withFlippedBit(patcher, original, offset: offset, bit: bit) {
          Self.verifyOutcome(directory)
        }
        switch outcome {
        case .clean:
          undetected.append(offset)
        case .corrupt(let site):
          outcomes["corrupt", default: 0] += 1
          // Damage before the last block is followed by valid data: corruption.
          if offset >= lastBlock.offset || site.offset > UInt64(offset) {
            wrong.append("byte \(offset) bit \(bit): corrupt at \(site.offset)")
          }
        case .tornTail(_, let at):
          outcomes["tornTail", default: 0] += 1
          // Damage in the last block reaches the end of the file: a torn tail there.
          if offset < lastBlock.offset || at != UInt64(lastBlock.offset) {
            wrong.append("byte \(offset) bit \(bit): torn tail at \(at)")
          }
        case .unsupportedVersion:
          outcomes["unsupportedVersion", default: 0] += 1
          if !(8..<10).contains(offset) { wrong.append("byte \(offset) bit \(bit): version") }
        case .otherError(let text):
          wrong.append("byte \(offset) bit \(bit): \(text)")
        }
      }
    }
    print("bit flips, exhaustive: \(original.count * 8) flips of the active segment: \(outcomes)")
    #expect(undetected.isEmpty, "flips verify clean at bytes \(Self.ranges(undetected))")
    #expect(wrong.isEmpty, "\(wrong.prefix(20))")
  }

  @Test("seeded flips across a multi-segment log of about 1 MiB are all detected")
  func sampledLargeLog() throws {
    let root = try makeTemporaryDirectory("flips-sampled")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    // Session-like text compresses well; every third record carries noise instead, so
    // the log holds both LZ4 and raw blocks and reaches about 1 MiB with few records.
    var noise = SplitMix64(seed: 604)
    let records = sessionRecords(seed: 602, count: 2600).map { record in
      var record = record
      if record.seq.rawValue % 3 == 0 { record.payload = noiseBytes(1000, &noise) }
      return record
    }
    try appendRecords(
      records, to: directory, options: testOptions(block: 16 * 1024, roll: 160 * 1024),
      commitEvery: 97)
    let names = try segmentNames(directory)
    var files: [(name: String, bytes: [UInt8], patcher: FilePatcher)] = []
    for name in names {
      files.append(
        (name, try readFile(join(directory, name)), try FilePatcher(join(directory, name))))
    }
    let totalBytes = files.reduce(0) { $0 + $1.bytes.count }
    #expect(names.count >= 6)
    #expect(totalBytes > 900_000)
    var random = SplitMix64(seed: 603)
    let samples = 3000
    var undetected: [String] = []
    var outcomes: [String: Int] = [:]
    for _ in 0..<samples {
      var position = Int(random.next() % UInt64(totalBytes))
      var fileIndex = 0
      while position >= files[fileIndex].bytes.count {
        position -= files[fileIndex].bytes.count
        fileIndex += 1
      }
      let bit = Int(random.next() % 8)
      let file = files[fileIndex]
      let outcome = try Self.withFlippedBit(file.patcher, file.bytes, offset: position, bit: bit) {
        Self.verifyOutcome(directory)
      }
      switch outcome {
      case .clean:
        undetected.append("\(file.name) byte \(position) (of \(file.bytes.count)) bit \(bit)")
      case .corrupt: outcomes["corrupt", default: 0] += 1
      case .tornTail: outcomes["tornTail", default: 0] += 1
      case .unsupportedVersion: outcomes["unsupportedVersion", default: 0] += 1
      case .otherError(let text): undetected.append("error \(text)")
      }
    }
    for file in files { #expect(try readFile(join(directory, file.name)) == file.bytes) }
    print(
      "bit flips, sampled: \(samples) seeded flips over \(names.count) segments "
        + "(\(totalBytes) bytes): \(outcomes), undetected \(undetected.count)")
    #expect(undetected.isEmpty, "\(undetected)")
  }
}
