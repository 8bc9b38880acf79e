/// Finds a chunk's lines in a file the way Codex does, from strict to loose: exactly, then
/// ignoring trailing white space, then ignoring white space at both ends, then also
/// treating typographic punctuation (dashes, curly quotes, odd spaces) as its ASCII form.
/// The first pass that matches anywhere wins, and within a pass the earliest position.
enum LineSeeker {
  /// The index in `lines` where `pattern` starts, at or after `start`; nil when it is
  /// nowhere. An empty pattern matches at `start`. With `endOfFile`, only a match that
  /// ends the file counts.
  static func seek(_ lines: [String], _ pattern: [String], from start: Int, endOfFile: Bool)
    -> Int?
  {
    guard !pattern.isEmpty else { return start }
    guard pattern.count <= lines.count else { return nil }
    let last = lines.count - pattern.count
    let first = endOfFile ? last : start
    guard first <= last else { return nil }
    let passes: [(String) -> String] = [
      { $0 }, PatchText.trimmedEnd, PatchText.trimmed, normalised,
    ]
    for pass in passes {
      // Each line is transformed once per pass, so a pass costs one walk of the file plus
      // the comparisons.
      let wanted = pattern.map(pass)
      let candidates = lines[first...].map(pass)
      for index in first...last {
        var matches = true
        for (offset, line) in wanted.enumerated()
        where !PatchText.same(candidates[index - first + offset], line) {
          matches = false
          break
        }
        if matches { return index }
      }
    }
    return nil
  }

  /// `text` trimmed, with typographic dashes, quotes and spaces replaced by ASCII ones.
  static func normalised(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in PatchText.trimmed(text).unicodeScalars {
      switch scalar.value {
      case 0x2010...0x2015, 0x2212: scalars.append("-")
      case 0x2018...0x201B: scalars.append("'")
      case 0x201C...0x201F: scalars.append("\"")
      case 0x00A0, 0x2002...0x200A, 0x202F, 0x205F, 0x3000: scalars.append(" ")
      default: scalars.append(scalar)
      }
    }
    return String(scalars)
  }
}
