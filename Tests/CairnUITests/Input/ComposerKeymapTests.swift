import Testing

@testable import CairnUI

@Suite struct ComposerKeymapTests {
  func edit(_ key: Key, _ modifiers: KeyModifiers = [], empty: Bool = false) -> ComposerEdit? {
    ComposerKeymap.edit(for: KeyPress(key, modifiers), composerIsEmpty: empty)
  }

  @Test func charactersInsertThemselves() {
    #expect(edit(.character("a")) == .insert("a"))
    #expect(edit(.character("A"), .shift) == .insert("A"))
    #expect(edit(.character("日")) == .insert("日"))
    #expect(edit(.character("/"), empty: true) == .insert("/"))
    #expect(edit(.character("?")) == .insert("?"))
    // `?` in an empty composer toggles the shortcut help: the controller's.
    #expect(edit(.character("?"), empty: true) == nil)
  }

  @Test func emacsControlKeys() {
    #expect(edit(.character("a"), .control) == .moveLineStart)
    #expect(edit(.character("e"), .control) == .moveLineEnd)
    #expect(edit(.character("b"), .control) == .moveLeft)
    #expect(edit(.character("f"), .control) == .moveRight)
    #expect(edit(.character("p"), .control) == .moveUp)
    #expect(edit(.character("n"), .control) == .moveDown)
    #expect(edit(.character("h"), .control) == .deleteBackward)
    #expect(edit(.character("w"), .control) == .deleteWordBackward)
    #expect(edit(.character("k"), .control) == .killToLineEnd)
    #expect(edit(.character("u"), .control) == .killToLineStart)
    #expect(edit(.character("y"), .control) == .yank)
    #expect(edit(.character("j"), .control) == .insertNewline)
    #expect(edit(.character("d"), .control) == .deleteForward)
    #expect(edit(.character("d"), .control, empty: true) == nil)
  }

  @Test func altWordKeys() {
    #expect(edit(.character("b"), .alt) == .moveWordLeft)
    #expect(edit(.character("f"), .alt) == .moveWordRight)
    #expect(edit(.character("d"), .alt) == .deleteWordForward)
    #expect(edit(.backspace, .alt) == .deleteWordBackward)
    #expect(edit(.backspace, .control) == .deleteWordBackward)
    #expect(edit(.delete, .control) == .deleteWordForward)
    #expect(edit(.left, .control) == .moveWordLeft)
    #expect(edit(.right, .alt) == .moveWordRight)
  }

  @Test func navigationKeys() {
    #expect(edit(.left) == .moveLeft)
    #expect(edit(.right, .shift) == .moveRight)
    #expect(edit(.home) == .moveLineStart)
    #expect(edit(.end) == .moveLineEnd)
    #expect(edit(.up) == .moveUp)
    #expect(edit(.down) == .moveDown)
    #expect(edit(.backspace) == .deleteBackward)
    #expect(edit(.delete) == .deleteForward)
  }

  @Test func enterSubmitsUnlessModified() {
    #expect(edit(.enter) == nil)
    #expect(edit(.enter, .shift) == .insertNewline)
    #expect(edit(.enter, .alt) == .insertNewline)
    #expect(edit(.enter, .control) == .insertNewline)
  }

  @Test func controllerKeysAreNotEdits() {
    let controllerKeys: [KeyPress] = [
      KeyPress(.escape), KeyPress(.tab), KeyPress(.tab, .shift),
      KeyPress(.character("c"), .control), KeyPress(.character("t"), .control),
      KeyPress(.character("r"), .control), KeyPress(.character("g"), .control),
      KeyPress(.character("v"), .control), KeyPress(.character("l"), .control),
      KeyPress(.character(","), .alt), KeyPress(.character("."), .alt),
      KeyPress(.character("c"), .super), KeyPress(.pageUp), KeyPress(.pageDown),
      KeyPress(.function(1)), KeyPress(.insert), KeyPress(.character("a"), [.control, .shift]),
    ]
    for press in controllerKeys {
      #expect(ComposerKeymap.edit(for: press, composerIsEmpty: false) == nil, "\(press)")
    }
  }

  @Test func releasesAreNotEditsButRepeatsAre() {
    #expect(
      ComposerKeymap.edit(for: KeyPress(.character("a"), kind: .release), composerIsEmpty: false)
        == nil)
    #expect(
      ComposerKeymap.edit(for: KeyPress(.backspace, kind: .repeat), composerIsEmpty: false)
        == .deleteBackward)
  }

  @Test func decodedKeysDriveTheBuffer() {
    // Bytes through the decoder and keymap into the buffer, as the controller will do.
    var composer = ComposerBuffer()
    let bytes = terminalBytes("héllo wörld\u{1B}b\u{17}\u{05} \u{19}\u{1B}[1;5D日本\u{0A}x")
    for event in decodeAll(bytes) {
      guard case .key(let press) = event,
        let edit = ComposerKeymap.edit(for: press, composerIsEmpty: composer.isEmpty)
      else { continue }
      composer.apply(edit)
    }
    #expect(marked(composer) == "wörld 日本\nx|héllo ")
  }
}
