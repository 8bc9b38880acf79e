import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// apply_patch through a whole turn: `cairn exec` against the scripted server (loopback),
/// which answers the prompt with a `custom_tool_call`; then the files on disk, the
/// `file_changed` events (through `cairn session changes`), and the exact text sent back
/// to the model as a `custom_tool_call_output` in the second request.
@Suite struct ApplyPatchExecTests {
  /// A scratch Codex home pointing at the server, a Cairn home and a work directory.
  final class Bench: @unchecked Sendable {
    let root: String
    let server: ResponsesServer
    let environment: [String: String]
    let home: ScriptedAgentHome
    var work: String { root + "/work" }

    init(patch: String, files: [String: String] = [:]) async throws {
      let home = try await ScriptedAgentHome(
        prefix: "cairn-apply-patch", script: ApplyPatchExecTests.script(patch))
      self.home = home
      root = home.root
      server = home.server
      environment = home.environment
      for (path, text) in files {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/work/" + path))
      }
    }

    /// Runs `cairn <arguments>` in the work directory.
    func cairn(_ arguments: [String]) throws -> CodexRun {
      let process = try SpawnedProcess(
        [try CairnExecutable.require()] + arguments, environment: environment, directory: work)
      let code = try process.waitForExit(withinSeconds: 60, what: "cairn \(arguments.first ?? "")")
      return CodexRun(
        arguments: arguments, exitCode: code, stdout: process.stdout, stderr: process.stderr,
        rolloutPaths: [])
    }

    /// The `custom_tool_call_output` items of every request, in order.
    func toolOutputs() -> [[String: Any]] {
      server.requests.flatMap { request -> [[String: Any]] in
        let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        let input = body?["input"] as? [[String: Any]] ?? []
        return input.filter { $0["type"] as? String == "custom_tool_call_output" }
      }
    }

    func text(_ path: String) -> String? {
      FileManager.default.contents(atPath: work + "/" + path).map {
        String(decoding: $0, as: UTF8.self)
      }
    }

    func finish() async { await home.finish() }
  }

  /// One apply_patch call for the prompt, then an answer once its output comes back.
  static func script(_ patch: String) -> String {
    let input = String(
      decoding: try! JSONSerialization.data(withJSONObject: [patch]), as: UTF8.self
    )
    .dropFirst().dropLast()
    return """
      {"responses": [
        {"when": {"last_input_type": "message"},
         "output": [{"type": "custom_tool_call", "call_id": "call_patch_1", "name": "apply_patch",
                     "input": \(input)}]},
        {"when": {"last_input_type": "custom_tool_call_output"},
         "output": [{"type": "message", "text": "Patched."}]}
      ]}
      """
  }

  /// The output text with its wall time replaced by N (the one part that is timing).
  static func withoutWallTime(_ text: String) -> String {
    text.replacingOccurrences(
      of: #"Wall time: [0-9]+(\.[0-9])? seconds"#, with: "Wall time: N seconds",
      options: .regularExpression)
  }

  static let patch = """
    *** Begin Patch
    *** Add File: hello.txt
    +hello from apply_patch
    *** Update File: f.txt
    @@
     one
    -two
    +TWO
    *** Delete File: gone.txt
    *** End Patch

    """

  @Test func aPatchIsAppliedRecordedAndAnsweredWithCodexsText() async throws {
    let bench = try await Bench(
      patch: Self.patch, files: ["f.txt": "one\ntwo\nthree\n", "gone.txt": "bye\n"])
    let run = try bench.cairn([
      "exec", "--skip-git-repo-check", "--json", "-s", "workspace-write", "PATCH please",
    ])
    let outputs = bench.toolOutputs()
    let work = bench.work
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(bench.text("hello.txt") == "hello from apply_patch\n")
    #expect(bench.text("f.txt") == "one\nTWO\nthree\n")
    #expect(bench.text("gone.txt") == nil)
    // The second request carries the result, as Codex frames it.
    #expect(outputs.count == 1)
    #expect(outputs.first?["call_id"] as? String == "call_patch_1")
    let output = try #require(outputs.first?["output"] as? String)
    #expect(
      Self.withoutWallTime(output)
        == "Exit code: 0\nWall time: N seconds\nOutput:\nSuccess. Updated the following files:\n"
        + "A hello.txt\nM f.txt\nD gone.txt\n")
    #expect(output.contains(/Wall time: [0-9]+(\.[0-9])? seconds\n/))
    // One file_changed event per file, with its contents before and after.
    let thread = try #require(run.threadID)
    let listed = try bench.cairn(["session", "changes", thread, "--json"])
    #expect(listed.exitCode == 0, "\(listed.stderr)")
    let object = try #require(jsonObjectLines(listed.stdout).first)
    let changes = try #require(object["changes"] as? [[String: Any]])
    #expect(changes.map { $0["kind"] as? String } == ["add", "update", "delete"])
    #expect(
      changes.map { $0["path"] as? String } == [
        work + "/hello.txt", work + "/f.txt", work + "/gone.txt",
      ])
    #expect(changes.map { $0["before_bytes"] as? Int } == [nil, 14, 4])
    #expect(changes.map { $0["after_bytes"] as? Int } == [23, 14, nil])
    let diff = try bench.cairn(["session", "changes", thread, "--diff"])
    #expect(
      diff.stdoutText
        == "--- /dev/null\n+++ \(work)/hello.txt\n@@ -0,0 +1 @@\n+hello from apply_patch\n"
        + "--- \(work)/f.txt\n+++ \(work)/f.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
        + "--- \(work)/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n")
    await bench.finish()
  }

  @Test func aPatchThatDoesNotMatchWritesNothingAndTellsTheModelWhy() async throws {
    let bench = try await Bench(
      patch:
        "*** Begin Patch\n*** Add File: new.txt\n+n\n*** Update File: f.txt\n@@\n-zzz\n+y\n*** End Patch",
      files: ["f.txt": "a\n"])
    let run = try bench.cairn([
      "exec", "--skip-git-repo-check", "--json", "-s", "workspace-write", "PATCH please",
    ])
    let outputs = bench.toolOutputs()
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(bench.text("new.txt") == nil)
    #expect(bench.text("f.txt") == "a\n")
    #expect(
      outputs.first?["output"] as? String
        == "apply_patch verification failed: Failed to find expected lines in \(bench.work)/f.txt:\nzzz"
    )
    let listed = try bench.cairn(["session", "changes", try #require(run.threadID)])
    #expect(listed.stdoutText == "no file changes recorded\n")
    await bench.finish()
  }

  @Test func theReadOnlySandboxRefusesThePatchAsCodexDoes() async throws {
    let bench = try await Bench(patch: "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch")
    let run = try bench.cairn(["exec", "--skip-git-repo-check", "--json", "PATCH please"])
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(bench.text("a.txt") == nil)
    #expect(
      bench.toolOutputs().first?["output"] as? String
        == "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings"
    )
    await bench.finish()
  }
}
