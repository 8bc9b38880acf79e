import CairnStore
import Foundation
import Testing

extension CLITests {
  /// `cairn log append`: numbering, line splitting, limits and the writer lock.
  @Suite struct LogAppendCommandTests {
    @Test func recordsAreNumberedInInputOrderAcrossRuns() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        // Stdin is a file, so commits happen only at a full batch and at end of input.
        let first = try await runCairn(
          ["log", "append", log, "--ack", "--batch", "2"], stdin: Array("a\n\nb".utf8))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutText == "acked 2\nacked 3\n")
        let second = try await runCairn(
          ["log", "append", log, "--ack", "--batch", "1"], stdin: Array("c\nd\n".utf8))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdoutText == "acked 4\nacked 5\n")

        let expected = ["a", "", "b", "c", "d"].map { Array($0.utf8) }
        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.status == 0)
        #expect(cat.stdoutText == "a\n\nb\nc\nd\n")
        #expect(try LogFiles.payloads(log) == expected)

        let range = try await runCairn(["log", "cat", log, "--from", "2", "--to", "4"])
        #expect(range.status == 0)
        #expect(range.stdoutText == "\nb\nc\n")
      }
    }

    @Test func catJSONCarriesEveryEnvelopeFieldAndTheExactPayload() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        var source = LineSource(seed: 5)
        let lines = (0..<30).map { _ in source.next() } + [[], [0xFF, 0x00, 0xC3]]
        let append = try await runCairn(
          ["log", "append", log, "--block-size", "512"], stdin: joinedLines(lines))
        #expect(append.status == 0, "\(append.stderr)")
        let cat = try await runCairn(["log", "cat", log, "--json"])
        #expect(cat.status == 0)
        let objects = cat.stdoutText.split(separator: "\n").map { jsonObject(String($0)) }
        #expect(objects.count == lines.count)
        let keys: Set = [
          "seq", "recorded_at_ns", "kind", "schema_version", "flags", "causation", "payload_base64",
        ]
        for (index, object) in objects.enumerated() {
          let object = try #require(object, "line \(index + 1) is a JSON object")
          #expect(Set(object.keys) == keys)
          #expect((object["seq"] as? NSNumber)?.uint64Value == UInt64(index + 1))
          #expect(((object["recorded_at_ns"] as? NSNumber)?.int64Value ?? 0) > 0)
          #expect((object["kind"] as? NSNumber)?.intValue == 0)
          #expect((object["schema_version"] as? NSNumber)?.intValue == 0)
          #expect((object["flags"] as? NSNumber)?.intValue == 0)
          #expect((object["causation"] as? NSNumber)?.intValue == 0)
          // Decoded outside #expect: see CLITests.swift.
          let payload = (object["payload_base64"] as? String)
            .flatMap { Data(base64Encoded: $0) }
            .map { [UInt8]($0) }
          #expect(payload == lines[index], "payload of record \(index + 1)")
        }
      }
    }

    @Test func aLineSpanningManyReadsIsOneRecord() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        // Longer than the appender's 1 MiB read buffer, so it arrives in pieces.
        var source = LineSource(seed: 9)
        var long: [UInt8] = []
        while long.count < 2_500_000 { long += source.next() }
        let lines = [Array("before".utf8), long, Array("after".utf8)]
        let append = try await runCairn(["log", "append", log, "--ack"], stdin: joinedLines(lines))
        #expect(append.status == 0, "\(append.stderr)")
        #expect(append.stdoutText == "acked 3\n")
        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.lines == lines)
      }
    }

    @Test func aTooLongLineFailsAndKeepsTheLinesBeforeIt() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let input = "short\n0123456789\n01234567890\nafter\n"
        let append = try await runCairn(
          ["log", "append", log, "--max-record-size", "10"], stdin: Array(input.utf8))
        #expect(append.status == 1)
        #expect(
          append.stderr.contains("record of 11 bytes exceeds the maximum record size of 10 bytes"),
          "\(append.stderr)")
        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.status == 0)
        #expect(cat.stdoutText == "short\n0123456789\n")
        let verify = try await runCairn(["log", "verify", log])
        #expect(verify.status == 0, "\(verify.stdoutText)")
      }
    }

    @Test func carriageReturnsAreKept() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let append = try await runCairn(["log", "append", log], stdin: Array("a\r\n\r\n".utf8))
        #expect(append.status == 0)
        #expect(try LogFiles.payloads(log) == [Array("a\r".utf8), Array("\r".utf8)])
      }
    }

    /// A second run whose limits exceed those in the header of the segment it reopens.
    struct ReopenCase: Sendable, CustomTestStringConvertible {
      var name: String
      var options: [String]
      var lines: [[UInt8]]
      var testDescription: String { name }
    }

    static let reopenCases = [
      ReopenCase(
        name: "a larger --block-size", options: ["--block-size", "4096"],
        lines: (1...40).map { Array("second run, line \($0), with text to fill a block".utf8) }),
      ReopenCase(
        name: "a larger --max-record-size", options: ["--block-size", "256"],
        lines: [Array(repeating: UInt8(ascii: "x"), count: 600)]),
    ]

    /// Readers bound a segment's blocks by the limits in its header, so a writer reopened
    /// with larger limits must not put bigger blocks into that segment; if it did, the next
    /// open would cut acknowledged records as a torn tail (the bug fixed by "seal on
    /// changed limits").
    @Test(arguments: reopenCases)
    func acknowledgedRecordsSurviveReopeningWithLargerLimits(_ reopen: ReopenCase) async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let firstLines = (1...5).map { Array("first run, line \($0)".utf8) }
        let first = try await runCairn(
          ["log", "append", log, "--ack", "--block-size", "256", "--max-record-size", "100"],
          stdin: joinedLines(firstLines))
        #expect(first.stdoutText == "acked 5\n")
        let second = try await runCairn(
          ["log", "append", log, "--ack"] + reopen.options, stdin: joinedLines(reopen.lines))
        #expect(second.status == 0, "\(second.stderr)")
        let all = firstLines + reopen.lines
        #expect(second.stdoutText == "acked \(all.count)\n")

        let verify = try await runCairn(["log", "verify", log])
        #expect(verify.status == 0, "\(verify.stdoutText)")
        #expect(try await runCairn(["log", "cat", log]).lines == all)
        let reopened = try await runCairn(["log", "append", log])
        #expect(!reopened.stderr.contains("cut a torn tail"), "\(reopened.stderr)")
        #expect(try await runCairn(["log", "cat", log]).lines == all, "acknowledged records kept")
      }
    }

    @Test func aSecondWriterIsRefusedWithTheHoldersPid() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let outcome = try await offPool { () throws -> LockOutcome in
          let holder = try ChildProcess(["log", "append", log, "--ack"], stdin: .pipe)
          holder.write(Array("first\n".utf8))
          let firstAck = holder.readLine()
          // The holder acknowledged a record, so it holds the lock.
          let second = try cairn(["log", "append", log], stdin: Array("refused\n".utf8))
          let repair = try cairn(["log", "repair", log])
          let verifyWhileHeld = try cairn(["log", "verify", log, "--json"])
          holder.closeStdin()
          let holderResult = holder.finish()
          let after = try cairn(["log", "append", log, "--ack"], stdin: Array("second\n".utf8))
          let cat = try cairn(["log", "cat", log])
          return LockOutcome(
            holderPid: holder.pid, firstAck: firstAck, second: second, repair: repair,
            verifyWhileHeld: verifyWhileHeld, holder: holderResult, after: after, cat: cat)
        }
        #expect(outcome.firstAck == "acked 1")
        #expect(outcome.second.status == 4)
        #expect(
          outcome.second.stderr.contains("locked by process \(outcome.holderPid)"),
          "\(outcome.second.stderr)")
        #expect(outcome.repair.status == 4)
        #expect(outcome.repair.stderr.contains("process \(outcome.holderPid)"))
        #expect(outcome.verifyWhileHeld.status == 0)
        let verdict = jsonObject(outcome.verifyWhileHeld.stdoutText)
        #expect((verdict?["writer_pid"] as? NSNumber)?.int32Value == outcome.holderPid)
        #expect(outcome.holder.termination == .exited(0), "\(outcome.holder.stderr)")
        #expect(outcome.holder.stdoutText == "")
        #expect(outcome.after.status == 0, "\(outcome.after.stderr)")
        #expect(outcome.after.stdoutText == "acked 2\n")
        #expect(outcome.cat.stdoutText == "first\nsecond\n")
      }
    }
  }
}

struct LockOutcome: Sendable {
  var holderPid: Int32
  var firstAck: String?
  var second: CommandResult
  var repair: CommandResult
  var verifyWhileHeld: CommandResult
  var holder: CommandResult
  var after: CommandResult
  var cat: CommandResult
}
