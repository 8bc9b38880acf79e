import CairnLogFormat

/// The last known status of one MCP server of the session.
public struct MCPServerRecord: Equatable, Hashable, Sendable {
  /// The `mcp_server_status_changed` record.
  public var seq: Seq
  public var server: String
  public var status: MCPServerStatus
  /// The tools it offers (when ready).
  public var toolCount: UInt32
  /// Why it failed or exited, in Codex's words.
  public var message: String?

  public init(
    seq: Seq, server: String, status: MCPServerStatus, toolCount: UInt32, message: String?
  ) {
    self.seq = seq
    self.server = server
    self.status = status
    self.toolCount = toolCount
    self.message = message
  }
}

/// The session's MCP servers as the views show them: each server's latest status, by name.
/// Bounded: at most `serversMax` servers are tracked (a configuration has a handful).
public struct MCPServersProjection: Equatable, Hashable, Sendable {
  public static let serversMax = 256

  /// One record per server, sorted by name.
  public var servers: [MCPServerRecord] = []

  public init() {}

  /// The record of `server`, if it reported.
  public func record(_ server: String) -> MCPServerRecord? {
    servers.first { $0.server == server }
  }

  /// Folds one status change in: the server's record is replaced (or added in name order).
  mutating func apply(_ change: MCPServerStatusChanged, seq: Seq) {
    let record = MCPServerRecord(
      seq: seq, server: change.server, status: change.status, toolCount: change.toolCount,
      message: change.message)
    if let index = servers.firstIndex(where: { $0.server == change.server }) {
      servers[index] = record
      return
    }
    guard servers.count < Self.serversMax else { return }
    let index = servers.firstIndex { $0.server > change.server } ?? servers.count
    servers.insert(record, at: index)
  }
}

extension MCPServersProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.array(servers) { writer, record in
      writer.uint(record.seq.rawValue)
      writer.string(record.server)
      writer.value(record.status)
      writer.uint(record.toolCount)
      writer.optional(record.message) { $0.string($1) }
    }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    servers = try reader.array { reader throws(DecodeError) in
      MCPServerRecord(
        seq: Seq(try reader.uint()), server: try reader.string(),
        status: try reader.value(MCPServerStatus.self),
        toolCount: try reader.uint(as: UInt32.self),
        message: try reader.optional { reader throws(DecodeError) in try reader.string() })
    }
  }
}
