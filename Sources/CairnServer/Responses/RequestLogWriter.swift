#if canImport(Glibc)
  import Glibc
#endif

/// Appends one JSON line per request to the request log. The file is created (or emptied)
/// when the server starts, with mode 0600; each line is written whole with one `write`
/// before the request is answered, so a client that saw an answer finds its request logged.
final class RequestLogWriter {
  let path: String
  private let descriptor: Int32

  /// Why the log could not be opened or written.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  init(path: String) throws(Failure) {
    self.path = path
    let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard opened >= 0 else {
      throw Failure(description: "cannot create the request log \(path): \(errnoText())")
    }
    descriptor = opened
  }

  deinit { close(descriptor) }

  func append(_ request: RecordedRequest) throws(Failure) {
    var line: [UInt8] = []
    request.logLine.write(to: &line)
    line.append(0x0A)
    let failure: Int32? = line.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        let result = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
        if result > 0 {
          done += result
        } else if result < 0 && errno == EINTR {
          continue
        } else {
          return result < 0 ? errno : ENOSPC
        }
      }
      return nil
    }
    if let failure {
      throw Failure(description: "cannot write the request log \(path): \(errnoText(failure))")
    }
  }
}

func errnoText(_ code: Int32 = errno) -> String {
  String(cString: strerror(code)) + " (errno \(code))"
}
