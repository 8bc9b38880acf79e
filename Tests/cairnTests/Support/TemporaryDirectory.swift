import Foundation

/// Runs `body` with a new, empty, uniquely named directory, and removes the directory and
/// everything in it afterwards, whether `body` returns or throws.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
  let pattern = (NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-cli.XXXXXX")
  var template = Array(pattern.utf8CString)
  guard let made = mkdtemp(&template) else {
    throw HarnessFailure("mkdtemp failed: errno \(errno)")
  }
  let path = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try await body(path)
}

/// Runs blocking work (process I/O, `waitpid`) on its own thread rather than on the
/// cooperative pool, which has only two threads here.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    let thread = Thread { continuation.resume(with: Result { try body() }) }
    thread.start()
  }
}
