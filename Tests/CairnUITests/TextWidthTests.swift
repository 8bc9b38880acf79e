import Testing

@testable import CairnUI

/// Widths as terminals (xterm, kitty, tmux) draw them.
@Suite struct TextWidthTests {
  @Test func asciiIsOneColumnAByteAndControlsNone() {
    #expect(TextWidth.columns("hello, world") == 12)
    #expect(TextWidth.columns("a\tb") == 2)
    #expect(TextWidth.columns("") == 0)
    #expect(TextWidth.columns(Unicode.Scalar(0x1B)!) == 0)
    #expect(TextWidth.columns(Unicode.Scalar(0x85)!) == 0)
  }

  @Test func combiningMarksTakeNoColumn() {
    #expect(TextWidth.columns("e\u{301}") == 1)
    #expect(TextWidth.columns("he\u{301}llo\u{308}") == 5)
    #expect(TextWidth.columns(Unicode.Scalar(0x301)!) == 0)
    #expect(TextWidth.columns(Unicode.Scalar(0x200D)!) == 0)
    #expect(TextWidth.columns(Unicode.Scalar(0x200B)!) == 0)
    // The soft hyphen is drawn as a hyphen.
    #expect(TextWidth.columns(Unicode.Scalar(0xAD)!) == 1)
  }

  @Test func eastAsianWideAndFullWidthTakeTwo() {
    #expect(TextWidth.columns("日本語") == 6)
    #expect(TextWidth.columns("ｈｉ") == 4)
    #expect(TextWidth.columns("한국어") == 6)
    // Decomposed Hangul: the leading jamo is wide, the vowel and final join it.
    #expect(TextWidth.columns("\u{1112}\u{1161}\u{11AB}") == 2)
    // Half-width katakana and ambiguous-width characters take one.
    #expect(TextWidth.columns("ｶ") == 1)
    #expect(TextWidth.columns("→·") == 2)
  }

  @Test func emojiTakeTwoWhateverTheirSequence() {
    #expect(TextWidth.columns("👍") == 2)
    #expect(TextWidth.columns("👍🏽") == 2)
    #expect(TextWidth.columns("👩‍💻") == 2)
    #expect(TextWidth.columns("🇫🇷") == 2)
    #expect(TextWidth.columns("❤️") == 2)
    // Without the variation selector U+2764 is text presentation: one column.
    #expect(TextWidth.columns("❤") == 1)
    #expect(TextWidth.columns("ok 👍!") == 6)
  }

  @Test func aPrefixNeverSplitsAWideCharacter() {
    let (text, columns) = TextWidth.prefix("ab日本", fitting: 3)
    #expect(text == "ab")
    #expect(columns == 2)
    #expect(TextWidth.prefix("ab日本", fitting: 4) == ("ab日", 4))
    #expect(TextWidth.prefix("e\u{301}x", fitting: 1).text == "e\u{301}")
    #expect(TextWidth.prefix("anything", fitting: 0).columns == 0)
  }

  @Test func theTablesAreSortedAndDisjoint() {
    // Binary search needs it; a generator change that breaks it fails here.
    for table in [TextWidthTables.zeroWidth, TextWidthTables.wide, TextWidthTables.pictographic] {
      #expect(!table.isEmpty)
      for (earlier, later) in zip(table, table.dropFirst()) {
        #expect(earlier.upperBound < later.lowerBound, "\(earlier) then \(later)")
      }
    }
    #expect(TextWidth.columns(Unicode.Scalar(0x36F)!) == 0)
    #expect(TextWidth.columns(Unicode.Scalar(0x9FFF)!) == 2)
    #expect(TextWidth.columns(Unicode.Scalar(0x1F600)!) == 2)
  }
}
