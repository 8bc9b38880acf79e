import Testing

@testable import CairnUI

@Suite struct PasteBurstTests {
  static let millisecond: Int64 = 1_000_000

  @Test func enterRightAfterAFastBurstIsPartOfThePaste() {
    var burst = PasteBurst()
    for index in 0..<5 { burst.noteCharacter(at: Int64(index) * 2 * PasteBurstTests.millisecond) }
    #expect(burst.isActive(at: 10 * PasteBurstTests.millisecond))
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 10 * PasteBurstTests.millisecond)
      #expect(inPaste)
    }
    // The Enter continues the burst: the next line's Enter still belongs to it.
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 100 * PasteBurstTests.millisecond)
      #expect(inPaste)
    }
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 400 * PasteBurstTests.millisecond)
      #expect(!inPaste)
    }
    #expect(!burst.isActive(at: 400 * PasteBurstTests.millisecond))
  }

  @Test func charactersOfOneReadAreABurst() {
    var burst = PasteBurst()
    for _ in 0..<3 { burst.noteCharacter(at: 50 * PasteBurstTests.millisecond) }
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 50 * PasteBurstTests.millisecond)
      #expect(inPaste)
    }
  }

  @Test func typingSpeedIsNotABurst() {
    var burst = PasteBurst()
    for index in 0..<20 { burst.noteCharacter(at: Int64(index) * 40 * PasteBurstTests.millisecond) }
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 800 * PasteBurstTests.millisecond)
      #expect(!inPaste)
    }
  }

  @Test func twoFastCharactersAreNotABurst() {
    var burst = PasteBurst()
    burst.noteCharacter(at: 0)
    burst.noteCharacter(at: PasteBurstTests.millisecond)
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 2 * PasteBurstTests.millisecond)
      #expect(!inPaste)
    }
  }

  @Test func theThresholdsAreInclusive() {
    var burst = PasteBurst()
    for index in 0..<3 {
      burst.noteCharacter(at: Int64(index) * PasteBurst.characterIntervalNanosecondsMax)
    }
    let last = 2 * PasteBurst.characterIntervalNanosecondsMax
    #expect(burst.isActive(at: last + PasteBurst.enterWindowNanoseconds))
    #expect(!burst.isActive(at: last + PasteBurst.enterWindowNanoseconds + 1))

    var slower = PasteBurst()
    for index in 0..<3 {
      slower.noteCharacter(at: Int64(index) * (PasteBurst.characterIntervalNanosecondsMax + 1))
    }
    #expect(!slower.isActive(at: 0))
  }

  @Test func anotherKeyEndsTheBurst() {
    var burst = PasteBurst()
    for _ in 0..<4 { burst.noteCharacter(at: 0) }
    burst.reset()
    do {
      let inPaste = burst.enterIsPartOfPaste(at: 1)
      #expect(!inPaste)
    }
  }
}
