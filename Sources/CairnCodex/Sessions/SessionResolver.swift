/// Turns what a user typed for a session into one session: an exact id (native or Codex
/// thread id; a UUID that matches nothing is not tried as a name, as in Codex), then an
/// exact name (a native title or a Codex name), then a unique id prefix of at least
/// `prefixLengthMin` characters. Several matches are an error that lists them.
/// docs/CODEX_COMPAT.md, "Sessions and ids".
public enum SessionResolver {
  public static let prefixLengthMin = 4

  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(query: String, scope: String)
    case ambiguous(query: String, candidates: [ListedSession])

    public var description: String {
      switch self {
      case .notFound(let query, let scope):
        return "no \(scope)session found matching '\(query)'"
      case .ambiguous(let query, let candidates):
        let lines = candidates.sorted(by: ListedSession.newestFirst).map { session in
          "  \(session.id)  \(session.kind.rawValue)  \(session.name.isEmpty ? "-" : session.name)"
        }
        return "'\(query)' matches \(candidates.count) sessions; use an id:\n"
          + lines.joined(separator: "\n")
      }
    }
  }

  /// Whether `text` has the shape of a UUID (8-4-4-4-12 hex digits).
  public static func isUUID(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 36 else { return false }
    for (index, byte) in bytes.enumerated() {
      if index == 8 || index == 13 || index == 18 || index == 23 {
        guard byte == UInt8(ascii: "-") else { return false }
      } else {
        guard isHex(byte) else { return false }
      }
    }
    return true
  }

  /// The session `query` names among `sessions`. `scope` words the not-found error
  /// ("active ", "archived ", "").
  public static func resolve(_ query: String, among sessions: [ListedSession], scope: String = "")
    throws(Failure) -> ListedSession
  {
    let exact = sessions.filter { $0.id == query }
    // A native session imported from a Codex rollout may keep the thread id: the native
    // one is what Cairn can act on, so it wins a tie.
    if let native = exact.first(where: { $0.kind == .native }) { return native }
    if let only = exact.first { return only }
    if isUUID(query) { throw .notFound(query: query, scope: scope) }
    let named = sessions.filter { !$0.name.isEmpty && $0.name == query }
    if named.count == 1 { return named[0] }
    if named.count > 1 { throw .ambiguous(query: query, candidates: named) }
    let lowered = query.lowercased()
    if lowered.utf8.count >= prefixLengthMin,
      lowered.utf8.allSatisfy({ isHex($0) || $0 == UInt8(ascii: "-") })
    {
      let prefixed = sessions.filter { $0.id.lowercased().hasPrefix(lowered) }
      if prefixed.count == 1 { return prefixed[0] }
      if prefixed.count > 1 { throw .ambiguous(query: query, candidates: prefixed) }
    }
    throw .notFound(query: query, scope: scope)
  }

  private static func isHex(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
      || (byte >= 0x41 && byte <= 0x46)
  }
}
