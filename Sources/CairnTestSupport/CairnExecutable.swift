import Foundation

/// The `cairn` executable built beside the test bundle (`swift build --build-tests` builds
/// it with the tests).
public enum CairnExecutable {
  /// The path of the binary, found by walking up from the test runner's directory.
  public static let path: String? = locate()

  /// The path, or a failure that says how to build the binary.
  public static func require() throws -> String {
    guard let path else {
      throw HarnessFailure(
        "found no `cairn` executable next to the test bundle or in any directory above it: "
          + "run `swift build --build-tests` first (with the same --scratch-path as `swift test`)")
    }
    return path
  }

  private static func locate() -> String? {
    guard let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    else { return nil }
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
