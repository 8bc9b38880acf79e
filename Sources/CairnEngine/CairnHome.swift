import CairnCore
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// Where Cairn keeps its sessions: `--home DIR`, else `$CAIRN_HOME`, else `~/.cairn`.
/// docs/SESSION_STORE.md describes the layout.
public struct CairnHome: Sendable, Equatable {
  public let root: String

  public init(root: String) {
    self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
  }

  /// The home a command should use, from its `--home` option and the environment.
  public static func resolve(explicit: String?) -> CairnHome {
    if let explicit { return CairnHome(root: explicit) }
    if let value = getenv("CAIRN_HOME"), value.pointee != 0 {
      return CairnHome(root: String(cString: value))
    }
    let base = getenv("HOME").map { String(cString: $0) } ?? "."
    return CairnHome(root: base + "/.cairn")
  }

  public var sessionsDirectory: String { root + "/sessions" }

  /// The log directory of a session.
  public func sessionDirectory(_ id: SessionID) -> String { sessionsDirectory + "/" + id.rawValue }
}
