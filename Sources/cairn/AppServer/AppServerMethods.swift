import CairnCore

/// The dispatch table: each request method Cairn runs, and the typed "not supported yet"
/// answer for the rest of Codex's (docs/APP_SERVER.md lists every method and its status).
enum AppServerMethods {
  /// Methods Codex accepts without `params` (its schema gives them none).
  static let paramlessMethods: Set<String> = [
    "configRequirements/read",
    "config/mcpServer/reload",
  ]

  static func handle(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    switch request.method {
    case "thread/start": return try AppServerThreadMethods.start(request)
    case "thread/list": return try AppServerThreadMethods.list(request)
    case "thread/read": return try AppServerThreadMethods.read(request)
    case "thread/resume": return try AppServerThreadMethods.resume(request)
    case "thread/fork": return try AppServerThreadMethods.fork(request)
    case "thread/name/set": return try AppServerThreadMethods.setName(request)
    case "thread/archive": return try AppServerThreadMethods.archive(request)
    case "thread/unarchive": return try AppServerThreadMethods.unarchive(request)
    case "thread/delete": return try AppServerThreadMethods.delete(request)
    case "thread/unsubscribe": return try AppServerThreadMethods.unsubscribe(request)
    case "thread/loaded/list": return try AppServerThreadMethods.loadedList(request)
    case "turn/start": return try AppServerTurnMethods.start(request)
    case "turn/interrupt": return try AppServerTurnMethods.interrupt(request)
    case "turn/steer": return try AppServerTurnMethods.steer(request)
    case "model/list": return try AppServerMetadataMethods.modelList(request)
    case "config/read": return try AppServerMetadataMethods.configRead(request)
    case "configRequirements/read":
      return AppServerReply(result: .object([("requirements", .null)]))
    case "account/read":
      return AppServerReply(
        result: .object([("account", .null), ("requiresOpenaiAuth", .bool(false))]))
    case "modelProvider/capabilities/read":
      return AppServerReply(
        result: .object([
          ("namespaceTools", .bool(true)), ("imageGeneration", .bool(false)),
          ("webSearch", .bool(false)),
        ]))
    case "permissionProfile/list": return AppServerMetadataMethods.permissionProfiles()
    case "fs/readFile": return try AppServerFileMethods.readFile(request)
    case "fs/writeFile": return try AppServerFileMethods.writeFile(request)
    case "fs/getMetadata": return try AppServerFileMethods.metadata(request)
    case "fs/readDirectory": return try AppServerFileMethods.readDirectory(request)
    case "fs/createDirectory": return try AppServerFileMethods.createDirectory(request)
    case "fuzzyFileSearch": return try AppServerFileMethods.fuzzySearch(request)
    case "command/exec": return try AppServerCommandExec.exec(request)
    case "command/exec/terminate": return try AppServerCommandExec.terminate(request)
    case "command/exec/write": return try AppServerLiveCommands.write(request)
    case "command/exec/resize": return try AppServerLiveCommands.resize(request)
    case "config/value/write": return try AppServerConfigWrite.valueWrite(request)
    case "config/batchWrite": return try AppServerConfigWrite.batchWrite(request)
    case "fs/remove": return try AppServerFileMethods.remove(request)
    case "fs/copy": return try AppServerFileMethods.copy(request)
    case "fs/watch": return try AppServerFileWatches.watch(request)
    case "fs/unwatch": return try AppServerFileWatches.unwatch(request)
    case "skills/list": return try AppServerHostLists.skills(request)
    case "hooks/list": return try AppServerHostLists.hooks(request)
    case "thread/compact/start": return try AppServerTurnOps.compactStart(request)
    case "thread/rollback": return try AppServerTurnOps.rollback(request)
    case "thread/shellCommand": return try AppServerTurnOps.shellCommand(request)
    case "review/start": return try AppServerTurnOps.reviewStart(request)
    case "mcpServerStatus/list": return try AppServerMCPMethods.statusList(request)
    case "mcpServer/tool/call": return try AppServerMCPMethods.toolCall(request)
    case "mcpServer/resource/read": return try AppServerMCPMethods.resourceRead(request)
    case "config/mcpServer/reload": return try AppServerMCPMethods.reload(request)
    default:
      throw notSupported(request.method)
    }
  }

  /// The answer for a known method Cairn does not run.
  static func notSupported(_ method: String) -> AppServerError {
    if AppServerMethodNames.cloudRequests.contains(method) {
      return .notSupported(
        method,
        reason: "it needs an OpenAI/ChatGPT account or OpenAI's cloud, which Cairn does "
          + "not use")
    }
    if !AppServerMethodNames.stableRequests.contains(method) {
      return .notSupported(method, reason: "it is one of Codex's experimental methods")
    }
    return .notSupported(method, reason: "Cairn does not implement it yet (docs/APP_SERVER.md)")
  }

  /// The stable requests this table answers with a result (for docs and the coverage test).
  static let implemented: [String] = [
    "initialize", "thread/start", "thread/list", "thread/read", "thread/resume", "thread/fork",
    "thread/name/set", "thread/archive", "thread/unarchive", "thread/delete",
    "thread/unsubscribe", "thread/loaded/list", "turn/start", "turn/interrupt", "turn/steer",
    "model/list", "config/read", "configRequirements/read", "account/read",
    "modelProvider/capabilities/read", "permissionProfile/list", "fs/readFile", "fs/writeFile",
    "fs/getMetadata", "fs/readDirectory", "fs/createDirectory", "fuzzyFileSearch",
    "command/exec", "command/exec/terminate",
    "command/exec/write", "command/exec/resize", "config/value/write", "config/batchWrite",
    "fs/remove", "fs/copy", "fs/watch", "fs/unwatch", "skills/list", "hooks/list",
    "thread/compact/start", "thread/rollback", "thread/shellCommand", "review/start",
    "mcpServerStatus/list", "mcpServer/tool/call", "mcpServer/resource/read",
    "config/mcpServer/reload",
  ]
}

extension AppServerMethods {
  /// The server notifications Cairn sends (docs/APP_SERVER.md counts them against Codex's).
  static let sentNotifications: [String] = [
    "thread/started", "thread/status/changed", "thread/archived", "thread/unarchived",
    "thread/deleted", "thread/name/updated", "thread/goal/cleared", "thread/tokenUsage/updated",
    "turn/started", "turn/completed", "turn/plan/updated", "item/started", "item/completed",
    "item/agentMessage/delta", "item/reasoning/summaryTextDelta",
    "item/reasoning/summaryPartAdded", "item/commandExecution/outputDelta",
    "serverRequest/resolved", "account/rateLimits/updated", "remoteControl/status/changed",
    "error", "command/exec/outputDelta",
    "fs/changed", "deprecationNotice", "thread/closed", "turn/diff/updated",
    "mcpServer/startupStatus/updated",
  ]
}
