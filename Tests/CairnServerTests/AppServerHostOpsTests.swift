import CairnTestSupport
import Foundation
import Testing

/// The host methods of `cairn app-server` (config writes, live command/exec, fs/remove,
/// fs/copy, fs/watch, skills/list, hooks/list), driven over stdio as a client would, with
/// the texts and shapes Codex 0.147 answers (observed against `codex app-server`).
@Suite struct AppServerHostOpsTests {
  static let script =
    #"{"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}"#

  static func start(_ home: ScriptedAgentHome) throws -> AppServerTestClient {
    let client = try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "app-server"], environment: home.environment,
      directory: home.work)
    try client.initialize()
    return client
  }

  static func error(_ message: [String: Any]) -> (code: Int, message: String, data: String?)? {
    guard let error = message["error"] as? [String: Any] else { return nil }
    let data = (error["data"] as? [String: Any])?["config_write_error_code"] as? String
    return (error["code"] as? Int ?? 0, error["message"] as? String ?? "", data)
  }

  /// The decoded output of a process's `command/exec/outputDelta` notifications so far.
  static func output(_ client: AppServerTestClient, _ processID: String) -> String {
    client.received.filter { message in
      message["method"] as? String == "command/exec/outputDelta"
        && (message["params"] as? [String: Any])?["processId"] as? String == processID
    }
    .compactMap { ($0["params"] as? [String: Any])?["deltaBase64"] as? String }
    .compactMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }.joined()
  }

  // MARK: config/value/write, config/batchWrite

  @Test func configWritesKeepCommentsCheckVersionsAndShowInConfigRead() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-config", script: Self.script)
    defer { Task { await home.finish() } }
    let path = home.root + "/codex/config.toml"
    let original = try String(contentsOfFile: path, encoding: .utf8)
    let commented =
      "# My settings, keep this line.\n" + original
      + "\n[tui]\n# animations off: the terminal is slow\nanimations = false\n"
    try commented.write(toFile: path, atomically: true, encoding: .utf8)
    let client = try Self.start(home)

    let before = try client.result(1, "config/read", [:])
    let origins = before["origins"] as? [String: Any]
    let version = (origins?["model"] as? [String: Any])?["version"] as? String
    #expect(version?.hasPrefix("sha256:") == true)
    #expect(version?.count == 7 + 64)

    let written = try client.result(
      2, "config/value/write",
      [
        "keyPath": "model", "value": "gpt-5.6-sol", "mergeStrategy": "replace",
        "expectedVersion": version ?? "",
      ])
    #expect(written["status"] as? String == "ok")
    #expect(written["filePath"] as? String == path)
    #expect(written["overriddenMetadata"] is NSNull)
    let newVersion = written["version"] as? String
    #expect(newVersion != nil && newVersion != version)

    // The old version is stale now: Codex's conflict error, file untouched.
    let stale = try client.request(
      3, "config/value/write",
      [
        "keyPath": "model", "value": "gpt-5.5", "mergeStrategy": "replace",
        "expectedVersion": version ?? "",
      ])
    #expect(Self.error(stale)?.code == -32600)
    #expect(Self.error(stale)?.data == "configVersionConflict")
    #expect(
      Self.error(stale)?.message
        == "Configuration was modified since last read. Fetch latest version and retry.")

    let batch = try client.result(
      4, "config/batchWrite",
      [
        "edits": [
          ["keyPath": "model_reasoning_effort", "value": "high", "mergeStrategy": "upsert"],
          ["keyPath": "tui", "value": ["theme": "dark"], "mergeStrategy": "upsert"],
          [
            "keyPath": "profiles.fast", "value": ["model": "gpt-5.6-luna"],
            "mergeStrategy": "replace",
          ],
        ],
        "expectedVersion": newVersion ?? "", "reloadUserConfig": true,
      ])
    #expect(batch["status"] as? String == "ok")

    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("# My settings, keep this line.\nmodel = \"gpt-5.6-sol\"\n"))
    #expect(
      text.contains(
        "# animations off: the terminal is slow\nanimations = false\ntheme = \"dark\"\n"))
    #expect(text.contains("model_reasoning_effort = \"high\"\n"))
    #expect(text.contains("[profiles.fast]\nmodel = \"gpt-5.6-luna\"\n"))
    #expect(text.contains("[model_providers.scripted]"))
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)

    let after = try client.result(5, "config/read", [:])
    let config = after["config"] as? [String: Any]
    #expect(config?["model"] as? String == "gpt-5.6-sol")
    #expect(config?["model_reasoning_effort"] as? String == "high")
    #expect((config?["tui"] as? [String: Any])?["theme"] as? String == "dark")
    #expect((config?["tui"] as? [String: Any])?["animations"] as? Bool == false)
    let afterOrigins = after["origins"] as? [String: Any]
    #expect(
      (afterOrigins?["model"] as? [String: Any])?["version"] as? String == batch["version"]
        as? String)

    // Replacing a table drops its old keys; null removes a key.
    _ = try client.result(
      6, "config/value/write",
      ["keyPath": "tui", "value": ["notifications": true], "mergeStrategy": "replace"])
    _ = try client.result(
      7, "config/value/write",
      ["keyPath": "model_reasoning_effort", "value": NSNull(), "mergeStrategy": "replace"])
    let replaced = try String(contentsOfFile: path, encoding: .utf8)
    #expect(replaced.contains("[tui]\nnotifications = true\n"))
    #expect(!replaced.contains("animations"))
    #expect(!replaced.contains("model_reasoning_effort"))
    #expect(replaced.hasPrefix("# My settings, keep this line.\n"))
    #expect(try client.finish() == 0)
  }

  @Test func configWriteRefusesBadRequestsAndLeavesTheFile() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-config-bad", script: Self.script)
    defer { Task { await home.finish() } }
    let path = home.root + "/codex/config.toml"
    let original = try String(contentsOfFile: path, encoding: .utf8)
    let client = try Self.start(home)

    let empty = try client.request(
      1, "config/value/write", ["keyPath": "", "value": "x", "mergeStrategy": "replace"])
    #expect(Self.error(empty)?.message == "keyPath must not be empty")
    #expect(Self.error(empty)?.data == "configValidationError")
    let hole = try client.request(
      2, "config/value/write", ["keyPath": "tui..theme", "value": "x", "mergeStrategy": "replace"])
    #expect(Self.error(hole)?.message.contains("empty segment") == true)
    let strategy = try client.request(
      3, "config/value/write", ["keyPath": "model", "value": "x", "mergeStrategy": "merge"])
    #expect(
      Self.error(strategy)?.message
        == "Invalid request: unknown variant `merge`, expected `replace` or `upsert`")
    let wrongType = try client.request(
      4, "config/value/write", ["keyPath": "model", "value": 5, "mergeStrategy": "upsert"])
    #expect(Self.error(wrongType)?.data == "configValidationError")
    #expect(Self.error(wrongType)?.message.hasPrefix("Invalid configuration: ") == true)
    #expect(Self.error(wrongType)?.message.contains("in `model`") == true)
    let elsewhere = try client.request(
      5, "config/value/write",
      [
        "keyPath": "model", "value": "x", "mergeStrategy": "replace",
        "filePath": home.work + "/other.toml",
      ])
    #expect(Self.error(elsewhere)?.message == "Only writes to the user config are allowed")
    #expect(Self.error(elsewhere)?.data == "configLayerReadonly")
    let noValue = try client.request(
      6, "config/value/write", ["keyPath": "model", "mergeStrategy": "replace"])
    #expect(Self.error(noValue)?.message == "Invalid request: missing field `value`")
    let noEdits = try client.request(7, "config/batchWrite", [:])
    #expect(Self.error(noEdits)?.message == "Invalid request: missing field `edits`")
    // One bad edit in a batch: nothing is written.
    let mixed = try client.request(
      8, "config/batchWrite",
      [
        "edits": [
          ["keyPath": "model", "value": "gpt-5.6-sol", "mergeStrategy": "replace"],
          ["keyPath": "approval_policy", "value": 7, "mergeStrategy": "replace"],
        ]
      ])
    #expect(Self.error(mixed)?.data == "configValidationError")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
    #expect(try client.finish() == 0)
  }

  /// Versions and the overridden answer, with the values `codex app-server` gave for the
  /// same file and flags (observed 2026-11-26).
  @Test func configVersionsAndOverridesAreCodexs() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-version", script: Self.script)
    defer { Task { await home.finish() } }
    let path = home.root + "/codex/config.toml"
    try
      "model = \"gpt-5.5\"\nmodel_reasoning_effort = \"high\"\n\n[tui]\nnotifications = true\n\n[nosuch]\nkey = 5\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let client = try AppServerTestClient(
      arguments: [try CairnExecutable.require(), "-c", "model=\"gpt-5.5\"", "app-server"],
      environment: home.environment, directory: home.work)
    try client.initialize()
    let read = try client.result(1, "config/read", [:])
    let origin = (read["origins"] as? [String: Any])?["tui.notifications"] as? [String: Any]
    #expect(
      origin?["version"] as? String
        == "sha256:bdbcd5d1683dc09dd3b61eed31b67b01ba7f42002dcb8d8fef568426482d4319")
    let written = try client.result(
      2, "config/value/write",
      ["keyPath": "model", "value": "gpt-5.6-sol", "mergeStrategy": "replace"])
    #expect(written["status"] as? String == "okOverridden")
    let overridden = written["overriddenMetadata"] as? [String: Any]
    #expect(overridden?["message"] as? String == "Overridden by session flags")
    #expect(overridden?["effectiveValue"] as? String == "gpt-5.5")
    let layer = overridden?["overridingLayer"] as? [String: Any]
    #expect((layer?["name"] as? [String: Any])?["type"] as? String == "sessionFlags")
    #expect(
      layer?["version"] as? String
        == "sha256:6141a846e452e13390291a6d4b09aee17d957c64fa4efd31ce70c67e68e9122d")
    // A key no flag decides is plain `ok`; removing every key leaves Codex's empty version.
    let plain = try client.result(
      3, "config/value/write", ["keyPath": "tui.theme", "value": "dark", "mergeStrategy": "upsert"])
    #expect(plain["status"] as? String == "ok")
    #expect(plain["overriddenMetadata"] is NSNull)
    var emptied: [String: Any] = [:]
    for (offset, key) in ["model", "model_reasoning_effort", "tui", "nosuch"].enumerated() {
      emptied = try client.result(
        4 + offset, "config/value/write",
        ["keyPath": key, "value": NSNull(), "mergeStrategy": "replace"])
    }
    #expect(
      emptied["version"] as? String
        == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    #expect(try client.finish() == 0)
  }

  // MARK: command/exec tty, streamStdin, write, resize

  @Test func ttyCommandSeesATerminalAndResizes() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-tty", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try Self.start(home)
    let full: [String: Any] = ["type": "dangerFullAccess"]

    let tty = try client.result(
      1, "command/exec",
      [
        "command": ["bash", "-c", "[ -t 0 ] && [ -t 1 ] && echo is-a-tty; tty"],
        "processId": "t1", "tty": true, "sandboxPolicy": full,
      ])
    #expect(tty["exitCode"] as? Int == 0)
    #expect(tty["stdout"] as? String == "")
    let ttyOutput = Self.output(client, "t1")
    #expect(ttyOutput.contains("is-a-tty\r\n"))
    #expect(ttyOutput.contains("/dev/pts/"))

    client.send([
      "id": 2, "method": "command/exec",
      "params": [
        "command": ["bash", "-c", "stty size; read line; stty size"], "processId": "r1",
        "tty": true, "size": ["rows": 24, "cols": 80], "sandboxPolicy": full,
      ],
    ])
    _ = try client.waitFor("the first stty size") { _ in Self.output(client, "r1").contains("24 80")
    }
    _ = try client.result(
      3, "command/exec/resize", ["processId": "r1", "size": ["rows": 40, "cols": 120]])
    _ = try client.result(4, "command/exec/write", ["processId": "r1", "deltaBase64": "Cg=="])
    let resized = try client.response(2)
    #expect((resized["result"] as? [String: Any])?["exitCode"] as? Int == 0)
    #expect(Self.output(client, "r1").hasSuffix("40 120\r\n"))

    let zero = try client.request(
      5, "command/exec",
      ["command": ["true"], "processId": "z", "tty": true, "size": ["rows": 0, "cols": 0]])
    #expect(Self.error(zero)?.code == -32602)
    #expect(Self.error(zero)?.message == "command/exec size rows and cols must be greater than 0")
    let sizeWithoutTty = try client.request(
      6, "command/exec", ["command": ["true"], "size": ["rows": 3, "cols": 4]])
    #expect(Self.error(sizeWithoutTty)?.message == "command/exec size requires tty: true")
    let noProcessID = try client.request(7, "command/exec", ["command": ["cat"], "tty": true])
    #expect(
      Self.error(noProcessID)?.message
        == "command/exec tty or streaming requires a client-supplied processId")
    #expect(try client.finish() == 0)
  }

  @Test func stdinWritesReachCatAndUnknownProcessesAreRefused() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-stdin", script: Self.script)
    defer { Task { await home.finish() } }
    let client = try Self.start(home)
    let full: [String: Any] = ["type": "dangerFullAccess"]

    client.send([
      "id": 1, "method": "command/exec",
      "params": [
        "command": ["cat"], "processId": "c1", "streamStdin": true, "streamStdoutStderr": true,
        "sandboxPolicy": full,
      ],
    ])
    _ = try client.result(
      2, "command/exec/write", ["processId": "c1", "deltaBase64": "dHlwZWQgaW5wdXQK"])
    _ = try client.waitFor("cat's echo") { _ in Self.output(client, "c1") == "typed input\n" }
    _ = try client.result(3, "command/exec/write", ["processId": "c1", "closeStdin": true])
    #expect((try client.response(1)["result"] as? [String: Any])?["exitCode"] as? Int == 0)

    // Without streaming, the output comes back in the answer.
    client.send([
      "id": 4, "method": "command/exec",
      "params": [
        "command": ["cat"], "processId": "c2", "streamStdin": true, "sandboxPolicy": full,
      ],
    ])
    _ = try client.result(
      5, "command/exec/write", ["processId": "c2", "deltaBase64": "YWJj", "closeStdin": true])
    let buffered = try client.response(4)["result"] as? [String: Any]
    #expect(buffered?["stdout"] as? String == "abc")

    let unknownWrite = try client.request(
      6, "command/exec/write", ["processId": "nope", "deltaBase64": "eA=="])
    #expect(Self.error(unknownWrite)?.message == "no active command/exec for process id \"nope\"")
    let unknownResize = try client.request(
      7, "command/exec/resize", ["processId": "nope", "size": ["rows": 3, "cols": 4]])
    #expect(Self.error(unknownResize)?.message == "no active command/exec for process id \"nope\"")

    // A pipe process has no terminal; a buffered one takes no input.
    client.send([
      "id": 8, "method": "command/exec",
      "params": [
        "command": ["cat"], "processId": "c3", "streamStdin": true, "sandboxPolicy": full,
      ],
    ])
    let notTty = try client.request(
      9, "command/exec/resize", ["processId": "c3", "size": ["rows": 3, "cols": 4]])
    #expect(Self.error(notTty)?.message == "failed to resize PTY: process is not attached to a PTY")
    let nothing = try client.request(10, "command/exec/write", ["processId": "c3"])
    #expect(Self.error(nothing)?.code == -32602)
    #expect(Self.error(nothing)?.message == "command/exec/write requires deltaBase64 or closeStdin")
    let badBase64 = try client.request(
      11, "command/exec/write", ["processId": "c3", "deltaBase64": "!!"])
    #expect(Self.error(badBase64)?.code == -32602)
    _ = try client.result(12, "command/exec/terminate", ["processId": "c3"])
    #expect((try client.response(8)["result"] as? [String: Any])?["exitCode"] as? Int == 137)

    client.send([
      "id": 13, "method": "command/exec",
      "params": ["command": ["sleep", "30"], "processId": "s1", "sandboxPolicy": full],
    ])
    // The buffered command is registered before its request's handling ends.
    let noStdin = try client.request(
      14, "command/exec/write", ["processId": "s1", "deltaBase64": "eA=="])
    #expect(Self.error(noStdin)?.message == "stdin streaming is not enabled for this command/exec")
    _ = try client.result(15, "command/exec/terminate", ["processId": "s1"])
    _ = try client.response(13)
    #expect(try client.finish() == 0)
  }

  // MARK: fs/remove, fs/copy, fs/watch

  @Test func removeAndCopyFollowCodexDefaultsAndErrors() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-fs", script: Self.script)
    defer { Task { await home.finish() } }
    let work = home.work
    let files = FileManager.default
    try files.createDirectory(atPath: work + "/tree/sub", withIntermediateDirectories: true)
    try Data("leaf\n".utf8).write(to: URL(fileURLWithPath: work + "/tree/sub/leaf.txt"))
    try files.createSymbolicLink(atPath: work + "/tree/link", withDestinationPath: "sub/leaf.txt")
    try Data("one\n".utf8).write(to: URL(fileURLWithPath: work + "/one.txt"))
    let client = try Self.start(home)

    let notRecursive = try client.request(
      1, "fs/copy", ["sourcePath": work + "/tree", "destinationPath": work + "/copy"])
    #expect(
      Self.error(notRecursive)?.message
        == "fs/copy requires recursive: true when sourcePath is a directory")
    _ = try client.result(
      2, "fs/copy",
      ["sourcePath": work + "/tree", "destinationPath": work + "/copy", "recursive": true])
    #expect(try String(contentsOfFile: work + "/copy/sub/leaf.txt", encoding: .utf8) == "leaf\n")
    #expect(try files.destinationOfSymbolicLink(atPath: work + "/copy/link") == "sub/leaf.txt")
    let intoItself = try client.request(
      3, "fs/copy",
      [
        "sourcePath": work + "/tree", "destinationPath": work + "/tree/sub/again",
        "recursive": true,
      ])
    #expect(
      Self.error(intoItself)?.message
        == "fs/copy cannot copy a directory to itself or one of its descendants")
    _ = try client.result(
      4, "fs/copy", ["sourcePath": work + "/one.txt", "destinationPath": work + "/two.txt"])
    #expect(try String(contentsOfFile: work + "/two.txt", encoding: .utf8) == "one\n")
    let missingSource = try client.request(
      5, "fs/copy", ["sourcePath": work + "/none", "destinationPath": work + "/x"])
    #expect(Self.error(missingSource)?.code == -32603)
    #expect(Self.error(missingSource)?.message == "No such file or directory (os error 2)")
    let relative = try client.request(
      6, "fs/copy", ["sourcePath": "one.txt", "destinationPath": work + "/x"])
    #expect(
      Self.error(relative)?.message
        == "Invalid request: AbsolutePathBuf deserialized without a base path")

    let notEmpty = try client.request(7, "fs/remove", ["path": work + "/copy", "recursive": false])
    #expect(Self.error(notEmpty)?.message == "Directory not empty (os error 39)")
    _ = try client.result(8, "fs/remove", ["path": work + "/copy"])
    #expect(!files.fileExists(atPath: work + "/copy"))
    #expect(files.fileExists(atPath: work + "/tree/sub/leaf.txt"))
    _ = try client.result(9, "fs/remove", ["path": work + "/gone"])
    let strict = try client.request(10, "fs/remove", ["path": work + "/gone", "force": false])
    #expect(Self.error(strict)?.message == "No such file or directory (os error 2)")
    _ = try client.result(11, "fs/remove", ["path": work + "/two.txt"])
    #expect(!files.fileExists(atPath: work + "/two.txt"))
    #expect(try client.finish() == 0)
  }

  @Test func watchReportsChangesUntilUnwatched() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-watch", script: Self.script)
    defer { Task { await home.finish() } }
    let work = home.work
    try FileManager.default.createDirectory(atPath: work + "/a", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: work + "/b", withIntermediateDirectories: true)
    let client = try Self.start(home)

    let watched = try client.result(1, "fs/watch", ["watchId": "wa", "path": work + "/a"])
    #expect(watched["path"] as? String == work + "/a")
    let again = try client.request(2, "fs/watch", ["watchId": "wa", "path": work + "/b"])
    #expect(Self.error(again)?.message == "watchId already exists: wa")
    let noID = try client.request(3, "fs/watch", ["path": work + "/b"])
    #expect(Self.error(noID)?.message == "Invalid request: missing field `watchId`")
    _ = try client.result(4, "fs/watch", ["watchId": "wb", "path": work + "/b"])
    // A file that does not exist yet is watched through its directory.
    _ = try client.result(5, "fs/watch", ["watchId": "later", "path": work + "/later.txt"])

    func changed(_ watchID: String, from: Int) throws -> (index: Int, paths: [String]) {
      let index = try client.waitFor(from: from, "fs/changed for \(watchID)") { message in
        message["method"] as? String == "fs/changed"
          && (message["params"] as? [String: Any])?["watchId"] as? String == watchID
      }
      let params = client.received[index]["params"] as? [String: Any]
      return (index, params?["changedPaths"] as? [String] ?? [])
    }

    try Data("x".utf8).write(to: URL(fileURLWithPath: work + "/a/new.txt"))
    let first = try changed("wa", from: 0)
    #expect(first.paths == [work + "/a/new.txt"])

    try Data("x".utf8).write(to: URL(fileURLWithPath: work + "/later.txt"))
    #expect(try changed("later", from: 0).paths == [work + "/later.txt"])

    let unwatchIndex = client.received.count
    _ = try client.result(6, "fs/unwatch", ["watchId": "wa"])
    _ = try client.result(7, "fs/unwatch", ["watchId": "wa"])
    // After the unwatch: a change in a/ (no notification) then one in b/. Events are read
    // in order, so once b/'s arrives, a/'s would have come first.
    try Data("y".utf8).write(to: URL(fileURLWithPath: work + "/a/ignored.txt"))
    try Data("y".utf8).write(to: URL(fileURLWithPath: work + "/b/seen.txt"))
    let second = try changed("wb", from: unwatchIndex)
    #expect(second.paths == [work + "/b/seen.txt"])
    let late = client.received[unwatchIndex...].filter { message in
      (message["params"] as? [String: Any])?["watchId"] as? String == "wa"
    }
    #expect(late.isEmpty)
    #expect(try client.finish() == 0)
  }

  // MARK: skills/list, hooks/list

  @Test func skillsAndHooksListWhatCairnUses() async throws {
    let home = try await ScriptedAgentHome(prefix: "cairn-hostops-skills", script: Self.script)
    defer { Task { await home.finish() } }
    let skill = home.root + "/codex/skills/mine/SKILL.md"
    try FileManager.default.createDirectory(
      atPath: home.root + "/codex/skills/mine", withIntermediateDirectories: true)
    try Data("---\nname: mine\n---\n".utf8).write(to: URL(fileURLWithPath: skill))
    let client = try Self.start(home)

    let skills = try client.result(1, "skills/list", ["cwds": [home.work]])
    let entry = (skills["data"] as? [[String: Any]])?.first
    #expect(entry?["cwd"] as? String == home.work)
    #expect((entry?["skills"] as? [Any])?.isEmpty == true)
    let errors = entry?["errors"] as? [[String: Any]]
    let paths = errors?.compactMap { $0["path"] as? String }
    #expect(paths == [skill])

    let hooks = try client.result(2, "hooks/list", [:])
    let hookEntry = (hooks["data"] as? [[String: Any]])?.first
    #expect(hookEntry?["cwd"] as? String == home.work)
    #expect((hookEntry?["hooks"] as? [Any])?.isEmpty == true)
    #expect((hookEntry?["warnings"] as? [Any])?.isEmpty == true)
    #expect(try client.finish() == 0)
  }
}
