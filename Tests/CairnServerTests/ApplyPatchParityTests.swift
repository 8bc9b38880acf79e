import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// apply_patch against the real `codex exec --json` 0.147: the same script (a
/// `custom_tool_call` for the prompt, then an answer) and the same starting files, each
/// program in a loopback-only namespace with its own server and work directory. Asserted
/// equal: the text sent back to the model as the `custom_tool_call_output` (its wall time
/// aside), every file left in the work directory, the `exec --json` events (with the thread
/// id and the work directory replaced) and the exit code.
@Suite(.serialized) struct ApplyPatchParityTests {
  struct Side {
    var run: CodexRun
    var outputs: [String]
    var files: [String: [UInt8]]
    var events: [String]
  }

  /// Runs `patch` through codex and through cairn, each from a work directory holding
  /// `files`, with `-s sandbox`.
  static func runBoth(
    patch: String, files: [String: String], sandbox: String = "danger-full-access"
  ) throws -> (codex: Side, cairn: Side) {
    let script = ApplyPatchExecTests.script(patch)
    let arguments = ["exec", "--json", "--skip-git-repo-check", "-s", sandbox, "PATCH please"]
    func side(_ useCairn: Bool) throws -> Side {
      let loopback = try CodexLoopback(scriptJSON: script)
      defer { loopback.cleanUp() }
      let work = loopback.workDirectory
      for (path, text) in files {
        let url = URL(fileURLWithPath: work + "/" + path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
      }
      let run = useCairn ? try loopback.runCairn(arguments) : try loopback.run(arguments)
      let outputs = try loopback.requests().flatMap(\.inputItems).filter {
        $0["type"] as? String == "custom_tool_call_output"
      }.compactMap { $0["output"] as? String }
      let thread = run.threadID ?? "<none>"
      let events = run.stdoutText.split(separator: "\n").map {
        $0.replacingOccurrences(of: thread, with: "<thread>")
          .replacingOccurrences(of: work, with: "<work>")
      }
      return Side(
        run: run,
        outputs: outputs.map {
          ApplyPatchExecTests.withoutWallTime($0).replacingOccurrences(of: work, with: "<work>")
        },
        files: snapshot(work), events: events)
    }
    return (try side(false), try side(true))
  }

  /// Every file under `root`, by relative path.
  static func snapshot(_ root: String) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let walker = FileManager.default.enumerator(atPath: root)
    while let relative = walker?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
      if !isDirectory.boolValue {
        files[relative] = FileManager.default.contents(atPath: root + "/" + relative).map {
          Array($0)
        }
      }
    }
    return files
  }

  static func expectParity(
    _ pair: (codex: Side, cairn: Side), sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      pair.cairn.run.exitCode == pair.codex.run.exitCode,
      "cairn: \(pair.cairn.run.stderr)\ncodex: \(pair.codex.run.stderr)",
      sourceLocation: sourceLocation)
    #expect(pair.cairn.outputs == pair.codex.outputs, sourceLocation: sourceLocation)
    #expect(pair.cairn.files == pair.codex.files, sourceLocation: sourceLocation)
    #expect(pair.cairn.events == pair.codex.events, sourceLocation: sourceLocation)
  }

  @Test func addUpdateMoveAndDelete() throws {
    let pair = try Self.runBoth(
      patch: """
        *** Begin Patch
        *** Add File: docs/new.md
        +# New
        +
        +text
        *** Update File: src/main.txt
        @@ fn main
         keep
        -old line
        +new line
        *** Update File: src/old.txt
        *** Move to: src/renamed/new.txt
        @@
        -a
        +A
        *** Delete File: gone.txt
        *** End Patch

        """,
      files: [
        "src/main.txt": "fn main\n keep-ish\nkeep\nold line\nend\n", "src/old.txt": "a\nb\n",
        "gone.txt": "bye\n", "stays.txt": "untouched\n",
      ])
    Self.expectParity(pair)
    #expect(pair.cairn.outputs.count == 1)
    #expect(pair.cairn.outputs.first?.hasPrefix("Exit code: 0\nWall time: N seconds\n") == true)
    #expect(pair.cairn.files["src/renamed/new.txt"] == Array("A\nb\n".utf8))
  }

  @Test func aContextMismatch() throws {
    let pair = try Self.runBoth(
      patch:
        "*** Begin Patch\n*** Add File: a.txt\n+a\n*** Update File: f.txt\n@@\n-zzz\n+y\n*** End Patch",
      files: ["f.txt": "one\ntwo\n"])
    Self.expectParity(pair)
    #expect(pair.cairn.outputs.first?.hasPrefix("apply_patch verification failed: ") == true)
    #expect(pair.cairn.files.keys.sorted() == ["f.txt"])
  }

  @Test func fuzzyMatchesAndAFileWithoutAFinalNewline() throws {
    let pair = try Self.runBoth(
      patch: "*** Begin Patch\n*** Update File: u.txt\n@@\n-say \"hi\" - ok\n+said\n"
        + "*** Update File: n.txt\n@@\n-  b\n+B\n*** End Patch",
      files: ["u.txt": "x\nsay \u{201C}hi\u{201D} \u{2014} ok\n", "n.txt": "a\nb   "])
    Self.expectParity(pair)
    #expect(pair.cairn.files["n.txt"] == Array("a\nB\n".utf8))
  }

  @Test func malformedAndEmptyPatches() throws {
    for patch in [
      "*** Begin Patch\n*** Frob File: x\n*** End Patch",
      "*** Begin Patch\n*** Update File: f.txt\n@@\nbad line\n*** End Patch",
      "no patch here",
      "*** Begin Patch\n*** End Patch",
      "*** Begin Patch\n*** Delete File: missing.txt\n*** End Patch",
    ] {
      Self.expectParity(try Self.runBoth(patch: patch, files: ["f.txt": "a\n"]))
    }
  }

  @Test func theReadOnlyAndWorkspaceSandboxesRefuseWritesTheyDoNotAllow() throws {
    let outside = "*** Begin Patch\n*** Add File: ../outside.txt\n+o\n*** End Patch"
    Self.expectParity(try Self.runBoth(patch: outside, files: [:], sandbox: "read-only"))
    Self.expectParity(try Self.runBoth(patch: outside, files: [:], sandbox: "workspace-write"))
  }
}
