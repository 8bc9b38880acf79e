import CairnLogFormat
import CairnStore
import Foundation
import Testing

extension CLITests {
  /// `cairn log generate` is deterministic, refuses to extend a log, and `log stats`
  /// describes what it wrote.
  @Suite struct LogGenerateCommandTests {
    static let records = 600
    static let tuning = ["--block-size", "1024", "--segment-size", "16384"]

    static func generate(_ log: String, seed: UInt64) async throws -> CommandResult {
      try await runCairn(
        ["log", "generate", log, "--records", String(records), "--seed", String(seed)] + tuning)
    }

    /// Every file of a log directory but the lock, by name.
    static func files(_ directory: String) throws -> [String: [UInt8]] {
      var files: [String: [UInt8]] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: directory)
      where name != "LOCK" {
        files[name] = try LogFiles.read(directory + "/" + name)
      }
      return files
    }

    @Test func theSameSeedWritesTheSameBytes() async throws {
      try await withTemporaryDirectory { root in
        for (name, seed) in [("a", 7), ("b", 7), ("c", 8)] {
          let result = try await Self.generate(root + "/" + name, seed: UInt64(seed))
          #expect(result.status == 0, "\(result.stderr)")
          #expect(result.stderr.contains("wrote \(Self.records) records"))
        }
        let first = try Self.files(root + "/a")
        let second = try Self.files(root + "/b")
        let other = try Self.files(root + "/c")
        #expect(try LogFiles.segmentNames(root + "/a").count >= 3, "several segments")
        #expect(first.keys.sorted() == second.keys.sorted())
        for name in ["a", "b"] {
          #expect(
            try LogFiles.read(root + "/" + name + "/LOCK").isEmpty, "an empty LOCK in \(name)")
        }
        for (name, bytes) in first {
          #expect(second[name] == bytes, "\(name) differs between two runs with seed 7")
        }
        let firstSegment = SegmentHeader.fileName(baseSeq: .first)
        #expect(first[firstSegment] != nil)
        #expect(other[firstSegment] != nil)
        #expect(first[firstSegment] != other[firstSegment], "seed 8 writes other bytes")
      }
    }

    @Test func generateRefusesALogThatHoldsRecords() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let append = try await runCairn(["log", "append", log], stdin: Array("one\ntwo\n".utf8))
        #expect(append.status == 0)
        let before = try Self.files(log)
        let generate = try await Self.generate(log, seed: 1)
        #expect(generate.status == 64)
        #expect(generate.stderr.contains("\(log) already holds a log"), "\(generate.stderr)")
        #expect(try Self.files(log) == before, "the log is unchanged")
        #expect(try await runCairn(["log", "cat", log]).stdoutText == "one\ntwo\n")
      }
    }

    @Test func statsDescribesAGeneratedLog() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let generate = try await Self.generate(log, seed: 3)
        #expect(generate.status == 0, "\(generate.stderr)")
        let stats = try await runCairn(["log", "stats", log, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let object = try #require(jsonObject(stats.stdoutText))
        for key in [
          "segments", "blocks", "records", "raw_bytes", "stored_bytes", "compression_ratio",
          "index_entries",
        ] {
          #expect(object[key] is NSNumber, "stats has a number \(key)")
        }
        func number(_ key: String) -> NSNumber? { object[key] as? NSNumber }
        #expect(number("records")?.intValue == Self.records)
        #expect(number("segments")?.intValue == (try LogFiles.segmentNames(log)).count)
        let blocks = try LogFiles.segmentNames(log).reduce(0) {
          $0 + (try LogFiles.blocks(inSegment: log + "/" + $1)).count
        }
        #expect(number("blocks")?.intValue == blocks)
        #expect(number("index_entries")?.intValue == blocks)
        let raw = number("raw_bytes")?.doubleValue ?? 0
        let stored = number("stored_bytes")?.doubleValue ?? 0
        #expect(raw > 0 && stored > 0)
        let ratio = number("compression_ratio")?.doubleValue ?? 0
        #expect(abs(ratio - raw / stored) < 0.001)
        #expect(ratio > 1, "session-like JSON compresses")

        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.lines.count == Self.records)
        #expect(try LogReader(directory: log).lastSeq.rawValue == UInt64(Self.records))
        let verify = try await runCairn(["log", "verify", log])
        #expect(verify.status == 0, "\(verify.stdoutText)")
      }
    }
  }
}
