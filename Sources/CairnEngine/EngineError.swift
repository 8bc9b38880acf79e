import CairnCore
import CairnStore

/// Failures of session operations, each with the exit code the CLI uses.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `decide` refused the command.
  case rejected(CommandRejection)
  case noSuchSession(SessionID)
  case sessionExists(SessionID)
  /// A session id that cannot name a directory.
  case invalidSessionID(String)
  /// A record of the log did not decode as an event.
  case undecodableEvent(session: SessionID, seq: UInt64, cause: DecodeError)

  public var description: String {
    switch self {
    case .rejected(let rejection): return "refused: \(rejection)"
    case .noSuchSession(let id):
      return "no session \(id): `cairn session list` shows the sessions in this home"
    case .sessionExists(let id): return "session \(id) already exists"
    case .invalidSessionID(let id):
      return
        "\"\(id)\" is not a valid session id (letters, digits, '-', '_' and '.'; not '.' or '..')"
    case .undecodableEvent(let session, let seq, let cause):
      return "session \(session), record \(seq): \(cause)"
    }
  }

  public var exitCode: Int32 {
    switch self {
    case .rejected, .invalidSessionID: return 64
    case .noSuchSession, .sessionExists: return 1
    case .undecodableEvent: return 2
    }
  }
}

extension SessionID {
  /// Ids become directory names, so only a safe alphabet is accepted.
  func validated() throws(EngineError) -> SessionID {
    let bytes = Array(rawValue.utf8)
    let allowed = bytes.allSatisfy { byte in
      (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
        || byte == 45 || byte == 95 || byte == 46
    }
    guard allowed, !bytes.isEmpty, bytes.count <= 128, rawValue != ".", rawValue != ".." else {
      throw .invalidSessionID(rawValue)
    }
    return self
  }
}
