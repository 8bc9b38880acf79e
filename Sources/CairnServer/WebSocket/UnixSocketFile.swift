#if canImport(Glibc)
  import Glibc
#endif

/// The socket file of a Unix listener: a stale one (left by a server that died) is
/// replaced; a live one, or a path that is not a socket, is never touched.
enum UnixSocketFile {
  static func prepare(_ path: String) throws(MessageServer.StartFailure) {
    var status = stat()
    guard lstat(path, &status) == 0 else {
      if errno == ENOENT { return }
      throw MessageServer.StartFailure("cannot use \(path): \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFSOCK else {
      throw MessageServer.StartFailure(
        "\(path) exists and is not a socket; remove it or choose another path")
    }
    switch UnixSocketRelay.connect(path) {
    case .success(let descriptor):
      close(descriptor)
      throw MessageServer.StartFailure(
        "\(path) is in use: a server is listening on it (stop it, or choose another path)")
    case .failure(let error) where error.code == ECONNREFUSED:
      // Nobody listens: a stale file from a server that did not clean up.
      if unlink(path) != 0 && errno != ENOENT {
        throw MessageServer.StartFailure(
          "cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
      }
    case .failure(let error):
      throw MessageServer.StartFailure("cannot check the socket \(path): \(error)")
    }
  }

  /// Only the owner may connect.
  static func restrict(_ path: String) throws(MessageServer.StartFailure) {
    guard chmod(path, 0o600) == 0 else {
      throw MessageServer.StartFailure(
        "cannot make \(path) private (0600): \(String(cString: strerror(errno)))")
    }
  }

  static func remove(_ path: String) {
    var status = stat()
    if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
  }
}
