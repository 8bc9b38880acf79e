/// The aggregated unified diff of the files a turn changed (`turn/diff/updated`): each
/// file from its contents before the turn's first change to its contents after the
/// latest, in git's format with three lines of context. Built from the `file_changed`
/// events, so a replay gives the same text.
struct AppServerTurnDiff {
  private struct File {
    var path: String
    var before: [UInt8]?
    var after: [UInt8]?
    /// A side the log did not record (too large): the file is named, not diffed.
    var unrecorded = false
  }

  private var files: [File] = []
  /// Paths are shown relative to it when under it.
  var cwd = ""

  var isEmpty: Bool { files.isEmpty }

  /// Above this many lines on either side a file's diff replaces it whole (the LCS table
  /// grows with the product of the sides).
  static let diffLinesMax = 2_000

  mutating func add(
    path: String, kind: String, movePath: String?, before: [UInt8]?, after: [UInt8]?
  ) {
    let unrecorded = (kind != "add" && before == nil) || (kind != "delete" && after == nil)
    if let index = files.firstIndex(where: { $0.path == path }) {
      files[index].after = kind == "delete" ? nil : after
      files[index].unrecorded = files[index].unrecorded || unrecorded
    } else {
      files.append(
        File(
          path: path, before: kind == "add" ? nil : before, after: kind == "delete" ? nil : after,
          unrecorded: unrecorded))
    }
    if let movePath, movePath != path, let index = files.firstIndex(where: { $0.path == path }) {
      // A move: the old path is deleted, the new one holds the contents.
      let moved = files[index].after
      files[index].after = nil
      files.append(File(path: movePath, before: nil, after: moved, unrecorded: unrecorded))
    }
  }

  /// The diff of every file, in the order they were first changed.
  var text: String {
    files.map { Self.fileDiff($0, name: cwdRelative($0.path)) }.joined()
  }

  private func cwdRelative(_ path: String) -> String {
    guard !cwd.isEmpty, path.hasPrefix(cwd + "/") else {
      return path.hasPrefix("/") ? String(path.dropFirst()) : path
    }
    return String(path.dropFirst(cwd.count + 1))
  }

  private static func fileDiff(_ file: File, name: String) -> String {
    if file.before == nil && file.after == nil { return "" }
    var out = "diff --git a/\(name) b/\(name)\n"
    if file.before == nil { out += "new file mode 100644\n" }
    if file.after == nil { out += "deleted file mode 100644\n" }
    if file.unrecorded { return out + "Binary files differ (not recorded)\n" }
    let old = lines(file.before ?? [])
    let new = lines(file.after ?? [])
    if old == new && file.before != nil && file.after != nil { return "" }
    out += (file.before == nil ? "--- /dev/null\n" : "--- a/\(name)\n")
    out += (file.after == nil ? "+++ /dev/null\n" : "+++ b/\(name)\n")
    return out + hunks(old, new)
  }

  private static func lines(_ bytes: [UInt8]) -> [String] {
    guard !bytes.isEmpty else { return [] }
    var result = String(decoding: bytes, as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" { result.removeLast() }
    return result
  }

  /// One edit script line: kept (" "), removed ("-") or added ("+").
  private typealias Edit = (tag: Character, text: String, old: Int, new: Int)

  private static func edits(_ old: [String], _ new: [String]) -> [Edit] {
    if old.count > diffLinesMax || new.count > diffLinesMax {
      return old.enumerated().map { ("-", $0.element, $0.offset, 0) }
        + new.enumerated().map { ("+", $0.element, old.count, $0.offset) }
    }
    // Longest common subsequence, filled from the ends so the walk goes forward.
    let n = old.count
    let m = new.count
    var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i * (m + 1) + j] =
          old[i] == new[j]
          ? table[(i + 1) * (m + 1) + j + 1] + 1
          : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
      }
    }
    var result: [Edit] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, old[i] == new[j] {
        result.append((" ", old[i], i, j))
        i += 1
        j += 1
      } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
        // Removals before additions, as git shows a replaced line.
        result.append(("-", old[i], i, j))
        i += 1
      } else {
        result.append(("+", new[j], i, j))
        j += 1
      }
    }
    return result
  }

  private static func hunks(_ old: [String], _ new: [String]) -> String {
    let script = edits(old, new)
    let context = 3
    var out = ""
    var index = 0
    while index < script.count {
      guard let change = script[index...].firstIndex(where: { $0.tag != " " }) else { break }
      let start = max(change - context, index)
      var end = change
      // Extend over changes closer than twice the context to each other.
      var cursor = change
      while cursor < script.count {
        if script[cursor].tag != " " {
          end = cursor
          cursor += 1
          continue
        }
        let nextChange = script[cursor...].firstIndex { $0.tag != " " }
        guard let nextChange, nextChange - end <= 2 * context else { break }
        cursor = nextChange
      }
      let stop = min(end + context, script.count - 1)
      let slice = script[start...stop]
      let oldCount = slice.filter { $0.tag != "+" }.count
      let newCount = slice.filter { $0.tag != "-" }.count
      let oldStart = oldCount == 0 ? slice.first!.old : slice.first!.old + 1
      let newStart = newCount == 0 ? slice.first!.new : slice.first!.new + 1
      out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
      for edit in slice { out += "\(edit.tag)\(edit.text)\n" }
      index = stop + 1
    }
    return out
  }
}
