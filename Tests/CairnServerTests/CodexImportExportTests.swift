import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// The real codex 0.147 writes rollouts, `cairn import codex` makes them native sessions,
/// and `cairn export codex` gives them back in a form `codex exec resume` continues with
/// the same history. Slow (real processes), so one at a time.
@Suite(.serialized) struct CodexImportExportTests {
  /// Runs the cairn binary to its end and returns its exit code and output.
  static func cairn(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
    let process = try SpawnedProcess(
      [try CairnExecutable.require()] + arguments,
      environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    let code = try process.waitForExit(withinSeconds: 60, what: "cairn \(arguments.first ?? "")")
    return (code, String(decoding: process.stdout, as: UTF8.self), process.stderr)
  }

  static func json(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
  }

  /// A request's input as comparable items: messages by role and text, calls by id, name
  /// and arguments, outputs by id and text. The context Codex injects (developer
  /// messages, `<environment_context>` and other `<…>` user blocks, AGENTS.md) and item ids
  /// are left out: Cairn does not carry them (docs/CODEX_COMPAT.md, "Export").
  static func history(_ items: [[String: Any]]) -> [String] {
    items.compactMap { item in
      switch item["type"] as? String {
      case "message":
        let role = item["role"] as? String ?? ""
        let text = CodexAgainstServerTests.text(ofMessage: item) ?? ""
        if role == "developer" || role == "system" { return nil }
        if role == "user" && (text.hasPrefix("<") || text.hasPrefix("# AGENTS.md")) { return nil }
        return "\(role): \(text)"
      case "function_call":
        return "call \(item["call_id"] ?? "") \(item["name"] ?? "") \(item["arguments"] ?? "")"
      case "function_call_output", "custom_tool_call_output":
        return "output \(item["call_id"] ?? ""): \(item["output"] ?? "")"
      case "custom_tool_call":
        return "custom \(item["call_id"] ?? "") \(item["name"] ?? "") \(item["input"] ?? "")"
      default:
        return "\(item["type"] ?? "?")"
      }
    }
  }

  @Test func codexRolloutsImportAndTheExportResumesWithTheSameHistory() throws {
    let original = try CodexLoopback(scriptJSON: CodexAgainstServerTests.referenceScript)
    defer { original.cleanUp() }
    let plain = try original.run(CodexAgainstServerTests.exec("say hi"))
    #expect(plain.exitCode == 0, "stderr: \(plain.stderr)")
    let tool = try original.run(
      CodexAgainstServerTests.exec("RUNTOOL please", ["--dangerously-bypass-approvals-and-sandbox"])
    )
    #expect(tool.exitCode == 0, "stderr: \(tool.stderr)")
    let toolThread = try #require(tool.threadID)
    let requests = try original.stopServer()
    #expect(requests.count == 3)

    // Import both rollouts.
    let cairnHome = original.root + "/cairn-home"
    let imported = try Self.cairn(
      [
        "import", "codex", "--all", "--codex-home", original.codexHome, "--home", cairnHome,
        "--json",
      ])
    #expect(imported.code == 0, "\(imported.stderr)")
    let files = Self.json(imported.stdout)["files"] as? [[String: Any]] ?? []
    #expect(files.count == 2)
    #expect(Set(files.compactMap { $0["session_id"] as? String }) == [plain.threadID, toolThread])
    #expect(files.allSatisfy { $0["malformed"] as? Int == 0 && $0["unknown"] as? Int == 0 })

    // The tool session's projections match the rollout: one completed turn, the call
    // exited 0, the usage is the rollout's total.
    let shown = Self.json(
      try Self.cairn(["session", "show", toolThread, "--home", cairnHome, "--json"]).stdout)
    #expect(shown["turns"] as? Int == 1)
    #expect(shown["running_turn"] is NSNull)
    #expect(shown["input_tokens"] as? Int == 200)
    #expect(shown["output_tokens"] as? Int == 20)
    #expect(shown["model"] as? String == "gpt-5.5")
    #expect(shown["provider"] as? String == "cairn")

    // A second import appends nothing.
    let again = Self.json(
      try Self.cairn([
        "import", "codex", "--all", "--codex-home", original.codexHome, "--home", cairnHome,
        "--json",
      ]).stdout)
    let appended = (again["files"] as? [[String: Any]] ?? []).map { $0["events_appended"] as? Int }
    #expect(appended == [0, 0])

    // Export into a fresh Codex home and resume it there.
    let fresh = try CodexLoopback(scriptJSON: CodexAgainstServerTests.referenceScript)
    defer { fresh.cleanUp() }
    let exported = try Self.cairn([
      "export", "codex", toolThread, "--home", cairnHome, "--codex-home", fresh.codexHome, "--json",
    ])
    #expect(exported.code == 0, "\(exported.stderr)")
    let exportedPath = try #require(Self.json(exported.stdout)["path"] as? String)
    #expect(exportedPath.hasPrefix(fresh.codexHome + "/sessions/"))
    #expect(exportedPath.hasSuffix("-\(toolThread).jsonl"))
    let mode = try FileManager.default.attributesOfItem(atPath: exportedPath)[.posixPermissions]
    #expect((mode as? NSNumber)?.intValue == 0o600)

    let resumed = try fresh.run(
      ["exec", "resume", "--skip-git-repo-check", "--json", toolThread, "next"])
    let resumedRequests = try fresh.stopServer()
    #expect(resumed.exitCode == 0, "stderr: \(resumed.stderr)")
    #expect(resumed.threadID == toolThread)
    #expect(resumedRequests.count == 1)

    // The resumed request carries the original's last request, the answer to it, and the
    // new prompt, item by item.
    let last = try #require(requests.last)
    let lastAnswer = "assistant: Tool ran fine. Done."
    let expected = Self.history(last.inputItems) + [lastAnswer, "user: next"]
    let got = Self.history(try #require(resumedRequests.first).inputItems)
    #expect(got == expected)
    #expect(got.contains { $0.hasPrefix("output call_resp_") && $0.contains("hello-from-tool") })
  }
}
