import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension CLITests {
  /// `cairn tool pty` and `cairn tool pty-live` through the binary, with real PTYs.
  @Suite struct ToolPtyCommandTests {
    /// The JSON lines a `--json` pty-live run printed.
    static func lines(_ run: ToolRunResult) -> [[String: Any]] {
      run.stdout.split(separator: "\n").compactMap { jsonObject(String($0)) }
    }

    @Test func ptyRunsInATerminalOfTheGivenSize() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let size = try await root.run([
        "tool", "pty", "--rows", "30", "--cols", "100", "--", "stty", "size",
      ])
      #expect(size.status == 0, "\(size.stderr)")
      #expect(size.stdout == "30 100\r\n")
      let terminal = try await root.run([
        "tool", "pty", "--json", "--", "sh", "-c", "test -t 0 && test -t 1 && test -t 2 && exit 7",
      ])
      #expect(terminal.status == 7)
      #expect(terminal.json?["tool"] as? String == "pty")
      #expect(terminal.json?["exit_code"] as? Int == 7)
    }

    @Test func inputLinesReachCatAndItsEchoComesBack() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let run = try await root.run([
        "tool", "pty-live", "--json", "--step", "input-line:hello", "--step", "close-input",
        "--step", "wait", "--", "cat",
      ])
      #expect(run.status == 0, "\(run.stderr)")
      let lines = Self.lines(run)
      #expect(
        lines.map { $0["action"] as? String } == [
          "start", "input-line", "close-input", "wait", nil,
        ])
      let wait = lines[3]
      #expect(wait["exited"] as? Bool == true)
      #expect(wait["exit_code"] as? Int == 0)
      let summary = try #require(lines.last)
      // The terminal echoes the line, then cat writes it back.
      #expect(summary["stdout"] as? String == "hello\r\nhello\r\n")
      #expect(summary["tool"] as? String == "pty-live")
      let human = try await root.run([
        "tool", "pty-live", "--step", "input:a\\tb\\x21\\n", "--step", "close-input", "--step",
        "wait", "--", "cat",
      ])
      #expect(human.status == 0)
      #expect(human.stdout.contains("[step 1] input:\"a\\tb!\\n\"\n"), "\(human.stdout)")
      #expect(human.stdout.contains("[step 3] wait\n"))
      #expect(human.stdout.contains("a\tb!\r\n"))
      #expect(human.stdout.hasSuffix("[exited] code 0\n"))
    }

    @Test func aResizeIsSeenByTheCommand() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let run = try await root.run([
        "tool", "pty-live", "--json", "--step", "resize:120x40", "--step",
        "input-line:stty size; exit 3", "--step", "wait", "--", "sh",
      ])
      #expect(run.status == 3, "\(run.stderr)")
      let output = Self.lines(run).last?["stdout"] as? String ?? ""
      #expect(output.contains("40 120\r\n"), "\(output)")
    }

    @Test func aSignalEndsTheProcessAndKillToo() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let signalled = try await root.run([
        "tool", "pty-live", "--json", "--step", "signal:TERM", "--step", "wait", "--", "sleep",
        "600",
      ])
      #expect(signalled.status == 128 + SIGTERM)
      let wait = Self.lines(signalled)[2]
      #expect(wait["signal"] as? Int == Int(SIGTERM))
      let killed = try await root.run(["tool", "pty-live", "--step", "kill", "--", "sleep", "600"])
      #expect(killed.status == 128 + SIGKILL)
      #expect(killed.stdout.hasSuffix("[exited] signal 9\n"))
      // A process still running after the last step is ended, not left behind.
      let left = try await root.run(["tool", "pty-live", "--step", "drain:0", "--", "sleep", "600"])
      #expect(left.status == 128 + SIGTERM)
    }

    /// Cairn inside Cairn's terminal: the inner `tool shell` has a terminal for stdin, so
    /// it asks there, and one key decides.
    @Test func theTerminalPromptTakesOneKey() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let binary = try CairnBinary.require()
      let inner = [binary, "tool", "shell", "-a", "untrusted", "--", "touch"]
      let yes = try await root.run(
        ["tool", "pty-live", "--step", "input:y", "--step", "wait", "--"] + inner + ["yes"])
      #expect(yes.status == 0, "\(yes.stdout)")
      #expect(yes.stdout.contains("approval needed (risky): run `touch yes`?"))
      #expect(yes.stdout.contains("a  yes, and don't ask again for this command in this session"))
      #expect(FileManager.default.fileExists(atPath: root.work + "/yes"))
      let no = try await root.run(
        ["tool", "pty-live", "--step", "input:n", "--step", "wait", "--"] + inner + ["no"])
      #expect(no.status == 126, "\(no.stdout)")
      #expect(no.stdout.contains("`touch no` was not run: denied"))
      let escape = try await root.run(
        ["tool", "pty-live", "--step", "input:\\e", "--step", "wait", "--"] + inner + ["esc"])
      #expect(escape.status == 126, "\(escape.stdout)")
      #expect(escape.stdout.contains("was not run: aborted"))
      #expect(!FileManager.default.fileExists(atPath: root.work + "/no"))
      #expect(!FileManager.default.fileExists(atPath: root.work + "/esc"))
    }

    @Test func badStepsAreErrorsNamingTheStep() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let cases: [(String, String)] = [
        ("resize:80", "step 2 (`resize:80`): expected resize:COLSxROWS"),
        ("input:\\q", "step 2 (`input:\\q`): expected input:TEXT with only the escapes"),
        ("drain:soon", "step 2 (`drain:soon`): expected drain:MS"),
        ("signal:NOPE", "step 2 (`signal:NOPE`): expected signal:NAME or signal:NUMBER"),
        ("wait:5", "step 2 (`wait:5`): expected wait without an argument"),
        ("jump", "step 2 (`jump`): expected one of input-line:TEXT"),
      ]
      for (step, message) in cases {
        let run = try await root.run([
          "tool", "pty-live", "--step", "drain:0", "--step", step, "--", "touch", "ran",
        ])
        #expect(run.status == 2, "\(step)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
      }
      #expect(!FileManager.default.fileExists(atPath: root.work + "/ran"))
      let failing = try await root.run([
        "tool", "pty-live", "--step", "wait", "--step", "input-line:late", "--", "true",
      ])
      #expect(failing.status == 1)
      #expect(failing.stderr.contains("step 2 (input-line) failed: the process has exited"))
    }

    @Test func everyStepIsAnEventInTheSession() async throws {
      let root = try ToolRoot.make()
      defer { root.remove() }
      let session = try await root.createSession()
      let run = try await root.run([
        "tool", "pty-live", "--session-id", session, "--step", "input-line:hi", "--step",
        "resize:100x30", "--step", "signal:TERM", "--step", "wait", "--", "sleep", "600",
      ])
      #expect(run.status == 128 + SIGTERM, "\(run.stderr)")
      let kind = EventKindNumber.self
      let kinds = try await root.eventKinds(session).filter { $0 != kind.toolOutputReceived }
      #expect(
        kinds == [
          kind.sessionCreated, kind.turnStarted, kind.userMessageAdded, kind.toolCallPlanned,
          kind.toolStarted, kind.toolStdinWritten, kind.toolResized, kind.toolSignalled,
          kind.toolExited, kind.toolResultRecorded, kind.turnCompleted,
        ])
      let echoed = try await root.payloads(session, kind: kind.toolOutputReceived)
      let bytes = echoed.flatMap { $0 }
      #expect(String(decoding: bytes, as: UTF8.self).contains("hi"))
    }

    /// A crash with a pending approval and a running tool in one session: `session show`
    /// lists both exactly (the approval's command and reason; the tool's command, pid, and
    /// that Cairn stopped while it ran), and `cairn tool decide` continues afterwards.
    @Test func aCrashKeepsThePendingApprovalAndTheRunningTool() async throws {
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
      _ = try await waiting.exitStatus("the killed tool shell")

      // The sleep ignores the hangup the closing terminal sends, so it outlives Cairn.
      let live = try root.spawn([
        "tool", "pty-live", "--session-id", session, "--approved", "--step", "drain:600000",
        "--", "sh", "-c",
        "trap '' HUP; echo started; exec sleep 1000",
      ])
      #expect(try await live.stdoutShows("started"))
      kill(live.pid, SIGKILL)
      _ = try await live.exitStatus("the killed tool pty-live")

      let shown = try await root.show(session)
      let tools = try #require(shown["active_tool_calls"] as? [[String: Any]])
      let running = try #require(tools.first { $0["status"] as? String == "running" })
      let pid = try #require(running["pid"] as? Int)
      defer { Self.killOrphan(Int32(pid)) }
      #expect(shown["writer_pid"] is NSNull)
      #expect(
        running["command"] as? [String] == [
          "sh", "-c", "trap '' HUP; echo started; exec sleep 1000",
        ])
      #expect(running["tool"] as? String == "pty-live")
      #expect(running["tty"] as? Bool == true)
      #expect(running["cairn_stopped"] as? Bool == true)
      #expect(running["process_alive"] as? Bool == true)
      #expect((running["stdout_bytes"] as? Int ?? 0) >= "started".utf8.count)
      let pending = try #require(shown["pending_approval_calls"] as? [[String: Any]])
      #expect(pending.count == 1)
      let callID = try #require(pending.first?["call_id"] as? String)
      #expect(pending.first?["command"] as? [String] == ["rm", "-rf", "x"])
      #expect((pending.first?["reason"] as? String)?.hasPrefix("run `rm -rf x`?") == true)

      let human = try await root.run(["session", "show", session])
      #expect(human.stdout.contains("pending approval    \(callID)  rm -rf x"), "\(human.stdout)")
      #expect(human.stdout.contains("(pid \(pid), pty)"), "\(human.stdout)")
      #expect(
        human.stdout.contains("Cairn stopped while it ran; process \(pid) is still alive"),
        "\(human.stdout)")

      let decided = try await root.run(["tool", "decide", session, callID, "approved"])
      #expect(decided.status == 0, "\(decided.stderr)")
      #expect(!FileManager.default.fileExists(atPath: root.work + "/x"))
      let after = try await root.show(session)
      #expect((after["pending_approval_calls"] as? [Any])?.isEmpty == true)
      // The turn stays open while a tool of it is still recorded as running.
      #expect(after["running_turn"] is String)
      #expect((after["active_tool_calls"] as? [Any])?.count == 1)
    }

    /// Ends the orphaned process group a crashed run left, once it is sure the pid is
    /// still the sleep it started.
    static func killOrphan(_ pid: Int32) {
      guard let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
        command.hasPrefix("sleep\0")
      else { return }
      kill(-pid, SIGKILL)
    }
  }
}
