import CairnTestSupport
import Foundation
import Testing

/// The schema session's host operations: config writes, live commands (tty, stdin),
/// fs/remove, fs/copy, fs/watch and skills/hooks, each done for real so its answers and
/// notifications reach the validator.
extension AppServerSchemaTests.Recorder {
  /// The session's server runs with this flag, so a config write can be overridden and
  /// config/read reports a session-flags origin.
  static let sessionFlag = "tui.notifications=true"

  /// Runs the host operations with request ids from `first`; returns how many error
  /// answers it caused on purpose.
  func hostOperations(_ home: ScriptedAgentHome, first: Int) throws -> Int {
    var id = first
    func next() -> Int {
      id += 1
      return id - 1
    }
    let configPath = home.root + "/codex/config.toml"
    let written = try result(
      next(), "config/value/write",
      ["keyPath": "model_reasoning_effort", "value": "high", "mergeStrategy": "replace"])
    #expect(written["status"] as? String == "ok")
    let version = try #require(written["version"] as? String)
    #expect(try String(contentsOfFile: configPath, encoding: .utf8).contains("= \"high\""))
    let batch = try result(
      next(), "config/batchWrite",
      [
        "edits": [
          ["keyPath": "tui", "value": ["notifications": false], "mergeStrategy": "upsert"]
        ],
        "expectedVersion": version, "reloadUserConfig": false,
      ])
    // The server's `-c tui.notifications=true` still decides the key.
    #expect(batch["status"] as? String == "okOverridden")
    let layer = (batch["overriddenMetadata"] as? [String: Any])?["overridingLayer"]
    #expect(
      ((layer as? [String: Any])?["name"] as? [String: Any])?["type"] as? String == "sessionFlags")
    let stale = try request(
      next(), "config/value/write",
      [
        "keyPath": "model_reasoning_effort", "value": "low", "mergeStrategy": "replace",
        "expectedVersion": version,
      ])
    let staleData = (stale["error"] as? [String: Any])?["data"] as? [String: Any]
    #expect(staleData?["config_write_error_code"] as? String == "configVersionConflict")
    try result(next(), "config/read", [:])

    try liveCommands(&id)
    try files(home, &id)

    let skillDirectory = home.root + "/codex/skills/probe"
    try FileManager.default.createDirectory(
      atPath: skillDirectory, withIntermediateDirectories: true)
    try Data("---\nname: probe\n---\n".utf8).write(
      to: URL(fileURLWithPath: skillDirectory + "/SKILL.md"))
    let skills = try result(next(), "skills/list", ["cwds": [home.work], "forceReload": true])
    let skillErrors = (skills["data"] as? [[String: Any]])?.first?["errors"] as? [Any]
    #expect(skillErrors?.count == 1)
    let hooks = try result(next(), "hooks/list", ["cwds": [home.work]])
    #expect((hooks["data"] as? [Any])?.count == 1)
    return 1
  }

  /// A tty command that reports its size, is resized and reads a line typed into it; a
  /// `cat` fed through stdin and closed.
  private func liveCommands(_ id: inout Int) throws {
    let full: [String: Any] = ["type": "dangerFullAccess"]
    let ttyID = id
    send([
      "id": ttyID, "method": "command/exec",
      "params": [
        "command": ["bash", "-c", "stty size; read line; echo \"got $line\"; stty size"],
        "processId": "schema-tty", "tty": true, "size": ["rows": 24, "cols": 80],
        "sandboxPolicy": full,
      ],
    ])
    let client = self.client
    _ = try client.waitFor("the tty's first size") { _ in
      AppServerHostOpsTests.output(client, "schema-tty").contains("24 80")
    }
    try result(
      id + 1, "command/exec/resize",
      ["processId": "schema-tty", "size": ["rows": 40, "cols": 120]])
    try result(id + 2, "command/exec/write", ["processId": "schema-tty", "deltaBase64": "Z28K"])
    #expect((try client.response(ttyID)["result"] as? [String: Any])?["exitCode"] as? Int == 0)
    let ttyOutput = AppServerHostOpsTests.output(client, "schema-tty")
    #expect(ttyOutput.contains("got go") && ttyOutput.contains("40 120"), "\(ttyOutput)")

    let catID = id + 3
    send([
      "id": catID, "method": "command/exec",
      "params": [
        "command": ["cat"], "processId": "schema-cat", "streamStdin": true,
        "streamStdoutStderr": true, "sandboxPolicy": full,
      ],
    ])
    try result(
      id + 4, "command/exec/write",
      ["processId": "schema-cat", "deltaBase64": "c3RkaW4K", "closeStdin": true])
    #expect((try client.response(catID)["result"] as? [String: Any])?["exitCode"] as? Int == 0)
    #expect(AppServerHostOpsTests.output(client, "schema-cat") == "stdin\n")
    id += 5
  }

  /// fs/copy of a file and a directory, fs/remove of the copy, and an fs/watch that sees a
  /// file the test creates (synchronised on the notification), then fs/unwatch.
  private func files(_ home: ScriptedAgentHome, _ id: inout Int) throws {
    let work = home.work
    try result(
      id, "fs/copy", ["sourcePath": work + "/schema.txt", "destinationPath": work + "/copy.txt"])
    try result(
      id + 1, "fs/copy",
      ["sourcePath": work + "/sub", "destinationPath": work + "/sub-copy", "recursive": true])
    #expect(FileManager.default.fileExists(atPath: work + "/sub-copy/dir"))
    try result(
      id + 2, "fs/remove", ["path": work + "/sub-copy", "recursive": true, "force": false])
    #expect(!FileManager.default.fileExists(atPath: work + "/sub-copy"))

    try FileManager.default.createDirectory(
      atPath: work + "/watched", withIntermediateDirectories: true)
    let watched = try result(
      id + 3, "fs/watch", ["watchId": "schema-w", "path": work + "/watched"])
    #expect(watched["path"] as? String == work + "/watched")
    let before = client.received.count
    try Data("x".utf8).write(to: URL(fileURLWithPath: work + "/watched/new.txt"))
    let change = try client.waitFor(from: before, "fs/changed for schema-w") { message in
      message["method"] as? String == "fs/changed"
        && (message["params"] as? [String: Any])?["watchId"] as? String == "schema-w"
    }
    let paths = (client.received[change]["params"] as? [String: Any])?["changedPaths"]
    #expect(paths as? [String] == [work + "/watched/new.txt"])
    try result(id + 4, "fs/unwatch", ["watchId": "schema-w"])
    id += 5
  }
}
