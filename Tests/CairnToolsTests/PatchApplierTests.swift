import CairnCore
import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Applying patches to real files in a fresh directory: what is written, what the changes
/// and the summary say, Codex's seek order, and that a failed verification writes nothing.
@Suite("apply_patch applier")
struct PatchApplierTests {
  /// A scratch working directory with some files.
  final class Workspace {
    let root: String

    init(_ files: [String: String] = [:]) throws {
      root = try makeTemporaryDirectory()
      for (path, text) in files { try write(path, Array(text.utf8)) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ path: String, _ bytes: [UInt8], mode: Int = 0o644) throws {
      let full = root + "/" + path
      try FileManager.default.createDirectory(
        atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(bytes).write(to: URL(fileURLWithPath: full))
      chmod(full, mode_t(mode))
    }

    func bytes(_ path: String) -> [UInt8]? {
      FileManager.default.contents(atPath: root + "/" + path).map { Array($0) }
    }

    func text(_ path: String) -> String? { bytes(path).map { String(decoding: $0, as: UTF8.self) } }

    func mode(_ path: String) -> Int {
      var info = stat()
      stat(root + "/" + path, &info)
      return Int(info.st_mode & 0o7777)
    }

    /// Every file under the root and its bytes.
    func snapshot() -> [String: [UInt8]] {
      var files: [String: [UInt8]] = [:]
      let walker = FileManager.default.enumerator(atPath: root)
      while let relative = walker?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
        if !isDirectory.boolValue { files[relative] = bytes(relative) }
      }
      return files
    }

    var applier: PatchApplier { PatchApplier(workingDirectory: root) }

    /// Parses, plans and writes; the plan (or the verification error) and the write result.
    func apply(_ text: String) throws -> (plan: PatchPlan, result: PatchWriteResult) {
      let plan = try applier.plan(try PatchParser.parse(text))
      return (plan, applier.write(plan))
    }

    func verificationError(_ text: String) throws -> PatchApplyError? {
      do {
        _ = try applier.plan(try PatchParser.parse(text))
        return nil
      } catch let error as PatchApplyError {
        return error
      }
    }
  }

  /// The process's umask, read without changing it (tests run in parallel).
  static func umask() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
    return try #require(Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8))
  }

  static func patch(_ lines: [String]) -> String {
    (["*** Begin Patch"] + lines + ["*** End Patch"]).joined(separator: "\n")
  }

  @Test func addUpdateDeleteAndMoveWriteTheFilesAndReportEachChange() throws {
    let work = try Workspace([
      "modify.txt": "line1\nline2\n", "delete.txt": "obsolete\n", "old/name.txt": "from\nhere\n",
    ])
    let (plan, result) = try work.apply(
      Self.patch([
        "*** Add File: nested/new.txt", "+created",
        "*** Delete File: delete.txt",
        "*** Update File: modify.txt", "@@", "-line2", "+changed",
        "*** Update File: old/name.txt", "*** Move to: renamed/dir/name.txt", "@@", " from",
        "-here", "+there",
      ]))
    #expect(result.failure == nil)
    #expect(work.text("nested/new.txt") == "created\n")
    #expect(work.bytes("delete.txt") == nil)
    #expect(work.text("modify.txt") == "line1\nchanged\n")
    #expect(work.bytes("old/name.txt") == nil)
    #expect(work.text("renamed/dir/name.txt") == "from\nthere\n")
    let root = work.root
    #expect(
      result.written == [
        FileChange(
          path: root + "/nested/new.txt", kind: .add, before: nil, after: Array("created\n".utf8)),
        FileChange(
          path: root + "/delete.txt", kind: .delete, before: Array("obsolete\n".utf8), after: nil),
        FileChange(
          path: root + "/modify.txt", kind: .update, before: Array("line1\nline2\n".utf8),
          after: Array("line1\nchanged\n".utf8)),
        FileChange(
          path: root + "/old/name.txt", kind: .update, movePath: root + "/renamed/dir/name.txt",
          before: Array("from\nhere\n".utf8), after: Array("from\nthere\n".utf8)),
      ])
    #expect(result.written == plan.changes)
    // Added, then modified (a moved file under its new name), then deleted, as written.
    #expect(
      plan.summary
        == "Success. Updated the following files:\nA nested/new.txt\nM modify.txt\n"
        + "M renamed/dir/name.txt\nD delete.txt\n")
  }

  @Test func theSummaryOfAnAddIsCodexsText() throws {
    // The text a real codex 0.147 gave the model for this patch (rollouts/0.147.0/e_patch).
    let work = try Workspace()
    let (plan, _) = try work.apply(
      "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n")
    #expect(plan.summary == "Success. Updated the following files:\nA hello.txt\n")
    #expect(work.text("hello.txt") == "hello from apply_patch\n")
  }

  @Test func anAddOverwritesAnExistingFileAndRecordsWhatWasThere() throws {
    let work = try Workspace(["d.txt": "old\n"])
    let (_, result) = try work.apply(Self.patch(["*** Add File: d.txt", "+new"]))
    #expect(work.text("d.txt") == "new\n")
    #expect(result.written.first?.before == Array("old\n".utf8))
    #expect(result.written.first?.kind == .add)
  }

  @Test func aContextMismatchLeavesEveryFileUntouched() throws {
    let work = try Workspace(["a.txt": "one\ntwo\n", "b.txt": "three\n", "gone.txt": "x\n"])
    let before = work.snapshot()
    let error = try work.verificationError(
      Self.patch([
        "*** Add File: created.txt", "+hello",
        "*** Delete File: gone.txt",
        "*** Update File: a.txt", "@@", "-two", "+TWO",
        "*** Update File: b.txt", "@@", "-nothere", "+x",
      ]))
    #expect(error == .linesNotFound(path: work.root + "/b.txt", lines: ["nothere"]))
    #expect(
      error?.description == "Failed to find expected lines in \(work.root)/b.txt:\nnothere")
    #expect(work.snapshot() == before)
  }

  @Test func aMissingAnchorIsReportedWithItsText() throws {
    let work = try Workspace(["f.txt": "one\ntwo\n"])
    let error = try work.verificationError(
      Self.patch(["*** Update File: f.txt", "@@ def nothere", "-one", "+ONE"]))
    #expect(
      error?.description == "Failed to find context 'def nothere' in \(work.root)/f.txt")
  }

  @Test func missingFilesAndDirectoriesAreReportedAsCodexDoes() throws {
    let work = try Workspace(["dir/x.txt": "x\n"])
    let root = work.root
    #expect(
      try work.verificationError(Self.patch(["*** Update File: missing.txt", "@@", "-a", "+b"]))?
        .description
        == "Failed to read file to update \(root)/missing.txt: No such file or directory (os error 2)"
    )
    #expect(
      try work.verificationError(Self.patch(["*** Delete File: missing.txt"]))?.description
        == "Failed to read \(root)/missing.txt: No such file or directory (os error 2)")
    #expect(
      try work.verificationError(Self.patch(["*** Delete File: dir"]))?.description
        == "Failed to read \(root)/dir: path `\(root)/dir` is not a file")
  }

  @Test func aFileThatIsNotUTF8CannotBeUpdated() throws {
    let work = try Workspace()
    try work.write("b.bin", [0x61, 0x0A, 0xFF, 0x0A])
    #expect(
      try work.verificationError(Self.patch(["*** Update File: b.bin", "@@", "-a", "+b"]))?
        .description
        == "Failed to read file to update \(work.root)/b.bin: invalid utf-8 sequence of 1 bytes from index 2"
    )
  }

  @Test func linesAreFoundIgnoringTrailingThenSurroundingWhiteSpace() throws {
    let work = try Workspace(["w.txt": "alpha   \n\tbeta\t\ngamma\n"])
    _ = try work.apply(Self.patch(["*** Update File: w.txt", "@@", "-alpha", "- beta", "+AB"]))
    #expect(work.text("w.txt") == "AB\ngamma\n")
  }

  @Test func typographicPunctuationMatchesItsASCIIForm() throws {
    let work = try Workspace(["u.txt": "say \u{201C}hi\u{201D} \u{2014} ok\u{00A0}now\nnext\n"])
    _ = try work.apply(
      Self.patch(["*** Update File: u.txt", "@@", "-say \"hi\" - ok now", "+said"]))
    #expect(work.text("u.txt") == "said\nnext\n")
  }

  @Test func anExactMatchWinsOverAnEarlierLooseOne() throws {
    // The loose passes run only when no exact match exists anywhere.
    let work = try Workspace(["e.txt": "x  \nx\n"])
    _ = try work.apply(Self.patch(["*** Update File: e.txt", "@@", "-x", "+X"]))
    #expect(work.text("e.txt") == "x  \nX\n")
  }

  @Test func anEndOfFileChunkMatchesOnlyAtTheEnd() throws {
    let work = try Workspace(["t.txt": "a\nb\na\nb\n", "u.txt": "a\nb\nc\n"])
    _ = try work.apply(
      Self.patch(["*** Update File: t.txt", "@@", " a", "-b", "+B", "*** End of File"]))
    #expect(work.text("t.txt") == "a\nb\na\nB\n")
    #expect(
      try work.verificationError(
        Self.patch(["*** Update File: u.txt", "@@", "-a", "+A", "*** End of File"]))
        == .linesNotFound(path: work.root + "/u.txt", lines: ["a"]))
  }

  @Test func anchorsNarrowWhereLaterChunksAreFound() throws {
    let work = try Workspace(["c.py": "def f():\n    pass\ndef g():\n    pass\n"])
    _ = try work.apply(
      Self.patch(["*** Update File: c.py", "@@ def g():", "-    pass", "+    return 1"]))
    #expect(work.text("c.py") == "def f():\n    pass\ndef g():\n    return 1\n")
  }

  @Test func aChunkWithoutOldLinesAppendsAtTheEnd() throws {
    // Codex's rule: a pure addition goes to the end, whatever its anchor.
    let work = try Workspace(["p.txt": "a\nb\nc\n"])
    _ = try work.apply(Self.patch(["*** Update File: p.txt", "@@ a", "+inserted"]))
    #expect(work.text("p.txt") == "a\nb\nc\ninserted\n")
  }

  @Test func aFileWithoutAFinalNewlineGetsOne() throws {
    let work = try Workspace(["n.txt": "a\nb"])
    _ = try work.apply(Self.patch(["*** Update File: n.txt", "@@", "-a", "+A"]))
    #expect(work.text("n.txt") == "A\nb\n")
  }

  @Test func aCRLFFileKeepsCRLFOnEveryLine() throws {
    let work = try Workspace(["c.txt": "a\r\nb\r\nc\r\n", "mixed.txt": "a\r\nb\nc\n"])
    _ = try work.apply(Self.patch(["*** Update File: c.txt", "@@", " a", "-b", "+B", "+B2"]))
    #expect(work.text("c.txt") == "a\r\nB\r\nB2\r\nc\r\n")
    // Mixed line ends are left as they are; a changed line ends in \n.
    _ = try work.apply(Self.patch(["*** Update File: mixed.txt", "@@", "-b", "+B"]))
    #expect(work.text("mixed.txt") == "a\r\nB\nc\n")
  }

  @Test func modesAreKeptAndNewFilesAre0644() throws {
    let work = try Workspace()
    try work.write("run.sh", Array("echo 1\n".utf8), mode: 0o755)
    try work.write("mv.sh", Array("echo 2\n".utf8), mode: 0o750)
    _ = try work.apply(
      Self.patch([
        "*** Update File: run.sh", "@@", "-echo 1", "+echo one",
        "*** Update File: mv.sh", "*** Move to: bin/moved.sh", "@@", "-echo 2", "+echo two",
        "*** Add File: new.txt", "+n",
      ]))
    #expect(work.text("run.sh") == "echo one\n")
    #expect(work.mode("run.sh") == 0o755)
    #expect(work.mode("bin/moved.sh") == 0o750)
    #expect(work.mode("new.txt") == 0o644 & ~(try Self.umask()))
  }

  @Test func sectionsOnTheSameFileSeeEachOther() throws {
    let work = try Workspace(["s.txt": "a\nb\n"])
    let (plan, _) = try work.apply(
      Self.patch([
        "*** Update File: s.txt", "@@", "-a", "+A",
        "*** Update File: s.txt", "@@", "-A", "+AA",
        "*** Add File: fresh.txt", "+1",
        "*** Update File: fresh.txt", "@@", "-1", "+2",
      ]))
    #expect(work.text("s.txt") == "AA\nb\n")
    #expect(work.text("fresh.txt") == "2\n")
    #expect(
      plan.changes.map(\.before) == [
        Array("a\nb\n".utf8), Array("A\nb\n".utf8), nil, Array("1\n".utf8),
      ])
  }

  @Test func pathsResolveAgainstTheWorkingDirectoryOrStayAbsolute() throws {
    let work = try Workspace()
    let elsewhere = try Workspace()
    defer { _ = elsewhere }
    let (plan, _) = try work.apply(
      Self.patch([
        "*** Add File: sub/../top.txt", "+t", "*** Add File: \(elsewhere.root)/abs.txt", "+abs",
      ]))
    #expect(work.text("top.txt") == "t\n")
    #expect(elsewhere.text("abs.txt") == "abs\n")
    #expect(plan.changes.map(\.path) == [work.root + "/top.txt", elsewhere.root + "/abs.txt"])
    #expect(
      plan.summary
        == "Success. Updated the following files:\nA sub/../top.txt\nA \(elsewhere.root)/abs.txt\n")
  }

  @Test func aWriteThatFailsStopsThereAndKeepsWhatWasWritten() throws {
    let work = try Workspace(["f.txt": "a\n"])
    let (_, result) = try work.apply(
      Self.patch([
        "*** Add File: ok.txt", "+ok", "*** Add File: f.txt/x", "+x", "*** Add File: never.txt",
        "+n",
      ]))
    #expect(result.written.map(\.path) == [work.root + "/ok.txt"])
    #expect(
      result.failure
        == .createDirectoryFailed(
          path: work.root + "/f.txt/x", reason: "Not a directory (os error 20)"))
    #expect(work.text("ok.txt") == "ok\n")
    #expect(work.bytes("never.txt") == nil)
  }
}
