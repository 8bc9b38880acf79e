import CairnCodex
import CairnDoctor
import Foundation
import Testing

/// `disk.space`, on the real filesystem of the temporary directory.
@Suite struct DiskSpaceCheckTests {
  @Test func belowTheMinimumIsAWarning() throws {
    try withDirectory { root in
      let check = DiskSpaceCheck.run(
        locations: [("cairn_home", root)], freeBytesMin: UInt64.max)
      #expect(check.status == .warning)
      #expect(check.detail.hasPrefix("low: cairn home "), "\(check.detail)")
      #expect(check.detail.hasSuffix(" free at \(root)"))
      #expect(check.fix?.contains("cairn session delete") == true)
    }
  }

  @Test func enoughSpaceIsOKAndMatchesStatvfs() throws {
    try withDirectory { root in
      let check = DiskSpaceCheck.run(locations: [("cairn_home", root)], freeBytesMin: 0)
      #expect(check.status == .ok)
      let measured = try #require(DiskSpaceCheck.measure(label: "cairn_home", path: root))
      var info = statvfs()
      try #require(statvfs(root, &info) == 0)
      #expect(measured.totalBytes == UInt64(info.f_blocks) * UInt64(info.f_frsize))
      #expect(measured.measuredAt == root)
    }
  }

  @Test func aHomeNotYetCreatedIsMeasuredWhereItWouldBe() throws {
    try withDirectory { root in
      let measured = try #require(
        DiskSpaceCheck.measure(label: "codex_home", path: root + "/a/b/c"))
      #expect(measured.measuredAt == root)
      #expect(measured.path == root + "/a/b/c")
    }
  }

  @Test func byteCounts() {
    #expect(DiskSpaceCheck.bytes(0) == "0 B")
    #expect(DiskSpaceCheck.bytes(1023) == "1023 B")
    #expect(DiskSpaceCheck.bytes(1536) == "1.5 KiB")
    #expect(DiskSpaceCheck.bytes(1 << 30) == "1.0 GiB")
  }
}
