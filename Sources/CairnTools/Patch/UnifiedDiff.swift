/// A line diff between two texts in the unified format (`--- old`, `+++ new`, `@@ -a,b +c,d
/// @@` hunks with three lines of context), for showing recorded file changes.
///
/// ```swift
/// UnifiedDiff.render(old: Array("a\nb\n".utf8), new: Array("a\nc\n".utf8),
///                    oldName: "f.txt", newName: "f.txt")
/// // "--- f.txt\n+++ f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
/// ```
public enum UnifiedDiff {
  public static let contextLines = 3
  /// Past this many differing lines the diff stops looking for common lines and shows the
  /// rest as removed and added (bounds the work on two very different files).
  public static let editsMax = 2_000

  /// The diff of `old` and `new` (nil: no file, shown as `/dev/null`); an empty string when
  /// they are equal. Contents that are not UTF-8 give one line saying the files differ.
  public static func render(old: [UInt8]?, new: [UInt8]?, oldName: String, newName: String)
    -> String
  {
    if old == new { return "" }
    let header =
      "--- \(old == nil ? "/dev/null" : oldName)\n+++ \(new == nil ? "/dev/null" : newName)\n"
    guard UTF8Check.problem(old ?? []) == nil, UTF8Check.problem(new ?? []) == nil else {
      return header + "Binary files differ\n"
    }
    let a = lines(old ?? [])
    let b = lines(new ?? [])
    // A last line without a newline differs from the same text with one.
    let script = edits(a.map(\.key), b.map(\.key))
    return header + hunks(script, a, b)
  }

  private struct Line {
    var text: String
    /// False for a last line without a newline.
    var terminated: Bool

    var key: String { terminated ? text + "\n" : text }
  }

  private static func lines(_ bytes: [UInt8]) -> [Line] {
    guard !bytes.isEmpty else { return [] }
    var parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let terminated = parts.last?.isEmpty == true
    if terminated { parts.removeLast() }
    return parts.enumerated().map { index, part in
      Line(
        text: String(decoding: part, as: UTF8.self),
        terminated: terminated || index < parts.count - 1)
    }
  }

  private enum Edit: Equatable {
    case keep(Int, Int)
    case remove(Int)
    case insert(Int)
  }

  /// A shortest edit script (Myers), as keeps, removals and insertions in order.
  private static func edits(_ a: [String], _ b: [String]) -> [Edit] {
    // Common head and tail first: most changes are small and local.
    var head = 0
    while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
    var tail = 0
    while tail < a.count - head, tail < b.count - head,
      a[a.count - 1 - tail] == b[b.count - 1 - tail]
    {
      tail += 1
    }
    let middleA = Array(a[head..<(a.count - tail)])
    let middleB = Array(b[head..<(b.count - tail)])
    var script = (0..<head).map { Edit.keep($0, $0) }
    for edit in myers(middleA, middleB) {
      switch edit {
      case .keep(let i, let j): script.append(.keep(i + head, j + head))
      case .remove(let i): script.append(.remove(i + head))
      case .insert(let j): script.append(.insert(j + head))
      }
    }
    script += (0..<tail).map { .keep(a.count - tail + $0, b.count - tail + $0) }
    return script
  }

  private static func myers(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count
    let m = b.count
    let limit = min(n + m, editsMax)
    let offset = limit + 1
    var v = [Int](repeating: 0, count: 2 * limit + 3)
    // Before each round d, the part of `v` that round reads (diagonals -d...d): the
    // trace takes O(D²) memory, bounded by `editsMax`.
    var trace: [[Int]] = []
    var found = false
    search: for d in 0...limit {
      trace.append(Array(v[(offset - d)...(offset + d)]))
      for k in stride(from: -d, through: d, by: 2) {
        var x =
          (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
          ? v[offset + k + 1] : v[offset + k - 1] + 1
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n, y >= m {
          found = true
          break search
        }
      }
    }
    guard found else {
      // Too different: everything out, everything in.
      return (0..<n).map { .remove($0) } + (0..<m).map { .insert($0) }
    }
    // Walk the trace back from the end.
    var script: [Edit] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let v = trace[d]
      let k = x - y
      let previousK =
        (k == -d || (k != d && v[d + k - 1] < v[d + k + 1])) ? k + 1 : k - 1
      let previousX = d == 0 ? 0 : v[d + previousK]
      let previousY = previousX - previousK
      while x > previousX, y > previousY {
        x -= 1
        y -= 1
        script.append(.keep(x, y))
      }
      if d > 0 {
        if x == previousX {
          y -= 1
          script.append(.insert(y))
        } else {
          x -= 1
          script.append(.remove(x))
        }
      }
    }
    return script.reversed()
  }

  /// Groups the script into hunks with `contextLines` of context around each change.
  private static func hunks(_ script: [Edit], _ a: [Line], _ b: [Line]) -> String {
    let changed = script.indices.filter {
      if case .keep = script[$0] { return false }
      return true
    }
    var text = ""
    var index = 0
    while index < changed.count {
      var first = max(changed[index] - contextLines, 0)
      var last = min(changed[index] + contextLines, script.count - 1)
      // Join changes whose contexts touch.
      while index + 1 < changed.count, changed[index + 1] - contextLines <= last + 1 {
        index += 1
        last = min(changed[index] + contextLines, script.count - 1)
      }
      first = max(first, 0)
      let slice = script[first...last]
      let (oldStart, newStart) = position(of: slice.first!, in: script, before: first)
      let oldCount = slice.filter { if case .insert = $0 { return false } else { return true } }
        .count
      let newCount = slice.filter { if case .remove = $0 { return false } else { return true } }
        .count
      text +=
        "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
      for edit in slice {
        switch edit {
        case .keep(let i, _): text += line(" ", a[i])
        case .remove(let i): text += line("-", a[i])
        case .insert(let j): text += line("+", b[j])
        }
      }
      index += 1
    }
    return text
  }

  /// The 1-based old and new line numbers where a hunk starting at `first` begins.
  private static func position(of edit: Edit, in script: [Edit], before first: Int) -> (Int, Int) {
    var old = 0
    var new = 0
    for earlier in script[..<first] {
      switch earlier {
      case .keep: (old, new) = (old + 1, new + 1)
      case .remove: old += 1
      case .insert: new += 1
      }
    }
    return (old + 1, new + 1)
  }

  /// `start,count` as unified diffs write it: `start` alone for one line, and the line
  /// before for none.
  private static func range(_ start: Int, _ count: Int) -> String {
    switch count {
    case 0: return "\(start - 1),0"
    case 1: return "\(start)"
    default: return "\(start),\(count)"
    }
  }

  private static func line(_ marker: String, _ line: Line) -> String {
    marker + line.text + "\n" + (line.terminated ? "" : "\\ No newline at end of file\n")
  }
}
