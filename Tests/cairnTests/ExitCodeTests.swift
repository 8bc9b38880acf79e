import CairnLogFormat
import Foundation
import Testing

extension CLITests {
  /// Exit codes and messages: 0 clean, 1 I/O or version, 2 corruption, 3 torn tail,
  /// 64 usage (4, locked, is in LogAppendCommandTests).
  @Suite struct ExitCodeTests {
    /// A one-segment log of 40 lines in blocks of about 512 bytes.
    static func makeLog(_ log: String) async throws -> [[UInt8]] {
      var source = LineSource(seed: 40)
      let lines = (0..<40).map { _ in Array(source.next().prefix(300)) }
      let append = try await runCairn(
        ["log", "append", log, "--block-size", "512"], stdin: joinedLines(lines))
      #expect(append.status == 0, "\(append.stderr)")
      return lines
    }

    static let firstSegment = SegmentHeader.fileName(baseSeq: .first)

    @Test func catOfAMissingDirectoryIsAnIOError() async throws {
      try await withTemporaryDirectory { root in
        let cat = try await runCairn(["log", "cat", root + "/missing"])
        #expect(cat.status == 1)
        #expect(cat.stderr.contains("\(root)/missing: no log here"), "\(cat.stderr)")
        #expect(cat.stdout.isEmpty)
      }
    }

    @Test func usageErrorsExit64() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let unknown = try await runCairn(["log", "cat", log, "--no-such-flag"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--no-such-flag"), "\(unknown.stderr)")
        let batch = try await runCairn(
          ["log", "append", log, "--batch", "0"], stdin: Array("x\n".utf8))
        #expect(batch.status == 64)
        #expect(batch.stderr.contains("--batch must be at least 1"), "\(batch.stderr)")
        let durability = try await runCairn(["log", "append", log, "--durability", "sometimes"])
        #expect(durability.status == 64)
        let missing = try await runCairn(["log", "verify"])
        #expect(missing.status == 64)
        let blockSize = try await runCairn(
          ["log", "append", log, "--block-size", "100"], stdin: Array("x\n".utf8))
        #expect(blockSize.status == 64)
        #expect(blockSize.stderr.contains("block size 100 is out of range"), "\(blockSize.stderr)")
        let segmentSize = try await runCairn(
          ["log", "generate", log, "--records", "1", "--segment-size", "10"])
        #expect(segmentSize.status == 64)
        #expect(segmentSize.stderr.contains("segment roll size 10 is too small"))
        // None of them created or wrote a log.
        #expect(!FileManager.default.fileExists(atPath: log))
      }
    }

    @Test func aTruncatedLastBlockIsATornTail() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let lines = try await Self.makeLog(log)
        let segment = log + "/" + Self.firstSegment
        let blocks = try LogFiles.blocks(inSegment: segment)
        #expect(blocks.count >= 3)
        let last = try #require(blocks.last)
        let bytes = try LogFiles.read(segment)
        #expect(
          bytes.count == last.offset + last.totalBytes,
          "the active segment ends after its last block")
        try LogFiles.write(Array(bytes.dropLast(10)), to: segment)

        let verify = try await runCairn(["log", "verify", log, "--json"])
        #expect(verify.status == 3, "\(verify.stdoutText)")
        let verdict = try #require(jsonObject(verify.stdoutText))
        #expect(verdict["status"] as? String == "torn_tail")
        #expect(verdict["segment"] as? String == Self.firstSegment)
        #expect((verdict["offset"] as? NSNumber)?.intValue == last.offset)
        #expect((verdict["bytes"] as? NSNumber)?.intValue == last.totalBytes - 10)

        let kept = lines.count - last.recordCount
        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.status == 0)
        #expect(cat.lines == Array(lines.prefix(kept)))
        #expect(cat.stderr.contains("torn tail of \(last.totalBytes - 10) bytes"), "\(cat.stderr)")
        #expect(cat.stderr.contains("\(Self.firstSegment) at offset \(last.offset)"))
        #expect(cat.stderr.contains("through sequence number \(kept)"))
        // Reading changed nothing.
        #expect(try LogFiles.read(segment) == Array(bytes.dropLast(10)))

        let repair = try await runCairn(["log", "repair", log, "--json"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let report = try #require(jsonObject(repair.stdoutText))
        #expect(report["repaired"] as? Bool == true)
        #expect((report["last_seq"] as? NSNumber)?.intValue == kept)
        let cuts = report["cuts"] as? [[String: Any]]
        #expect(cuts?.count == 1)
        #expect(cuts?.first?["reason"] as? String == "torn_tail")
        #expect(cuts?.first?["quarantine_file"] is NSNull)
        let after = try await runCairn(["log", "verify", log])
        #expect(after.status == 0, "\(after.stdoutText)")
        #expect(try await runCairn(["log", "cat", log]).lines == Array(lines.prefix(kept)))
      }
    }

    @Test func aFlippedByteInTheMiddleIsCorruption() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let lines = try await Self.makeLog(log)
        let segment = log + "/" + Self.firstSegment
        let blocks = try LogFiles.blocks(inSegment: segment)
        #expect(blocks.count >= 3)
        let middle = blocks[blocks.count / 2]
        var bytes = try LogFiles.read(segment)
        bytes[middle.offset + middle.totalBytes / 2 + 24] ^= 0x10
        try LogFiles.write(bytes, to: segment)
        let location = "\(Self.firstSegment) at offset \(middle.offset)"

        let verify = try await runCairn(["log", "verify", log])
        #expect(verify.status == 2)
        #expect(verify.stdoutText.contains("corruption in \(location)"), "\(verify.stdoutText)")
        let verifyJSON = try await runCairn(["log", "verify", log, "--json"])
        #expect(verifyJSON.status == 2)
        let verdict = jsonObject(verifyJSON.stdoutText)
        #expect(verdict?["status"] as? String == "corrupt")
        #expect(verdict?["segment"] as? String == Self.firstSegment)
        #expect((verdict?["offset"] as? NSNumber)?.intValue == middle.offset)
        for count in ["segments", "blocks", "records", "raw_bytes", "stored_bytes"] {
          #expect((verdict?[count] as? NSNumber)?.intValue == 0, "\(count) of a corrupt log")
        }

        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.status == 2)
        #expect(cat.stderr.contains(location), "\(cat.stderr)")
        let repair = try await runCairn(["log", "repair", log])
        #expect(repair.status == 2)
        #expect(repair.stderr.contains(location), "\(repair.stderr)")
        #expect(repair.stdout.isEmpty)
        #expect(try LogFiles.read(segment) == bytes, "repair without --force changes nothing")

        let forced = try await runCairn(["log", "repair", log, "--force", "--json"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let report = try #require(jsonObject(forced.stdoutText))
        #expect(report["repaired"] as? Bool == true)
        let kept = middle.firstSeq - 1
        #expect((report["last_seq"] as? NSNumber)?.uint64Value == kept)
        let cuts = try #require(report["cuts"] as? [[String: Any]])
        #expect(cuts.count == 1)
        let cut = try #require(cuts.first)
        #expect(cut["reason"] as? String == "corruption")
        #expect(cut["segment"] as? String == Self.firstSegment)
        #expect((cut["offset"] as? NSNumber)?.intValue == middle.offset)
        #expect((cut["bytes"] as? NSNumber)?.intValue == bytes.count - middle.offset)
        let quarantine = try #require(cut["quarantine_file"] as? String)
        #expect(quarantine == "\(segment).\(middle.offset).quarantine")
        #expect(try LogFiles.read(quarantine) == Array(bytes[middle.offset...]))
        #expect(try LogFiles.read(segment) == Array(bytes[..<middle.offset]))

        let after = try await runCairn(["log", "verify", log])
        #expect(after.status == 0, "\(after.stdoutText)")
        let catAfter = try await runCairn(["log", "cat", log])
        #expect(catAfter.status == 0)
        #expect(catAfter.lines == Array(lines.prefix(Int(kept))))
      }
    }

    @Test func aFutureFormatVersionIsRefused() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        _ = try await Self.makeLog(log)
        let segment = log + "/" + Self.firstSegment
        var bytes = try LogFiles.read(segment)
        let future = FormatLimits.formatVersion + 1
        LogFiles.storeLE(future, &bytes, at: 8)
        LogFiles.storeLE(Checksum.xxh3(Array(bytes[0..<56])), &bytes, at: 56)
        try LogFiles.write(bytes, to: segment)

        for command in ["verify", "cat", "stats"] {
          let result = try await runCairn(["log", command, log])
          #expect(result.status == 1, "log \(command): \(result.stdoutText) \(result.stderr)")
          #expect(
            result.stderr.contains("unsupported log format version \(future)"),
            "log \(command): \(result.stderr)")
        }
        let append = try await runCairn(["log", "append", log], stdin: Array("x\n".utf8))
        #expect(append.status == 1)
        #expect(append.stderr.contains("version \(future)"), "\(append.stderr)")
        #expect(try LogFiles.read(segment) == bytes, "nothing rewrote the newer segment")
      }
    }
  }
}
