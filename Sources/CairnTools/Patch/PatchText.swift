/// The text operations the patch format is defined with, on Unicode scalars and UTF-8
/// bytes rather than Swift's grapheme clusters (where `\r\n` is one character and `==`
/// ignores differences the format must see).
enum PatchText {
  /// The lines of `text`: split at `\n`, one `\r` before it dropped, and no empty line
  /// after a final `\n` (as Rust's `str::lines`, which Codex splits patches with).
  static func lines(_ text: String) -> [String] {
    var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines.map { line in
      let body = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
      return String(decoding: body, as: UTF8.self)
    }
  }

  /// `text` without leading and trailing white space (Unicode `White_Space`).
  static func trimmed(_ text: String) -> String {
    trimming(text, leading: true, trailing: true)
  }

  /// `text` without trailing white space.
  static func trimmedEnd(_ text: String) -> String {
    trimming(text, leading: false, trailing: true)
  }

  private static func trimming(_ text: String, leading: Bool, trailing: Bool) -> String {
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    if leading {
      while start < end, scalars[start].properties.isWhitespace {
        scalars.formIndex(after: &start)
      }
    }
    if trailing {
      while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
        scalars.formIndex(before: &end)
      }
    }
    if start == scalars.startIndex, end == scalars.endIndex { return text }
    return String(scalars[start..<end])
  }

  /// Byte equality: no Unicode normalisation.
  static func same(_ a: String, _ b: String) -> Bool {
    a.utf8.elementsEqual(b.utf8)
  }

  /// `line` after `prefix`, or nil when it does not start with it (byte-wise).
  static func removingPrefix(_ prefix: String, from line: String) -> String? {
    guard line.utf8.starts(with: prefix.utf8) else { return nil }
    return String(decoding: line.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
  }

  /// The first byte of `line`, if any.
  static func firstByte(_ line: String) -> UInt8? { line.utf8.first }

  /// `line` without its first byte (an ASCII marker).
  static func droppingFirstByte(_ line: String) -> String {
    String(decoding: line.utf8.dropFirst(), as: UTF8.self)
  }
}
