import CairnUI
import Testing

@Suite struct TerminalModesTests {
  static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func enterSetsCodexsModesAndPushesKittyFlagsOnlyWhenAnswered() {
    let plain = Self.text(TerminalModes(kittyKeyboard: false).enter)
    #expect(plain == "\u{1B}[?2004h\u{1B}[>4;0m\u{1B}[?1004h\u{1B}[?25l\u{1B}[0 q")
    let kitty = Self.text(TerminalModes(kittyKeyboard: true).enter)
    #expect(kitty == "\u{1B}[?2004h\u{1B}[>4;0m\u{1B}[>7u\u{1B}[?1004h\u{1B}[?25l\u{1B}[0 q")
  }

  @Test func leaveUndoesEnter() {
    let plain = Self.text(TerminalModes(kittyKeyboard: false).leave)
    #expect(!plain.contains("<1u"))
    let kitty = Self.text(TerminalModes(kittyKeyboard: true).leave)
    #expect(kitty.hasPrefix("\u{1B}[0m\u{1B}[<1u"))
    for mode in ["\u{1B}[?2004l", "\u{1B}[?1004l", "\u{1B}[?25h", "\u{1B}[0 q"] {
      #expect(plain.contains(mode) && kitty.contains(mode), "\(mode.dropFirst())")
    }
  }

  @Test func startupQueriesAskForTheCursorTheKittyFlagsAndDeviceAttributes() {
    #expect(Self.text(TerminalModes.startupQueries) == "\u{1B}[6n\u{1B}[?u\u{1B}[c")
    #expect(
      TerminalModes.startupQueries
        == TerminalModes.cursorPositionQuery + TerminalModes.kittyKeyboardQuery
        + TerminalModes.primaryDeviceAttributesQuery)
  }

  @Test func alternateScreenEntersAndLeavesWithAlternateScroll() {
    #expect(Self.text(AlternateScreen.enter) == "\u{1B}[?1049h\u{1B}[?1007h")
    #expect(Self.text(AlternateScreen.leave) == "\u{1B}[?1007l\u{1B}[?1049l")
  }

  @Test func theTitleDropsControlCharacters() {
    #expect(Self.text(TerminalModes.title("cairn — 日本")) == "\u{1B}]0;cairn — 日本\u{07}")
    let hostile = "a\u{07}b\u{1B}]0;evil\u{9C}c\u{7F}\nd"
    #expect(Self.text(TerminalModes.title(hostile)) == "\u{1B}]0;ab]0;evilcd\u{07}")
  }
}
