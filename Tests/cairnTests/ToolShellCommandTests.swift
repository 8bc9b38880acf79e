import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension CLITests {
  /// `cairn tool shell` and `cairn tool decide` through the binary, with real processes
  /// and real session logs.
  @Suite struct ToolShellCommandTests {
    @Test func streamsAndStatusAreTheCommands() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let run = try await root.run([
        "tool", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3",
      ])
      #expect(run.status == 3)
      #expect(run.stdout == "out\n")
      #expect(run.stderr == "err\n")
      let killed = try await root.run(["tool", "shell", "--", "sh", "-c", "kill -TERM $$"])
      #expect(killed.status == 128 + SIGTERM)
      let script = try await root.run(["tool", "shell", "echo two words | wc -w"])
      #expect(script.status == 0, "\(script.stderr)")
      #expect(script.stdout.trimmingCharacters(in: .whitespaces) == "2\n")
      let missing = try await root.run(["tool", "shell", "--", "no-such-program-here"])
      #expect(missing.status == 127)
      #expect(missing.stderr.contains("no-such-program-here: command not found"))
    }

    @Test func jsonIsOneObjectWithBoundedStreams() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let run = try await root.run([
        "tool", "shell", "--json", "--", "sh", "-c",
        "head -c 300000 /dev/zero | tr '\\0' a; echo err >&2; exit 4",
      ])
      #expect(run.status == 4)
      let object = try #require(run.json)
      #expect(
        Set(object.keys)
          == [
            "tool", "command", "risk", "reasons", "policy", "decision", "session_id", "call_id",
            "exit_code", "signal", "duration_ms", "stdout", "stdout_bytes",
            "stdout_truncated_bytes", "stderr", "stderr_bytes", "stderr_truncated_bytes",
            "dropped_bytes", "error",
          ])
      #expect(object["tool"] as? String == "shell")
      #expect(object["risk"] as? String == "risky")
      #expect(object["policy"] as? String == "on-request")
      #expect(object["decision"] as? String == "not_required")
      #expect(object["exit_code"] as? Int == 4)
      #expect(object["signal"] is NSNull)
      #expect(object["session_id"] is NSNull)
      #expect((object["duration_ms"] as? Double ?? -1) >= 0)
      #expect(object["stdout_bytes"] as? Int == 300_000)
      #expect(object["stdout_truncated_bytes"] as? Int == 300_000 - 128 * 1024)
      #expect((object["stdout"] as? String)?.utf8.count == 128 * 1024)
      #expect(object["stderr"] as? String == "err\n")
      #expect(object["stderr_truncated_bytes"] as? Int == 0)
      #expect(run.stdout.split(separator: "\n").count == 1)
      let signalled = try #require(
        try await root.run(["tool", "shell", "--json", "--", "sh", "-c", "kill -KILL $$"]).json)
      #expect(signalled["exit_code"] is NSNull)
      #expect(signalled["signal"] as? Int == Int(SIGKILL))
    }

    @Test func approvalIsRefusedWithoutATerminalAndApprovedRuns() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      try FileManager.default.createDirectory(
        atPath: root.work + "/x", withIntermediateDirectories: true)
      let refused = try await root.run(["tool", "shell", "-a", "untrusted", "--", "rm", "-rf", "x"])
      #expect(refused.status == 126)
      #expect(refused.stderr.contains("needs approval under the untrusted policy"))
      #expect(refused.stderr.contains("pass --approved"))
      #expect(FileManager.default.fileExists(atPath: root.work + "/x"))
      // on-request asks only for dangerous commands; rm -rf is one.
      let onRequest = try await root.run(["tool", "shell", "--json", "--", "rm", "-rf", "x"])
      #expect(onRequest.status == 126)
      #expect(onRequest.json?["decision"] as? String == "undecided")
      #expect(onRequest.json?["exit_code"] is NSNull)
      let approved = try await root.run([
        "tool", "shell", "--json", "--approved", "-a", "untrusted", "--", "rm", "-rf", "x",
      ])
      #expect(approved.status == 0, "\(approved.stderr)")
      #expect(approved.json?["decision"] as? String == "approved")
      #expect(approved.json?["risk"] as? String == "dangerous")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/x"))
      // never runs without asking.
      let never = try await root.run(["tool", "shell", "-a", "never", "--", "rm", "-rf", "y"])
      #expect(never.status == 0, "\(never.stderr)")
    }

    @Test func theConfiguredPolicyAppliesWithoutAFlag() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let touch = ["tool", "shell", "--", "touch", "made"]
      // on-request (the default) does not ask for a risky command.
      #expect(try await root.run(touch).status == 0)
      try "approval_policy = \"untrusted\"\n".write(
        toFile: root.codex + "/config.toml", atomically: true, encoding: .utf8)
      let asked = try await root.run(touch + ["again"])
      #expect(asked.status == 126)
      #expect(asked.stderr.contains("untrusted policy"), "\(asked.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/again"))
    }

    @Test func execPolicyRulesFromTheCodexHomeDecideFirst() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      try FileManager.default.createDirectory(
        atPath: root.codex + "/rules", withIntermediateDirectories: true)
      try """
      prefix_rule(pattern = ["touch", "blocked"], decision = "forbidden")
      prefix_rule(pattern = ["touch", "asked"], decision = "prompt")
      prefix_rule(pattern = ["rm", "-rf", "scratch"], decision = "allow")
      """.write(toFile: root.codex + "/rules/default.rules", atomically: true, encoding: .utf8)
      let forbidden = try await root.run(["tool", "shell", "--approved", "--", "touch", "blocked"])
      #expect(forbidden.status == 126)
      #expect(
        forbidden.stderr.contains("blocked by the exec policy rule `touch blocked`"),
        "\(forbidden.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/blocked"))
      // A prompt rule asks even where the policy would not (on-request, a risky command)...
      let asked = try await root.run(["tool", "shell", "--", "touch", "asked"])
      #expect(asked.status == 126, "\(asked.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/asked"))
      // ...and under never nobody may be asked.
      let never = try await root.run(["tool", "shell", "-a", "never", "--", "touch", "asked"])
      #expect(never.stderr.contains("approval policy is never"), "\(never.stderr)")
      // An allow rule runs a dangerous command without asking.
      try FileManager.default.createDirectory(
        atPath: root.work + "/scratch", withIntermediateDirectories: true)
      let allowed = try await root.run(["tool", "shell", "--json", "--", "rm", "-rf", "scratch"])
      #expect(allowed.status == 0, "\(allowed.stderr)")
      #expect(allowed.json?["decision"] as? String == "not_required")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/scratch"))
    }

    @Test func decisionsComeFromStandardInputLines() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let base = ["tool", "shell", "--json", "-a", "untrusted", "--decision-from-stdin", "--"]
      let denied = try await root.run(base + ["touch", "a"], input: "denied\n")
      #expect(denied.status == 126)
      #expect(denied.json?["decision"] as? String == "denied")
      #expect(denied.stderr.contains("approval needed (risky): run `touch a`?"))
      let typo = try await root.run(base + ["touch", "b"], input: "maybe\ny\n")
      #expect(typo.status == 0)
      #expect(typo.stderr.contains("`maybe` is not a decision"))
      #expect(typo.json?["decision"] as? String == "approved")
      let ended = try await root.run(base + ["touch", "c"], input: "")
      #expect(ended.status == 126)
      #expect(ended.stderr.contains("standard input ended before a decision"))
      #expect(FileManager.default.fileExists(atPath: root.work + "/b"))
      #expect(!FileManager.default.fileExists(atPath: root.work + "/a"))
    }

    @Test func aSessionGetsEveryStepInOrder() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let session = try await root.createSession()
      let run = try await root.run([
        "tool", "shell", "--session-id", session, "--", "sh", "-c", "echo out; echo err >&2",
      ])
      #expect(run.status == 0, "\(run.stderr)")
      let kinds = try await root.eventKinds(session)
      let kind = EventKindNumber.self
      // Output chunks may arrive as one or more events per stream.
      let outputs = kinds.filter { $0 == kind.toolOutputReceived }.count
      #expect(outputs >= 2)
      #expect(
        kinds
          == [
            kind.sessionCreated, kind.turnStarted, kind.userMessageAdded, kind.toolCallPlanned,
            kind.toolStarted,
          ]
          + Array(repeating: kind.toolOutputReceived, count: outputs)
          + [kind.toolExited, kind.toolResultRecorded, kind.turnCompleted])
      let message = try #require(
        try await root.payloads(session, kind: kind.userMessageAdded).first)
      #expect(String(decoding: message, as: UTF8.self).contains("cairn tool shell -- sh -c"))
      let shown = try await root.show(session)
      #expect(shown["running_turn"] is NSNull)
      #expect(shown["finished_tools"] as? Int == 1)
    }

    @Test func approvedForSessionIsRememberedByTheSession() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let session = try await root.createSession(policy: "untrusted")
      let command = ["tool", "shell", "--json", "--session-id", session, "--", "touch", "f"]
      let first = try await root.run(
        ["tool", "shell", "--json", "--decision-from-stdin", "--session-id", session, "--"]
          + ["touch", "f"], input: "approved-for-session\n")
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.json?["decision"] as? String == "approved_for_session")
      #expect(first.json?["policy"] as? String == "untrusted")
      let second = try await root.run(command)
      #expect(second.status == 0, "\(second.stderr)")
      #expect(second.json?["decision"] as? String == "approved_for_session")
      let kind = EventKindNumber.self
      let kinds = try await root.eventKinds(session)
      #expect(kinds.filter { $0 == kind.approvalRequested }.count == 1)
      #expect(kinds.filter { $0 == kind.approvalDecided }.count == 1)
      #expect(kinds.filter { $0 == kind.toolExited }.count == 2)
      #expect(kinds.filter { $0 == kind.turnCompleted }.count == 2)
    }

    @Test func aSecondWriterIsRefusedAndAnInterruptEndsTheGroup() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let session = try await root.createSession()
      let first = try root.spawn([
        "tool", "shell", "--session-id", session, "--", "sh", "-c", "echo ready; exec sleep 600",
      ])
      #expect(try await first.stdoutShows("ready"))
      let second = try await root.run(["tool", "shell", "--session-id", session, "--", "true"])
      #expect(second.status == 4)
      #expect(second.stderr.contains("locked by process \(first.pid)"), "\(second.stderr)")
      kill(first.pid, SIGINT)
      let status = try await first.exitStatus("the interrupted tool shell")
      #expect(status == 128 + SIGTERM)
      let kind = EventKindNumber.self
      let kinds = try await root.eventKinds(session)
      #expect(
        Array(kinds.suffix(3)) == [
          kind.toolExited, kind.toolResultRecorded, kind.turnInterrupted,
        ])
    }

    /// A pending approval survives a kill -9 exactly: `session show` lists it with its
    /// command and reason, and `cairn tool decide` runs it afterwards.
    @Test func aPendingApprovalSurvivesKillNineAndIsDecidedLater() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      try FileManager.default.createDirectory(
        atPath: root.work + "/x", withIntermediateDirectories: true)
      let session = try await root.createSession()
      let waiting = try root.spawn(
        [
          "tool", "shell", "--session-id", session, "-a", "untrusted", "--decision-from-stdin",
          "--", "rm", "-rf", "x",
        ], stdin: .pipe)
      #expect(try await waiting.stderrShows("waiting for a decision"))
      kill(waiting.pid, SIGKILL)
      #expect(try await waiting.exitStatus("the killed shell") == 128 + 9)

      let shown = try await root.show(session)
      #expect(shown["writer_pid"] is NSNull)
      let pending = try #require(shown["pending_approval_calls"] as? [[String: Any]])
      #expect(pending.count == 1)
      let call = try #require(pending.first)
      let callID = try #require(call["call_id"] as? String)
      #expect(call["command"] as? [String] == ["rm", "-rf", "x"])
      #expect(call["risk"] as? String == "dangerous")
      #expect((call["reason"] as? String)?.hasPrefix("run `rm -rf x`? (deletes files") == true)
      #expect(call["workdir"] as? String == root.work)
      let human = try await root.run(["session", "show", session])
      #expect(human.stdout.contains("pending approval    \(callID)  rm -rf x"), "\(human.stdout)")
      #expect(human.stdout.contains("cairn tool decide \(session) \(callID) approved"))

      let decided = try await root.run(["tool", "decide", session, callID, "approved", "--json"])
      #expect(decided.status == 0, "\(decided.stderr)")
      #expect(decided.json?["decision"] as? String == "approved")
      #expect(decided.json?["exit_code"] as? Int == 0)
      #expect(!FileManager.default.fileExists(atPath: root.work + "/x"))
      let after = try await root.show(session)
      #expect((after["pending_approval_calls"] as? [Any])?.isEmpty == true)
      #expect(after["running_turn"] is NSNull)
      let again = try await root.run(["tool", "decide", session, callID, "denied"])
      #expect(again.status == 64)
      #expect(again.stderr.contains(callID), "\(again.stderr)")
      let kind = EventKindNumber.self
      let kinds = try await root.eventKinds(session)
      #expect(
        Array(kinds.prefix(6))
          == [
            kind.sessionCreated, kind.settingsChanged, kind.turnStarted, kind.userMessageAdded,
            kind.toolCallPlanned, kind.approvalRequested,
          ])
      #expect(
        Array(kinds.suffix(5))
          == [
            kind.approvalDecided, kind.toolStarted, kind.toolExited, kind.toolResultRecorded,
            kind.turnCompleted,
          ])
    }

    @Test func aDenialIsRecordedAndAnAbortEndsTheTurn() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let session = try await root.createSession(policy: "untrusted")
      let refused = try await root.run([
        "tool", "shell", "--session-id", session, "--", "touch", "f",
      ])
      #expect(refused.status == 126)
      let callID = try #require(
        (try await root.show(session)["pending_approval_calls"] as? [[String: Any]])?.first?[
          "call_id"]
          as? String)
      let denied = try await root.run(["tool", "decide", session, callID, "denied"])
      #expect(denied.status == 126)
      #expect(!FileManager.default.fileExists(atPath: root.work + "/f"))
      let aborted = try await root.run(
        ["tool", "shell", "--decision-from-stdin", "--session-id", session, "--", "touch", "g"],
        input: "abort\n")
      #expect(aborted.status == 126)
      let kind = EventKindNumber.self
      let kinds = try await root.eventKinds(session)
      #expect(
        Array(kinds.suffix(4))
          == [
            kind.approvalRequested, kind.approvalDecided, kind.turnInterrupted,
            kind.toolResultRecorded,
          ])
      #expect(kinds.filter { $0 == kind.turnCompleted }.count == 1)
    }
  }
}
