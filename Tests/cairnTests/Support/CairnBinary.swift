import Foundation

/// A failure of the test harness itself (not of the code under test), with what to do.
struct HarnessFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The `cairn` executable built next to this test bundle.
enum CairnBinary {
  /// The path of the binary, found by walking up from the test runner's directory.
  static let path: String? = locate()

  /// The path, or a failure that says how to build the binary.
  static func require() throws -> String {
    guard let path else {
      throw HarnessFailure(
        "found no `cairn` executable next to the test bundle (\(runnerPath ?? "unknown")) or "
          + "in any directory above it: run `swift build --build-tests` first (with the same "
          + "--scratch-path as `swift test`)")
    }
    return path
  }

  private static var runnerPath: String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
  }

  private static func locate() -> String? {
    guard let runner = runnerPath else { return nil }
    var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
    while true {
      let candidate = directory.appendingPathComponent("cairn").path
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
        !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate)
      {
        return candidate
      }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path { return nil }
      directory = parent
    }
  }
}
