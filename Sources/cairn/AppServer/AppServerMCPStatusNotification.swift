import CairnCore
import CairnTools

extension AppServerLoadedThread {
  /// Sends `mcpServer/startupStatus/updated` for each status change of `host`'s servers
  /// (those so far, then each later one) to every initialized connection, as Codex does
  /// for a thread's servers. A server that exits mid-session is reported `failed` with
  /// why: Codex's states have no "exited".
  func observeMCPStatus(of host: MCPToolHost) {
    let threadID = id
    host.observeStatus { [weak hub] change in
      guard let hub else { return }
      let notification = Self.mcpStatusNotification(change, threadID: threadID)
      for connection in hub.initializedConnections() { connection.notify(notification) }
    }
  }

  static func mcpStatusNotification(_ change: MCPServerStatusChanged, threadID: String)
    -> AppServerNotification
  {
    let status: String
    switch change.status {
    case .starting: status = "starting"
    case .ready: status = "ready"
    case .failed, .exited: status = "failed"
    }
    return AppServerNotification(
      "mcpServer/startupStatus/updated",
      [
        ("threadId", .string(threadID)), ("name", .string(change.server)),
        ("status", .string(status)), ("error", change.message.map { .string($0) } ?? .null),
        ("failureReason", .null),
      ])
  }
}
