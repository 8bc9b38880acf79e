/// A line diff of one file's contents, in hunks with a few lines of context, as a patch
/// cell draws it under its summary (`    1 +text`). The state keeps no contents, so a view
/// that has them (read from the `file_changed` records in the log) builds these and passes
/// them to `TranscriptCells.cells(_:includeReasoning:fileDiffs:)`.
///
/// ```swift
/// let diff = FileDiff(before: "a\nb\n", after: "a\nc\n")
/// diff.added    // 1
/// diff.removed  // 1
/// ```
public struct FileDiff: Hashable, Sendable {
  /// One line of a hunk, with its line numbers (from 1).
  public enum Line: Hashable, Sendable {
    case context(old: Int, new: Int, text: String)
    case added(new: Int, text: String)
    case removed(old: Int, text: String)
  }

  /// Lines of context kept around each change.
  public static let contextLines = 3
  /// Above this many cells of the comparison table, the changed middle of a file is shown
  /// as removed then added instead of compared line by line (bounded time and memory).
  public static let comparisonCellsMax = 1_000_000

  public var hunks: [[Line]]
  public var added: Int
  public var removed: Int

  public init(hunks: [[Line]], added: Int, removed: Int) {
    self.hunks = hunks
    self.added = added
    self.removed = removed
  }

  /// The diff from `before` to `after` (nil: the file did not exist, or does not now).
  public init(before: String?, after: String?) {
    let old = Self.lines(before)
    let new = Self.lines(after)
    let all = Self.compare(old, new)
    added = all.count { if case .added = $0 { true } else { false } }
    removed = all.count { if case .removed = $0 { true } else { false } }
    hunks = Self.hunks(all)
  }

  private static func lines(_ text: String?) -> [String] {
    guard let text, !text.isEmpty else { return [] }
    var lines = CellText.lines(text)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Every line of both files in order: common prefix and suffix as context, the middle
  /// compared by longest common subsequence when small enough.
  private static func compare(_ old: [String], _ new: [String]) -> [Line] {
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix,
      old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    var result: [Line] = (0..<prefix).map { .context(old: $0 + 1, new: $0 + 1, text: old[$0]) }
    let oldMiddle = Array(old[prefix..<(old.count - suffix)])
    let newMiddle = Array(new[prefix..<(new.count - suffix)])
    result += middle(oldMiddle, newMiddle, oldStart: prefix + 1, newStart: prefix + 1)
    for offset in 0..<suffix {
      let oldIndex = old.count - suffix + offset
      let newIndex = new.count - suffix + offset
      result.append(.context(old: oldIndex + 1, new: newIndex + 1, text: old[oldIndex]))
    }
    return result
  }

  private static func middle(_ old: [String], _ new: [String], oldStart: Int, newStart: Int)
    -> [Line]
  {
    guard !old.isEmpty, !new.isEmpty, old.count * new.count <= comparisonCellsMax else {
      return old.enumerated().map { .removed(old: oldStart + $0, text: $1) }
        + new.enumerated().map { .added(new: newStart + $0, text: $1) }
    }
    // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
    let columns = new.count + 1
    var lengths = [Int](repeating: 0, count: (old.count + 1) * columns)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
      for j in stride(from: new.count - 1, through: 0, by: -1) {
        lengths[i * columns + j] =
          old[i] == new[j]
          ? lengths[(i + 1) * columns + j + 1] + 1
          : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
      }
    }
    var result: [Line] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count, j < new.count, old[i] == new[j] {
        result.append(.context(old: oldStart + i, new: newStart + j, text: old[i]))
        i += 1
        j += 1
      } else if j < new.count,
        i == old.count || lengths[i * columns + j + 1] > lengths[(i + 1) * columns + j]
      {
        result.append(.added(new: newStart + j, text: new[j]))
        j += 1
      } else {
        result.append(.removed(old: oldStart + i, text: old[i]))
        i += 1
      }
    }
    return result
  }

  /// The changed lines with `contextLines` around them, nearby changes in one hunk.
  private static func hunks(_ lines: [Line]) -> [[Line]] {
    let changed = lines.indices.filter {
      if case .context = lines[$0] { false } else { true }
    }
    var hunks: [[Line]] = []
    var start: Int?
    var end = 0
    for index in changed {
      let from = max(index - contextLines, 0)
      if let open = start, from <= end + 1 {
        start = open
      } else {
        if let open = start { hunks.append(Array(lines[open...end])) }
        start = from
      }
      end = min(index + contextLines, lines.count - 1)
    }
    if let open = start { hunks.append(Array(lines[open...end])) }
    return hunks
  }

  /// The hunks' rows: `N +text` added (green sign, dark green ground), `N -text` removed
  /// (red sign, dark red ground), `N  text` context; line numbers dim and right-aligned;
  /// `⋮` between hunks. Wrapped rows continue under the text.
  func rows(width: Int, indent: Int) -> [StyledLine] {
    let numberColumns = String(maxLineNumber).count
    var rows: [StyledLine] = []
    for (index, hunk) in hunks.enumerated() {
      if index > 0 {
        rows.append(StyledLine(String(repeating: " ", count: indent) + "⋮", .dim))
      }
      for line in hunk {
        let number: Int
        let sign: String
        var ground = Style.plain
        var signStyle = Style.plain
        let text: String
        switch line {
        case .context(_, let new, let body):
          (number, sign, text) = (new, " ", body)
        case .added(let new, let body):
          (number, sign, text) = (new, "+", body)
          ground = ground.background(.indexed(22))
          signStyle = ground.foreground(.green)
        case .removed(let old, let body):
          (number, sign, text) = (old, "-", body)
          ground = ground.background(.indexed(52))
          signStyle = ground.foreground(.red)
        }
        let digits = String(number)
        let padding = String(repeating: " ", count: indent + numberColumns - digits.count)
        var dimGround = ground
        dimGround.dim = true
        let gutter = StyledLine([Span(padding, ground), Span(digits + " ", dimGround)])
        let hang = StyledLine(String(repeating: " ", count: gutter.columns + 1), ground)
        rows += CellText.wrap(
          StyledLine([Span(sign, signStyle), Span(text, ground)]), width: width, first: gutter,
          rest: hang)
      }
    }
    return rows
  }

  private var maxLineNumber: Int {
    var largest = 1
    for hunk in hunks {
      for line in hunk {
        switch line {
        case .context(let old, let new, _): largest = max(largest, old, new)
        case .added(let new, _): largest = max(largest, new)
        case .removed(let old, _): largest = max(largest, old)
        }
      }
    }
    return largest
  }
}
