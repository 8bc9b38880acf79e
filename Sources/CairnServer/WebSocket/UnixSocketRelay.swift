import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `app-server proxy`: relays bytes between two file descriptors (stdin/stdout) and a
/// Unix domain socket, without framing anything (the client speaks WebSocket through it,
/// as with Codex's proxy). Input EOF half-closes the socket; the relay ends when the
/// socket's side is done.
public enum UnixSocketRelay {
  public struct Failure: Error, CustomStringConvertible, Equatable {
    public var code: Int32
    public var description: String
  }

  /// Connects to the socket at `path`; returns the descriptor.
  public static func connect(_ path: String) -> Result<Int32, Failure> {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return .failure(failure("socket", path)) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else {
      close(descriptor)
      return .failure(
        Failure(
          code: ENAMETOOLONG,
          description: "\(path): a socket path must be shorter than \(capacity) bytes"))
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in bytes.enumerated() { raw[index] = byte }
      raw[bytes.count] = 0
    }
    let length = socklen_t(MemoryLayout<sockaddr_un>.size)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, length) }
    }
    guard result == 0 else {
      let error = failure("connect to", path)
      close(descriptor)
      return .failure(error)
    }
    return .success(descriptor)
  }

  /// Relays until the socket side ends (or either side fails). Blocks: call it from a
  /// thread of its own (or from a command's main thread). Returns nil on a clean end, or
  /// what went wrong.
  public static func run(socketPath: String, input: Int32 = 0, output: Int32 = 1) -> Failure? {
    let socketDescriptor: Int32
    switch connect(socketPath) {
    case .success(let descriptor): socketDescriptor = descriptor
    case .failure(let failure): return failure
    }
    defer { close(socketDescriptor) }
    // Input → socket on a thread of its own; socket → output here.
    let upstream = Thread {
      _ = pump(from: input, to: socketDescriptor)
      shutdown(socketDescriptor, Int32(SHUT_WR))
    }
    upstream.start()
    let result = pump(from: socketDescriptor, to: output)
    // The server is done; the input side may still block on a read: leave that thread,
    // the process ends with the command.
    return result
  }

  /// Copies until EOF; nil when it reached EOF, else the failure.
  static func pump(from source: Int32, to destination: Int32) -> Failure? {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
      if count == 0 { return nil }
      if count < 0 {
        if errno == EINTR { continue }
        return failure("read from", "descriptor \(source)")
      }
      var offset = 0
      while offset < count {
        let written = buffer.withUnsafeBytes {
          write(destination, $0.baseAddress! + offset, count - offset)
        }
        if written < 0 {
          if errno == EINTR { continue }
          return failure("write to", "descriptor \(destination)")
        }
        offset += written
      }
    }
  }

  private static func failure(_ operation: String, _ what: String) -> Failure {
    let code = errno
    return Failure(
      code: code, description: "cannot \(operation) \(what): \(String(cString: strerror(code)))")
  }
}
