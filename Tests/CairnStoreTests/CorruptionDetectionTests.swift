import CairnLogFormat
import CairnStore
import Foundation
import Testing

/// Invalid bytes followed by valid data are corruption, never a torn tail: writers,
/// readers and verification name the segment file and the offset where the invalid bytes
/// start, and nothing is cut.
@Suite("Corruption: damage followed by valid data, reordered blocks and foreign segments")
struct CorruptionDetectionTests {
  static let records = sessionRecords(seed: 400, count: 200, payloadBytes: 30...150)
  /// One active segment of small blocks.
  static let singleOptions = testOptions(block: 512, roll: 1 << 20)
  /// Several sealed segments and an active one.
  static let multiOptions = testOptions(block: 512, roll: 3000)

  /// Writes the records and removes the watermark, so that opening scans every block of
  /// the active segment.
  static func writeLog(_ directory: String, options: LogOptions, salt: UInt64? = nil) throws {
    var options = options
    if let salt { options.salts = .seeded(salt) }
    try appendRecords(records, to: directory, options: options)
    try FileManager.default.removeItem(atPath: join(directory, "active.idx"))
  }

  /// What each entry point reports for the log in `directory`.
  struct Verdicts {
    var reader: CorruptionSite?
    var writer: CorruptionSite?
    var verifier: CorruptionSite?
    var repair: CorruptionSite?
    var readerScan: CorruptionSite?

    init(_ directory: String, options: LogOptions) {
      let before = try? segmentContents(directory)
      reader = corruptionSite(thrownError { try LogReader(directory: directory) })
      writer = corruptionSite(thrownError { try LogWriter(directory: directory, options: options) })
      verifier = (try? LogVerifier.verify(directory: directory)).flatMap {
        corruptionSite($0.status)
      }
      repair = corruptionSite(
        thrownError { try LogRepair.repair(directory: directory, force: false) })
      readerScan = corruptionSite(thrownError { try readAllRecords(directory) })
      // None of these may change a byte of a segment.
      if (try? segmentContents(directory)) != before {
        Issue.record("a refused open, verify or repair changed the segment files")
      }
    }
  }

  @Test("a damaged block before valid ones is corruption at that block, for every entry point")
  func damagedBlockInActiveSegment() throws {
    let root = try makeTemporaryDirectory("corrupt-active")
    defer { removeDirectory(root) }
    let template = join(root, "template")
    try Self.writeLog(template, options: Self.singleOptions)
    let map = try #require(try segmentMaps(template).first)
    try #require(map.blocks.count > 10)
    // A block at the start, in the middle and the one before last; a byte of the payload
    // and a byte of each header field.
    for blockIndex in [0, map.blocks.count / 2, map.blocks.count - 2] {
      let block = map.blocks[blockIndex]
      for within in [0, 5, 9, 16, 17, 21, 26, 30, 33, 44, 48, block.header.totalBytes - 1] {
        let work = join(root, "work")
        removeDirectory(work)
        try copyFiles(from: template, to: work)
        let path = join(work, map.name)
        var bytes = try readFile(path)
        bytes[block.offset + within] ^= 0x04
        try writeFile(path, bytes)
        let expected = CorruptionSite(map.name, block.offset)
        let verdicts = Verdicts(work, options: Self.singleOptions)
        #expect(verdicts.reader == expected, "block \(blockIndex) byte \(within)")
        #expect(verdicts.writer == expected, "block \(blockIndex) byte \(within)")
        #expect(verdicts.verifier == expected, "block \(blockIndex) byte \(within)")
        #expect(verdicts.repair == expected, "block \(blockIndex) byte \(within)")
        #expect(verdicts.readerScan == expected, "block \(blockIndex) byte \(within)")
      }
    }
  }

  /// docs/LOG_FORMAT.md, "Damage is detected": opening trusts a sealed segment's footer,
  /// so damage in its blocks surfaces when they are read, or in full verification.
  @Test("a damaged block in a sealed segment fails reads of it and verification")
  func damagedBlockInSealedSegment() throws {
    let root = try makeTemporaryDirectory("corrupt-sealed")
    defer { removeDirectory(root) }
    let directory = join(root, "log")
    try Self.writeLog(directory, options: Self.multiOptions)
    let maps = try segmentMaps(directory)
    try #require(maps.count >= 3)
    let sealed = maps[1]
    let block = sealed.blocks[sealed.blocks.count / 2]
    let path = join(directory, sealed.name)
    var bytes = try readFile(path)
    bytes[block.offset + 48 + 2] ^= 0x80
    try writeFile(path, bytes)
    let expected = CorruptionSite(sealed.name, block.offset)

    #expect(corruptionSite(try LogVerifier.verify(directory: directory).status) == expected)
    let reader = try LogReader(directory: directory)
    #expect(
      corruptionSite(thrownError { try reader.record(at: block.header.firstSeq) }) == expected)
    #expect(corruptionSite(thrownError { try readAllRecords(directory) }) == expected)
    // Records in other blocks still read.
    let before = sealed.blocks[0].header.firstSeq
    #expect(try reader.record(at: before) == Self.records[Int(before.rawValue) - 1])
    let after = maps[2].blocks[0].header.firstSeq
    #expect(try reader.record(at: after) == Self.records[Int(after.rawValue) - 1])
    #expect(
      corruptionSite(thrownError { try LogRepair.repair(directory: directory, force: false) })
        == expected)
  }

  @Test("two blocks swapped are corruption where the first of them was")
  func reorderedBlocks() throws {
    let root = try makeTemporaryDirectory("reorder")
    defer { removeDirectory(root) }
    for options in [Self.singleOptions, Self.multiOptions] {
      let directory = join(root, "log-\(options.segmentRollBytes)")
      try Self.writeLog(directory, options: options)
      let maps = try segmentMaps(directory)
      // The active segment, or a sealed one before it.
      let map = maps.count == 1 ? maps[0] : maps[maps.count - 2]
      try #require(map.blocks.count >= 4)
      let first = map.blocks[1]
      let second = map.blocks[2]
      let path = join(directory, map.name)
      let bytes = try readFile(path)
      let swapped =
        Array(bytes[0..<first.offset]) + Array(bytes[second.offset..<second.end])
        + Array(bytes[first.offset..<first.end]) + Array(bytes[second.end...])
      #expect(swapped.count == bytes.count)
      try writeFile(path, swapped)
      let expected = CorruptionSite(map.name, first.offset)
      let verdicts = Verdicts(directory, options: options)
      #expect(verdicts.verifier == expected)
      #expect(verdicts.readerScan == expected)
      #expect(verdicts.repair == expected)
      if maps.count == 1 {
        #expect(verdicts.reader == expected)
        #expect(verdicts.writer == expected)
      }
    }
  }

  @Test("two segments' contents swapped, or a segment dropped, are corruption at offset 0")
  func swappedAndMissingSegments() throws {
    let root = try makeTemporaryDirectory("swap-segments")
    defer { removeDirectory(root) }
    let template = join(root, "template")
    try Self.writeLog(template, options: Self.multiOptions)
    let names = try segmentNames(template)
    try #require(names.count >= 4)
    let contents = try segmentContents(template)

    let swapped = join(root, "swapped")
    try copyFiles(from: template, to: swapped)
    try writeFile(join(swapped, names[1]), contents[names[2]]!)
    try writeFile(join(swapped, names[2]), contents[names[1]]!)
    let swappedVerdicts = Verdicts(swapped, options: Self.multiOptions)
    #expect(swappedVerdicts.verifier == CorruptionSite(names[1], 0))
    #expect(swappedVerdicts.reader == CorruptionSite(names[1], 0))
    #expect(swappedVerdicts.writer == CorruptionSite(names[1], 0))

    let middleMissing = join(root, "middle-missing")
    try copyFiles(from: template, to: middleMissing, skipping: [names[1]])
    let middleVerdicts = Verdicts(middleMissing, options: Self.multiOptions)
    #expect(middleVerdicts.verifier == CorruptionSite(names[2], 0))
    #expect(middleVerdicts.reader == CorruptionSite(names[2], 0))
    #expect(middleVerdicts.writer == CorruptionSite(names[2], 0))

    let firstMissing = join(root, "first-missing")
    try copyFiles(from: template, to: firstMissing, skipping: [names[0]])
    let firstVerdicts = Verdicts(firstMissing, options: Self.multiOptions)
    #expect(firstVerdicts.verifier == CorruptionSite(names[1], 0))
    #expect(firstVerdicts.reader == CorruptionSite(names[1], 0))

    // A segment duplicated under the next name is misnamed.
    let duplicated = join(root, "duplicated")
    try copyFiles(from: template, to: duplicated)
    try writeFile(join(duplicated, names[2]), contents[names[1]]!)
    #expect(
      Verdicts(duplicated, options: Self.multiOptions).verifier == CorruptionSite(names[2], 0))
  }

  /// Another log with the same records but other salts: its segment files have the same
  /// names and block layout, but none of its blocks verify in this log.
  @Test("a segment file of another log copied in place is corruption")
  func foreignSegment() throws {
    let root = try makeTemporaryDirectory("foreign")
    defer { removeDirectory(root) }
    let ours = join(root, "ours")
    let theirs = join(root, "theirs")
    try Self.writeLog(ours, options: Self.multiOptions, salt: 1)
    try Self.writeLog(theirs, options: Self.multiOptions, salt: 2)
    let names = try segmentNames(ours)
    #expect(try segmentNames(theirs) == names)
    try #require(names.count >= 3)
    // The same layout, different bytes.
    #expect(
      try segmentMaps(theirs).map { $0.blocks.map(\.offset) }
        == segmentMaps(ours).map { $0.blocks.map(\.offset) })
    for name in names {
      #expect(try readFile(join(ours, name)) != readFile(join(theirs, name)))
    }
    for index in [1, names.count - 1] {
      let work = join(root, "work-\(index)")
      try copyFiles(from: ours, to: work)
      try writeFile(join(work, names[index]), try readFile(join(theirs, names[index])))
      let verdicts = Verdicts(work, options: Self.multiOptions)
      #expect(verdicts.verifier == CorruptionSite(names[index], 0))
      #expect(verdicts.reader == CorruptionSite(names[index], 0))
      #expect(verdicts.writer == CorruptionSite(names[index], 0))
    }
  }

  /// docs/LOG_FORMAT.md, "Stale bytes never verify": bytes another segment left in a
  /// reused file after this segment's last block do not verify under this segment's salt,
  /// so they are a torn tail to cut, not corruption and not records.
  @Test("stale blocks of another log after the last block are a torn tail, not records")
  func staleTailFromAnotherLog() throws {
    let root = try makeTemporaryDirectory("stale")
    defer { removeDirectory(root) }
    let ours = join(root, "ours")
    let theirs = join(root, "theirs")
    let kept = 120
    try appendRecords(Array(Self.records[0..<kept]), to: ours, options: Self.singleOptions)
    var theirOptions = Self.singleOptions
    theirOptions.salts = .seeded(99)
    try appendRecords(Self.records, to: theirs, options: theirOptions)
    let name = try #require(try segmentNames(ours).first)
    let ourBytes = try readFile(join(ours, name))
    let theirBytes = try readFile(join(theirs, name))
    try #require(theirBytes.count > ourBytes.count)
    try writeFile(join(ours, name), ourBytes + theirBytes[ourBytes.count...])

    let report = try LogVerifier.verify(directory: ours)
    guard case .tornTail(let segment, let offset, let bytes, _) = report.status else {
      Issue.record("expected a torn tail, got \(report.status)")
      return
    }
    #expect(segment == name)
    #expect(offset == UInt64(ourBytes.count))
    #expect(bytes == UInt64(theirBytes.count - ourBytes.count))
    #expect(try readAllRecords(ours) == Array(Self.records[0..<kept]))
    let writer = try LogWriter(directory: ours, options: Self.singleOptions)
    #expect(writer.recovery.tornTail?.offset == UInt64(ourBytes.count))
    try writer.close()
    #expect(try readFile(join(ours, name)) == ourBytes)
  }
}
