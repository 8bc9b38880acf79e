/// A `--listen` URL the ``MessageServer`` serves: `ws://IP:PORT` or `unix://PATH`.
/// (`stdio://` and `off` are the app-server's business, not a listener's.)
public enum MessageListenAddress: Equatable, Sendable, CustomStringConvertible {
  /// WebSocket on TCP. `host` is an IP address (IPv6 without brackets) or `localhost`.
  case webSocket(host: String, port: Int)
  /// WebSocket over a Unix domain socket at an absolute or relative path.
  case unixSocket(path: String)

  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// Parses `ws://IP:PORT` (`ws://[::1]:PORT` for IPv6) or `unix://PATH`.
  public init(_ url: String) throws(ParseError) {
    if url.hasPrefix("ws://") {
      var rest = Substring(url.dropFirst("ws://".count))
      if rest.hasSuffix("/") { rest = rest.dropLast() }
      let host: Substring
      let portText: Substring
      if rest.hasPrefix("[") {
        guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix(":")
        else { throw ParseError(description: "`\(url)`: expected ws://[IPv6]:PORT") }
        host = rest[rest.index(after: rest.startIndex)..<close]
        portText = rest[rest.index(close, offsetBy: 2)...]
      } else {
        guard let colon = rest.lastIndex(of: ":") else {
          throw ParseError(description: "`\(url)`: expected ws://IP:PORT, e.g. ws://127.0.0.1:4500")
        }
        host = rest[..<colon]
        portText = rest[rest.index(after: colon)...]
      }
      guard !host.isEmpty, !host.contains("/"), !host.contains("@") else {
        throw ParseError(description: "`\(url)`: expected ws://IP:PORT, e.g. ws://127.0.0.1:4500")
      }
      guard let port = Int(portText), (0...65535).contains(port) else {
        throw ParseError(description: "`\(url)`: the port must be a number from 0 to 65535")
      }
      self = .webSocket(host: String(host), port: port)
    } else if url.hasPrefix("unix://") {
      let path = String(url.dropFirst("unix://".count))
      guard !path.isEmpty else {
        throw ParseError(description: "`\(url)`: expected unix://PATH")
      }
      guard !path.utf8.contains(0), path.utf8.count < 108 else {
        throw ParseError(
          description: "`\(url)`: a Unix socket path must be shorter than 108 bytes")
      }
      self = .unixSocket(path: path)
    } else {
      throw ParseError(
        description: "`\(url)`: unsupported listen URL; expected ws://IP:PORT or unix://PATH")
    }
  }

  public var description: String {
    switch self {
    case .webSocket(let host, let port):
      host.contains(":") ? "ws://[\(host)]:\(port)" : "ws://\(host):\(port)"
    case .unixSocket(let path): "unix://\(path)"
    }
  }

  /// Whether `host` names the loopback interface: 127.0.0.0/8, ::1 or localhost.
  public static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "127" else { return false }
    return parts.allSatisfy { UInt8($0) != nil }
  }
}
