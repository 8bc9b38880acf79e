import CairnLogFormat
import Foundation
import Testing

extension CLITests {
  /// `cairn log repair --force` across segments: the damaged segment's tail and every later
  /// segment are kept in quarantine files, and the log resumes after the damage.
  @Suite struct LogRepairCommandTests {
    @Test func forcedRepairQuarantinesTheRestOfTheLog() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let generate = try await runCairn(
          [
            "log", "generate", log, "--records", "300", "--seed", "4", "--segment-size", "8192",
            "--block-size", "1024",
          ])
        #expect(generate.status == 0, "\(generate.stderr)")
        let original = try await runCairn(["log", "cat", log])
        let names = try LogFiles.segmentNames(log)
        #expect(names.count >= 4)
        let damaged = names[1]
        let later = Array(names.dropFirst(2))
        let laterBytes = try later.map { try LogFiles.read(log + "/" + $0) }
        let blocks = try LogFiles.blocks(inSegment: log + "/" + damaged)
        let middle = blocks[blocks.count / 2]
        var bytes = try LogFiles.read(log + "/" + damaged)
        bytes[middle.offset + middle.totalBytes - 5] ^= 0x01
        try LogFiles.write(bytes, to: log + "/" + damaged)

        let verify = try await runCairn(["log", "verify", log])
        #expect(verify.status == 2)
        #expect(
          verify.stdoutText.contains("\(damaged) at offset \(middle.offset)"),
          "\(verify.stdoutText)")

        let repair = try await runCairn(["log", "repair", log, "--force", "--json"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let report = try #require(jsonObject(repair.stdoutText))
        let kept = Int(middle.firstSeq) - 1
        #expect((report["last_seq"] as? NSNumber)?.intValue == kept)
        let cuts = try #require(report["cuts"] as? [[String: Any]])
        #expect(cuts.count == 1 + later.count)
        // Mapped outside #expect: see CLITests.swift.
        let reasons = cuts.map { $0["reason"] as? String }
        #expect(reasons == Array(repeating: "corruption", count: cuts.count))
        let first = try #require(cuts.first)
        #expect(first["segment"] as? String == damaged)
        #expect((first["offset"] as? NSNumber)?.intValue == middle.offset)
        let firstQuarantine = try #require(first["quarantine_file"] as? String)
        #expect(firstQuarantine == "\(log)/\(damaged).\(middle.offset).quarantine")
        #expect(try LogFiles.read(firstQuarantine) == Array(bytes[middle.offset...]))
        for (index, name) in later.enumerated() where index + 1 < cuts.count {
          let cut = cuts[index + 1]
          #expect(cut["segment"] as? String == name)
          #expect((cut["offset"] as? NSNumber)?.intValue == 0)
          #expect((cut["bytes"] as? NSNumber)?.intValue == laterBytes[index].count)
          #expect(cut["defect"] as? String == "follows the corruption in \(damaged)")
          #expect(cut["quarantine_file"] as? String == "\(log)/\(name).quarantine")
          #expect(try LogFiles.read("\(log)/\(name).quarantine") == laterBytes[index])
          #expect(!FileManager.default.fileExists(atPath: "\(log)/\(name)"))
        }
        #expect(try LogFiles.segmentNames(log) == Array(names.prefix(2)))
        #expect(!FileManager.default.fileExists(atPath: log + "/active.idx"))

        #expect(try await runCairn(["log", "verify", log]).status == 0)
        let cat = try await runCairn(["log", "cat", log])
        #expect(cat.lines == Array(original.lines.prefix(kept)))
        // The log goes on from the last record left; the quarantined names are ignored.
        let append = try await runCairn(
          ["log", "append", log, "--ack"], stdin: Array("next\n".utf8))
        #expect(append.status == 0, "\(append.stderr)")
        #expect(append.stdoutText == "acked \(kept + 1)\n")
        #expect(try await runCairn(["log", "verify", log]).status == 0)
        let clean = try await runCairn(["log", "repair", log, "--json"])
        #expect(clean.status == 0)
        #expect(jsonObject(clean.stdoutText)?["repaired"] as? Bool == false)
      }
    }
  }
}
