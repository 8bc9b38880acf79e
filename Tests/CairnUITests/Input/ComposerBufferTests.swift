import Testing

@testable import CairnUI

/// A buffer with the cursor where `|` is in `marked`.
func buffer(_ marked: String) -> ComposerBuffer {
  // Split bytes, not characters: `|` before a combining mark is one grapheme with it.
  let utf8 = Array(marked.utf8)
  guard let bar = utf8.firstIndex(of: UInt8(ascii: "|")) else {
    preconditionFailure("mark the cursor with |")
  }
  let text = String(decoding: utf8[..<bar] + utf8[(bar + 1)...], as: UTF8.self)
  return ComposerBuffer(text: text, cursor: bar)
}

/// The buffer's text with `|` at the cursor.
func marked(_ buffer: ComposerBuffer) -> String {
  let utf8 = Array(buffer.text.utf8)
  return String(decoding: utf8[..<buffer.cursor], as: UTF8.self) + "|"
    + String(decoding: utf8[buffer.cursor...], as: UTF8.self)
}

/// Applies edits in turn and gives the result with its cursor marked.
func after(_ edits: [ComposerEdit], on start: String) -> String {
  var composer = buffer(start)
  for edit in edits { composer.apply(edit) }
  return marked(composer)
}

@Suite struct ComposerBufferTests {
  @Test func typingInsertsAtTheCursor() {
    #expect(after([.insert("a"), .insert("b")], on: "|") == "ab|")
    #expect(after([.insert("X")], on: "he|llo") == "heX|llo")
    #expect(after([.insert("日本")], on: "a|b") == "a日本|b")
  }

  @Test func pasteKeepsLineBreaksAndDropsCarriageReturns() {
    #expect(after([.insert("one\r\ntwo\rthree\n")], on: "|") == "one\ntwo\nthree\n|")
    #expect(after([.insertNewline, .insert("x")], on: "a|b") == "a\nx|b")
  }

  @Test func theInitialCursorIsClampedAndOnABoundary() {
    #expect(ComposerBuffer(text: "abc").cursor == 3)
    #expect(ComposerBuffer(text: "abc", cursor: 99).cursor == 3)
    #expect(ComposerBuffer(text: "abc", cursor: -4).cursor == 0)
    // Inside é (e + U+0301, 3 bytes) and inside 日 (3 bytes): back to the boundary.
    #expect(ComposerBuffer(text: "e\u{301}x", cursor: 1).cursor == 0)
    #expect(ComposerBuffer(text: "a日", cursor: 2).cursor == 1)
    #expect(ComposerBuffer(text: "a\r\nb").text == "a\nb")
  }

  @Test func backspaceAndDeleteTakeWholeGraphemes() {
    #expect(after([.deleteBackward], on: "ae\u{301}|") == "a|")
    #expect(after([.deleteBackward], on: "x👩‍💻|y") == "x|y")
    #expect(after([.deleteBackward], on: "🇫🇷🇩🇪|") == "🇫🇷|")
    #expect(after([.deleteBackward], on: "日本|語") == "日|語")
    #expect(after([.deleteForward], on: "|👍🏽!") == "|!")
    #expect(after([.deleteForward], on: "|e\u{301}\u{302}z") == "|z")
    #expect(after([.deleteBackward], on: "|abc") == "|abc")
    #expect(after([.deleteForward], on: "abc|") == "abc|")
    #expect(after([.deleteBackward], on: "a\n|b") == "a|b")
  }

  @Test func leftAndRightStepOverWholeGraphemes() {
    var composer = buffer("|e\u{301}👩‍💻日🇫🇷")
    var offsets: [Int] = []
    for _ in 0..<6 {
      composer.apply(.moveRight)
      offsets.append(composer.cursor)
    }
    #expect(offsets == [3, 14, 17, 25, 25, 25])
    var back: [Int] = []
    for _ in 0..<5 {
      composer.apply(.moveLeft)
      back.append(composer.cursor)
    }
    #expect(back == [17, 14, 3, 0, 0])
  }

  @Test func aCombiningMarkTypedBeforeAGraphemeLeavesTheCursorAfterIt() {
    // Typing e before a lone combining mark makes one grapheme; the cursor goes after it.
    #expect(after([.insert("e")], on: "|\u{301}y") == "e\u{301}|y")
    // A combining mark typed after a letter joins it.
    #expect(after([.insert("\u{301}")], on: "e|z") == "e\u{301}|z")
  }

  @Test func deletingBetweenJoinersKeepsTheCursorOnABoundary() {
    // Deleting the line break lets e and the combining mark join: the cursor moves back
    // before é.
    var composer = buffer("e\n|\u{301}")
    composer.apply(.deleteBackward)
    #expect(composer.text == "e\u{301}")
    #expect(composer.cursor == 0)
  }

  @Test func typingAtTheEndOfALongLineStaysOnBoundaries() {
    var composer = ComposerBuffer(text: String(repeating: "ab日👍🏽", count: 10_000))
    composer.apply(.insert("\u{301}"))
    composer.apply(.insert("x"))
    #expect(composer.text.hasSuffix("👍🏽\u{301}x"))
    #expect(composer.cursor == composer.text.utf8.count)
    composer.apply(.moveLeft)
    composer.apply(.moveLeft)
    #expect(
      String(decoding: Array(composer.text.utf8)[composer.cursor...], as: UTF8.self) == "👍🏽\u{301}x")
  }

  @Test func wordMotions() {
    #expect(after([.moveWordLeft], on: "hello world|") == "hello |world")
    #expect(after([.moveWordLeft, .moveWordLeft], on: "hello world  |") == "|hello world  ")
    #expect(after([.moveWordLeft], on: "path/to.file|") == "path/to.|file")
    #expect(after([.moveWordLeft], on: "a foo_bar|") == "a |foo_bar")
    #expect(after([.moveWordRight], on: "|  hello world") == "  hello| world")
    #expect(after([.moveWordRight], on: "hello|, world") == "hello,| world")
    #expect(after([.moveWordRight], on: "one|\ntwo") == "one\ntwo|")
    #expect(after([.moveWordLeft], on: "日本語 テスト|") == "日本語 |テスト")
    #expect(after([.moveWordLeft], on: "hi 👩‍💻👍🏽|") == "hi |👩‍💻👍🏽")
  }

  @Test func wordDeletionsFillTheKillBuffer() {
    var composer = buffer("git commit -m|")
    composer.apply(.deleteWordBackward)
    #expect(marked(composer) == "git commit -|")
    #expect(composer.killBuffer == "m")
    composer.apply(.deleteWordBackward)
    composer.apply(.deleteWordBackward)
    #expect(marked(composer) == "git |")
    #expect(composer.killBuffer == "commit ")
    #expect(after([.deleteWordForward], on: "a|  bc d") == "a| d")
    #expect(
      after([.deleteWordForward, .yank], on: "|e\u{301}t\u{301}é rest") == "e\u{301}t\u{301}é| rest"
    )
  }

  @Test func lineStartAndEnd() {
    #expect(after([.moveLineStart], on: "one\ntw|o\nthree") == "one\n|two\nthree")
    #expect(after([.moveLineEnd], on: "one\nt|wo\nthree") == "one\ntwo|\nthree")
    #expect(after([.moveLineStart], on: "ab|c") == "|abc")
    #expect(after([.moveLineEnd], on: "|abc") == "abc|")
  }

  @Test func killToLineEndAndYank() {
    var composer = buffer("say |hello\nworld")
    composer.apply(.killToLineEnd)
    #expect(marked(composer) == "say |\nworld")
    #expect(composer.killBuffer == "hello")
    // At the end of a line the line break goes.
    composer.apply(.killToLineEnd)
    #expect(marked(composer) == "say |world")
    #expect(composer.killBuffer == "\n")
    composer.apply(.moveLineEnd)
    composer.apply(.insert(" "))
    composer.apply(.yank)
    #expect(marked(composer) == "say world \n|")
    #expect(after([.killToLineEnd], on: "end|") == "end|")
  }

  @Test func killToLineStart() {
    var composer = buffer("one\ntwo th|ree")
    composer.apply(.killToLineStart)
    #expect(marked(composer) == "one\n|ree")
    #expect(composer.killBuffer == "two th")
    composer.apply(.killToLineStart)
    #expect(marked(composer) == "one|ree")
    #expect(after([.killToLineStart], on: "|x") == "|x")
  }

  @Test func upAndDownKeepThePreferredColumn() {
    var composer = buffer("abcdef|\nxy\n12345678")
    composer.apply(.moveDown)
    #expect(marked(composer) == "abcdef\nxy|\n12345678")
    composer.apply(.moveDown)
    #expect(marked(composer) == "abcdef\nxy\n123456|78")
    composer.apply(.moveUp)
    composer.apply(.moveUp)
    #expect(marked(composer) == "abcdef|\nxy\n12345678")
    // Past the first or last line, nothing moves.
    do {
      let changed = composer.apply(.moveUp)
      #expect(!changed)
    }
    #expect(after([.moveDown], on: "a\nb|c") == "a\nb|c")
    // Any other edit forgets the preferred column.
    #expect(after([.moveDown, .moveLeft, .moveUp], on: "abcdef|\nxy\nz") == "a|bcdef\nxy\nz")
  }

  @Test func upAndDownCountTerminalColumns() {
    // 日本 is 4 columns: column 4 on the line below lands after 本, column 3 before it.
    #expect(after([.moveDown], on: "abcd|\n日本語") == "abcd\n日本|語")
    #expect(after([.moveDown], on: "abc|\n日本語") == "abc\n日|本語")
    #expect(after([.moveUp], on: "e\u{301}e\u{301}x\nab|cd") == "e\u{301}e\u{301}|x\nabcd")
    #expect(after([.moveUp], on: "👩‍💻👍🏽\nabc|") == "👩‍💻|👍🏽\nabc")
  }

  @Test func firstAndLastLine() {
    #expect(buffer("ab|c").isCursorOnFirstLine)
    #expect(buffer("ab|c").isCursorOnLastLine)
    #expect(!buffer("a\nb|").isCursorOnFirstLine)
    #expect(buffer("a|\nb").isCursorOnFirstLine)
    #expect(!buffer("a|\nb").isCursorOnLastLine)
  }

  @Test func applyReportsChanges() {
    var composer = buffer("|")
    do {
      let changed = composer.apply(.deleteBackward)
      #expect(!changed)
    }
    do {
      let changed = composer.apply(.moveLeft)
      #expect(!changed)
    }
    do {
      let changed = composer.apply(.insert("x"))
      #expect(changed)
    }
    do {
      let changed = composer.apply(.moveLeft)
      #expect(changed)
    }
    do {
      let changed = composer.apply(.insert(""))
      #expect(!changed)
    }
  }

  @Test func clearAndSetTextKeepTheKillBuffer() {
    var composer = buffer("drop |this")
    composer.apply(.killToLineEnd)
    composer.clear()
    #expect(composer.text.isEmpty && composer.cursor == 0 && composer.isEmpty)
    composer.setText("new 日", cursor: 5)
    #expect(marked(composer) == "new |日")
    composer.apply(.yank)
    #expect(marked(composer) == "new this|日")
  }
}
