import Foundation

/// A fresh directory, removed afterwards.
func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
  var template = Array((NSTemporaryDirectory() + "cairn-doctor.XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else { throw SetupFailure("mkdtemp failed: errno \(errno)") }
  let path = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

struct SetupFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Writes an executable shell script.
func writeScript(_ text: String, to path: String) throws {
  try Data(("#!/bin/sh\n" + text).utf8).write(to: URL(fileURLWithPath: path))
  chmod(path, 0o755)
}
