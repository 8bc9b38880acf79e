import CairnCodex
import CairnServer
import Foundation

/// Where `cairn app-server` serves, from `--listen`/`--stdio` and the `--ws-*` flags.
enum AppServerListenTarget: Equatable {
  case stdio
  case off
  /// A WebSocket listener (TCP or a Unix socket), with its options.
  case listener(MessageListenAddress, capabilityToken: String?)

  /// The control socket `unix://` and `app-server proxy` use without a path, as Codex's:
  /// `$CODEX_HOME/app-server-control/app-server-control.sock`.
  static func defaultControlSocket(codexHome: String) -> String {
    codexHome + "/app-server-control/app-server-control.sock"
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The WebSocket authentication flags, as given.
  struct Authentication {
    var mode: String?
    var tokenFile: String?
    var tokenSHA256: String?
    var signedBearerFlags: [String]
  }

  /// Resolves `url` (`stdio://`, `off`, `ws://IP:PORT`, `unix://`, `unix://PATH`). Throws
  /// a `Failure` for what is wrong and `CodexNotSupported` for what is not built.
  static func resolve(_ url: String, authentication: Authentication, codexHome: String) throws
    -> AppServerListenTarget
  {
    switch url {
    case "stdio://", "stdio": return .stdio
    case "off": return .off
    default: break
    }
    let address: MessageListenAddress
    do {
      address =
        url == "unix://"
        ? .unixSocket(path: defaultControlSocket(codexHome: codexHome))
        : try MessageListenAddress(url)
    } catch {
      throw Failure(
        description: "--listen \(error.description) (stdio:// and off are accepted too)")
    }
    return .listener(address, capabilityToken: try capabilityToken(authentication))
  }

  /// The capability token clients must present, read from `--ws-token-file`.
  private static func capabilityToken(_ authentication: Authentication) throws -> String? {
    guard let mode = authentication.mode else {
      if authentication.tokenFile != nil || authentication.tokenSHA256 != nil
        || !authentication.signedBearerFlags.isEmpty
      {
        throw Failure(description: "the --ws-* token flags need --ws-auth capability-token")
      }
      return nil
    }
    switch mode {
    case "capability-token":
      if authentication.tokenSHA256 != nil {
        throw CodexNotSupported(
          commandLine: "cairn app-server --ws-token-sha256",
          reason: "only --ws-token-file is built yet (the listener compares the token itself)")
      }
      guard let path = authentication.tokenFile else {
        throw Failure(description: "--ws-auth capability-token needs --ws-token-file PATH")
      }
      guard path.hasPrefix("/") else {
        throw Failure(description: "--ws-token-file \(path): the path must be absolute")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw Failure(description: "--ws-token-file \(path): cannot read the file")
      }
      let token = String(decoding: data, as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      guard !token.isEmpty else {
        throw Failure(description: "--ws-token-file \(path): the file holds no token")
      }
      return token
    case "signed-bearer-token":
      throw CodexNotSupported(
        commandLine: "cairn app-server --ws-auth signed-bearer-token",
        reason: "signed JWT bearer tokens are not built yet; use capability-token")
    default:
      throw Failure(
        description: "--ws-auth \(mode): expected capability-token or signed-bearer-token")
    }
  }
}
