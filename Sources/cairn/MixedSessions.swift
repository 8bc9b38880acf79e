import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine
import CairnProtocol
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// `--home`, `--codex-home` and `--json` of the top-level session commands (`resume`,
/// `fork`, `archive`, `unarchive`, `delete`), which act on native and Codex sessions.
struct MixedSessionOptions: ParsableArguments {
  @OptionGroup var home: HomeOptions
  @OptionGroup var codexHome: CodexHomeOption
}

/// Native and Codex sessions side by side: the native catalog and the Codex session index
/// (refreshed against the rollouts, its cache kept under the Cairn home).
struct MixedSessions {
  let cairnHome: CairnHome
  let codexHome: String
  let cachePath: String
  var index: CodexSessionIndex
  let names: [String: String]
  var sessions: [ListedSession]

  static func load(_ options: MixedSessionOptions) throws -> MixedSessions {
    let cairnHome = CairnHome.resolve(explicit: options.home.home)
    let codexHome = options.codexHome.home.path
    let cachePath = CodexSessionIndex.cachePath(cairnHome: cairnHome.root, codexHome: codexHome)
    let (index, report) = CodexSessionIndex.refreshed(codexHome: codexHome, cachePath: cachePath)
    if let problem = report.cacheProblem {
      StandardError.write(
        "cairn: warning: the Codex session index \(cachePath) could not be used (\(problem)); "
          + "rebuilt it from the rollouts\n")
    }
    if let error = report.saveError {
      StandardError.write("cairn: warning: could not save the Codex session index: \(error)\n")
    }
    let names = CodexSessionNames.load(codexHome: codexHome)
    var sessions = index.entries.map { ListedSession(codex: $0, name: names[$0.threadID]) }
    var native: [SessionCatalog.Entry] = []
    try reportingSessionFailures {
      native = try SessionStore(home: cairnHome).list()
    }
    sessions += native.map { ListedSession(native: $0, home: cairnHome) }
    // Sort small keys, not the sessions: moving 4,000 structs of strings costs more than
    // the listing's whole budget share.
    let order = sessions.indices.map { (sessions[$0].updatedAtNanoseconds, sessions[$0].id, $0) }
      .sorted { ($0.0, $0.1) > ($1.0, $1.1) }
    sessions = order.map { sessions[$0.2] }
    return MixedSessions(
      cairnHome: cairnHome, codexHome: codexHome, cachePath: cachePath, index: index,
      names: names, sessions: sessions)
  }

  /// The session `query` names within `scope`, or an error message and exit 1.
  func resolve(_ query: String, scope: String, where include: (ListedSession) -> Bool) throws
    -> ListedSession
  {
    do {
      return try SessionResolver.resolve(query, among: sessions.filter(include), scope: scope)
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
  }

  /// The Codex index entry of a listed Codex session.
  func codexEntry(_ session: ListedSession) -> CodexSessionEntry? {
    index.entries.first { $0.path == session.path }
  }

  /// Writes the index after an action changed the files; a failure only warns, since the
  /// next listing brings the cache back in step with the files anyway.
  func saveIndex() {
    do {
      try index.save(to: cachePath)
    } catch {
      StandardError.write("cairn: warning: could not save the Codex session index: \(error)\n")
    }
  }
}

/// What the pickers of `resume` and `fork` would offer, as Codex filters it: active
/// sessions only, in the working directory unless `--all`, interactive ones unless asked.
struct PickerFilter {
  var all: Bool
  var includeNonInteractive: Bool
  var cwd: String

  func includes(_ session: ListedSession) -> Bool {
    !session.isArchived && (all || session.cwd == cwd)
      && (includeNonInteractive || session.isInteractive)
  }

  /// The directory Codex filters by: `-C DIR` when given, else the current one.
  static func workingDirectory(cd: String?) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let current = getcwd(&buffer, buffer.count) != nil ? text(buffer) : "."
    guard let cd else { return current }
    var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let absolute = cd.hasPrefix("/") ? cd : current + "/" + cd
    return realpath(absolute, &resolved) != nil ? text(resolved) : absolute
  }

  private static func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// JSON and text renderings of a listing.
enum MixedSessionRendering {
  static func json(_ session: ListedSession) -> JSONValue {
    .object([
      ("id", .string(session.id)), ("kind", .string(session.kind.rawValue)),
      ("name", session.name.isEmpty ? .null : .string(session.name)),
      ("preview", session.preview.isEmpty ? .null : .string(session.preview)),
      ("cwd", .string(session.cwd)),
      ("created_at", .string(RolloutTimestamp.text(milliseconds: session.createdAtMilliseconds))),
      (
        "updated_at",
        .string(RolloutTimestamp.text(milliseconds: session.updatedAtNanoseconds / 1_000_000))
      ),
      ("archived", .bool(session.isArchived)), ("source", .string(session.source)),
      ("path", .string(session.path)),
    ])
  }

  static func write(_ sessions: [ListedSession], json: Bool, showCwd: Bool) throws {
    let output = StandardOutput()
    if json {
      try output.write(
        JSONValue.object([("sessions", .array(sessions.map(Self.json)))]).text + "\n")
    } else if sessions.isEmpty {
      try output.write("no sessions\n")
    } else {
      for session in sessions {
        let label = session.name.isEmpty ? session.preview : session.name
        let flat = String(label.map { $0 == "\n" ? " " : $0 }.prefix(80))
        try output.write(
          RolloutTimestamp.text(milliseconds: session.updatedAtNanoseconds / 1_000_000) + "  "
            + session.kind.rawValue.padded(to: 7) + session.id + "  "
            + (showCwd ? session.cwd + "  " : "") + flat + "\n")
      }
    }
    try output.flush()
  }
}

extension ListedSession {
  /// A native session as the listings and the resolver see it (no preview when the catalog
  /// was written by a Cairn that kept none).
  init(native entry: SessionCatalog.Entry, home: CairnHome) {
    self.init(
      id: entry.sessionID, kind: .native, name: entry.title,
      preview: entry.summary?.preview ?? "", cwd: entry.cwd,
      createdAtMilliseconds: entry.createdAtNanoseconds / 1_000_000,
      updatedAtNanoseconds: entry.updatedAtNanoseconds, isArchived: entry.archived,
      path: home.sessionDirectory(SessionID(entry.sessionID)), source: "cairn",
      isInteractive: true)
  }
}
