import Testing

@testable import CairnUI

@Suite struct ComposerHistoryTests {
  @Test func upWalksBackAndDownForwardToTheDraft() {
    var history = ComposerHistory(entries: ["first", "second\nline", "third"])
    var composer = buffer("dr|aft")
    do {
      let changed = history.moveUp(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "|third")
    #expect(history.position == 2)
    do {
      let changed = history.moveUp(&composer)
      #expect(changed)
    }
    // A multi-line prompt comes with the cursor at its start, so Up goes on back.
    #expect(marked(composer) == "|second\nline")
    do {
      let changed = history.moveUp(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "|first")
    do {
      let changed = history.moveUp(&composer)
      #expect(!changed)
    }
    #expect(marked(composer) == "|first")

    do {
      let changed = history.moveDown(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "second\nline|")
    do {
      let changed = history.moveDown(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "third|")
    do {
      let changed = history.moveDown(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "dr|aft")
    #expect(history.position == nil)
    do {
      let changed = history.moveDown(&composer)
      #expect(!changed)
    }
    #expect(marked(composer) == "dr|aft")
  }

  @Test func upOffTheFirstLineMovesTheCursor() {
    var history = ComposerHistory(entries: ["old"])
    var composer = buffer("one\ntw|o")
    do {
      let changed = history.moveUp(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "on|e\ntwo")
    #expect(history.position == nil)
    do {
      let changed = history.moveUp(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "|old")
  }

  @Test func downInsideARecalledPromptMovesTheCursorFirst() {
    var history = ComposerHistory(entries: ["a\nb", "c"])
    var composer = buffer("|")
    history.moveUp(&composer)
    history.moveUp(&composer)
    #expect(marked(composer) == "|a\nb")
    do {
      let changed = history.moveDown(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "a\n|b")
    #expect(history.position == 0)
    do {
      let changed = history.moveDown(&composer)
      #expect(changed)
    }
    #expect(marked(composer) == "c|")
  }

  @Test func anEmptyHistoryLeavesTheBufferAlone() {
    var history = ComposerHistory()
    var composer = buffer("x|")
    do {
      let changed = history.moveUp(&composer)
      #expect(!changed)
    }
    do {
      let changed = history.moveDown(&composer)
      #expect(!changed)
    }
    #expect(marked(composer) == "x|")
  }

  @Test func recordAddsANewestEntryAndEndsTheWalk() {
    var history = ComposerHistory(entries: ["one"])
    var composer = buffer("|")
    history.moveUp(&composer)
    history.record("two")
    history.record("two")
    history.record("")
    #expect(history.entries == ["one", "two"])
    #expect(history.position == nil)
    var fresh = buffer("|")
    history.moveUp(&fresh)
    #expect(fresh.text == "two")
  }

  @Test func editsToARecalledPromptAreKeptDuringTheWalk() {
    var history = ComposerHistory(entries: ["one", "two"])
    var composer = buffer("dr|aft")
    history.moveUp(&composer)
    composer.apply(.moveLineEnd)
    composer.apply(.insert("!"))
    history.moveUp(&composer)
    #expect(marked(composer) == "|one")
    history.moveDown(&composer)
    #expect(marked(composer) == "two!|")
    history.moveDown(&composer)
    #expect(marked(composer) == "dr|aft")
    history.moveUp(&composer)
    #expect(marked(composer) == "two!|")
    // A submit ends the walk and forgets the edits; the entries never change.
    history.record("new")
    var fresh = buffer("|")
    history.moveUp(&fresh)
    history.moveUp(&fresh)
    #expect(marked(fresh) == "|two")
    #expect(history.entries == ["one", "two", "new"])
  }
}
