/// How many terminal columns text takes, as terminals draw it: combining marks and format
/// characters take none, East Asian wide and full-width characters and emoji take two,
/// everything else one. The tables come from Unicode 15.0 data
/// (tools/generate-text-widths); pure, no locale.
///
/// ```swift
/// TextWidth.columns("héllo")   // 5 (é may be e + U+0301)
/// TextWidth.columns("日本")     // 4
/// TextWidth.columns("👍🏽")      // 2 (one grapheme: emoji + skin tone)
/// TextWidth.columns("❤️")      // 2 (U+2764 with the emoji variation selector)
/// ```
public enum TextWidth {
  /// Columns of one scalar on its own: 0, 1 or 2. C0 and C1 controls count 0: views
  /// replace them before drawing.
  public static func columns(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value < 0x20 ? 0 : 1 }
    if value < 0xA0 { return 0 }
    if contains(TextWidthTables.zeroWidth, value) { return 0 }
    return contains(TextWidthTables.wide, value) ? 2 : 1
  }

  /// Columns of one grapheme cluster (a `Character`): its first scalar that takes room,
  /// made two columns by U+FE0F after a pictographic scalar or by a pair of regional
  /// indicators (a flag), never more than two.
  public static func columns(_ character: Character) -> Int {
    var width = 0
    var pictographicBase = false
    var regionalIndicators = 0
    for scalar in character.unicodeScalars {
      let value = scalar.value
      if value >= 0x1F1E6 && value <= 0x1F1FF { regionalIndicators += 1 }
      if value == 0xFE0F && pictographicBase { width = 2 }
      if width == 0 {
        width = columns(scalar)
        pictographicBase = contains(TextWidthTables.pictographic, value)
      }
    }
    if regionalIndicators >= 2 { width = 2 }
    return min(width, 2)
  }

  /// Columns of a string, grapheme by grapheme.
  public static func columns(_ text: some StringProtocol) -> Int {
    var total = 0
    // ASCII without controls is one column a byte: no grapheme breaking needed.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    for character in text { total += columns(character) }
    return total
  }

  /// The longest prefix of `text` that fits in `limit` columns, and its width. A wide
  /// grapheme that would straddle the limit is left out whole.
  public static func prefix(_ text: String, fitting limit: Int) -> (text: Substring, columns: Int) {
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let width = columns(text[index])
      if used + width > limit { break }
      used += width
      end = text.index(after: index)
    }
    return (text[..<end], used)
  }

  static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      let range = ranges[middle]
      if value < range.lowerBound {
        high = middle - 1
      } else if value > range.upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }
}
