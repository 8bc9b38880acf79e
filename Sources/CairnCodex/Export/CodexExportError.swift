/// Why a session could not be exported as a Codex rollout.
public enum CodexExportError: Error, Equatable, Sendable, CustomStringConvertible {
  case noSuchSession(String)
  case badThreadID(String)
  case read(session: String, reason: String)
  case write(path: String, reason: String)

  public var description: String {
    switch self {
    case .noSuchSession(let id):
      return "no session \(id) (cairn session list shows the sessions)"
    case .badThreadID(let id):
      return "\(id) is not a UUID (Codex thread ids look like 01a2142b-4eac-7761-a156-c534fc6e82bc)"
    case .read(let session, let reason): return "cannot read session \(session): \(reason)"
    case .write(let path, let reason): return "cannot write \(path): \(reason)"
    }
  }
}
