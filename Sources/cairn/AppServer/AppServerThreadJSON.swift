import CairnCore
import CairnStore

/// Codex's `Thread` object for a Cairn session, fields in Codex's order (README §2, "Core
/// objects"). Cairn keeps no rollout file, so `path` is the session's log directory.
struct AppServerThreadJSON {
  var id: String
  var forkedFromID: String?
  var preview: String
  var ephemeral = false
  var modelProvider: String
  var createdAtNanoseconds: Int64
  var updatedAtNanoseconds: Int64
  var status: JSONValue
  var path: String?
  var cwd: String
  var name: String?
  /// Codex says true for a thread this server has loaded, null for one it only listed.
  var loaded: Bool
  var turns: [JSONValue] = []

  static let cliVersion = "0.147.0"

  init(
    entry: SessionCatalog.Entry, provider: String, preview: String, status: JSONValue,
    path: String, loaded: Bool
  ) {
    id = entry.sessionID
    forkedFromID = entry.parentID.isEmpty ? nil : entry.parentID
    self.preview = preview
    modelProvider = provider
    createdAtNanoseconds = entry.createdAtNanoseconds
    updatedAtNanoseconds = max(entry.updatedAtNanoseconds, entry.createdAtNanoseconds)
    self.status = status
    self.path = path
    cwd = entry.cwd
    name = entry.title.isEmpty ? nil : entry.title
    self.loaded = loaded
  }

  init(
    state: SessionState, id: String, preview: String, status: JSONValue, path: String?,
    updatedAtNanoseconds: Int64, ephemeral: Bool
  ) {
    self.id = id
    let session = state.session
    forkedFromID = session?.origin?.parent.rawValue
    self.preview = preview
    self.ephemeral = ephemeral
    modelProvider = session?.provider ?? ""
    createdAtNanoseconds = session?.createdAtNanoseconds ?? 0
    self.updatedAtNanoseconds = max(updatedAtNanoseconds, createdAtNanoseconds)
    self.status = status
    self.path = path
    cwd = session?.cwd ?? ""
    name = session?.title
    loaded = true
  }

  var json: JSONValue {
    let created = JSONValue.int(createdAtNanoseconds / 1_000_000_000)
    let updated = JSONValue.int(updatedAtNanoseconds / 1_000_000_000)
    return .object([
      ("id", .string(id)), ("extra", .null), ("sessionId", .string(id)),
      ("forkedFromId", forkedFromID.map { .string($0) } ?? .null), ("parentThreadId", .null),
      ("preview", .string(preview)), ("ephemeral", .bool(ephemeral)), ("section", .null),
      ("sectionEnteredAt", .null), ("historyMode", .string("legacy")),
      ("modelProvider", .string(modelProvider)), ("createdAt", created), ("updatedAt", updated),
      ("recencyAt", updated), ("status", status), ("path", path.map { .string($0) } ?? .null),
      ("cwd", .string(cwd)), ("cliVersion", .string(Self.cliVersion)),
      ("source", .string("vscode")), ("canAcceptDirectInput", loaded ? .bool(true) : .null),
      ("threadSource", .null), ("agentNickname", .null), ("agentRole", .null),
      ("gitInfo", .null), ("name", name.map { .string($0) } ?? .null), ("turns", .array(turns)),
    ])
  }
}
