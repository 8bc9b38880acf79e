import Foundation

/// The golden files under `Replays/`: where they are, whether to rewrite them, and how a
/// difference reads.
enum GoldenFiles {
  /// The package's `Replays/` directory, found from this file's path.
  static let replaysDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Replays (tests)
    .deletingLastPathComponent()  // CairnCoreTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // the package
    .appendingPathComponent("Replays").path

  /// Whether this run rewrites the goldens (`CAIRN_UPDATE_GOLDENS=1 swift test`).
  static var updating: Bool { ProcessInfo.processInfo.environment["CAIRN_UPDATE_GOLDENS"] == "1" }

  static func path(_ components: String...) -> String {
    components.filter { !$0.isEmpty }.reduce(replaysDirectory) { $0 + "/" + $1 }
  }

  /// The scenario directories under `Replays/`.
  static func scenarioDirectories() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: replaysDirectory)
    return names.filter { name in
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(
        atPath: path(name), isDirectory: &isDirectory)
      return exists && isDirectory.boolValue && !name.hasPrefix(".")
    }.sorted()
  }

  /// The files under a scenario's directory, as paths relative to it, sorted.
  static func files(inScenario name: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: path(name))
    var files: [String] = []
    while let relative = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(
        atPath: path(name, relative), isDirectory: &isDirectory)
      if exists && !isDirectory.boolValue { files.append(relative) }
    }
    return files.sorted()
  }

  /// The text of a file of lines: each line ends with a newline.
  static func text(_ lines: [String]) -> String {
    lines.map { $0 + "\n" }.joined()
  }

  static func write(_ text: String, to file: String) throws {
    let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
  }

  /// Nil when `file` holds exactly `text`; else where the first difference is, naming
  /// `source` (what produced `text`).
  static func difference(file: String, text: String, source: String) -> String? {
    let name = "Replays/" + file.dropFirst(replaysDirectory.count + 1)
    let stored = FileManager.default.contents(atPath: file).map {
      String(decoding: $0, as: UTF8.self)
    }
    return difference(stored: stored, text: text, name: name, source: source)
  }

  /// Nil when `stored` is exactly `text`; else the first differing line of the two, with
  /// the column where they part and an excerpt of each around it.
  static func difference(stored: String?, text: String, name: String, source: String) -> String? {
    guard let stored else {
      return "\(name) is missing: run `CAIRN_UPDATE_GOLDENS=1 swift test` to write it"
    }
    guard stored != text else { return nil }
    let expectedLines = stored.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
      let expected = index < expectedLines.count ? String(expectedLines[index]) : nil
      let actual = index < actualLines.count ? String(actualLines[index]) : nil
      guard expected != actual else { continue }
      let at = column(expected, actual)
      return """
        \(name) differs from the \(source) at line \(index + 1)\(at.map { ", column \($0)" } ?? ""):
          expected (file): \(excerpt(expected, around: at))
          actual (\(source)): \(excerpt(actual, around: at))
        A deliberate change? Regenerate with `CAIRN_UPDATE_GOLDENS=1 swift test` and review \
        the diff.
        """
    }
    return "\(name) differs from the \(source) in its bytes"
  }

  /// The 1-based column of the first differing character of two lines.
  private static func column(_ expected: String?, _ actual: String?) -> Int? {
    guard let expected, let actual else { return nil }
    let pairs = zip(expected, actual)
    let same = pairs.prefix { $0.0 == $0.1 }.count
    return same + 1
  }

  /// About 160 characters of `line` around `column`, or "(no line)".
  private static func excerpt(_ line: String?, around column: Int?) -> String {
    guard let line else { return "(no line)" }
    let characters = Array(line)
    let center = (column ?? 1) - 1
    let start = max(0, center - 80)
    let end = min(characters.count, center + 80)
    guard start < end else { return start == 0 ? "(empty line)" : "…(line ends)" }
    return (start > 0 ? "…" : "") + String(characters[start..<end])
      + (end < characters.count ? "…" : "")
  }
}
