import Testing

@testable import CairnUI

/// Bytes of a string as a terminal sends them (`"\u{1B}[A"`).
func terminalBytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Decodes bytes read at once at time 0, then lets every timeout pass.
func decodeAll(_ bytes: [UInt8], decoder: KeyDecoder = KeyDecoder()) -> [InputEvent] {
  var decoder = decoder
  var events = decoder.feed(bytes, at: 0)
  events += decoder.expire(at: Int64.max / 2)
  return events
}

func decodeAll(_ text: String) -> [InputEvent] { decodeAll(terminalBytes(text)) }

func key(_ key: Key, _ modifiers: KeyModifiers = [], kind: KeyEventKind = .press) -> InputEvent {
  .key(KeyPress(key, modifiers, kind: kind))
}

func char(_ character: Character, _ modifiers: KeyModifiers = []) -> InputEvent {
  .key(KeyPress(.character(character), modifiers))
}

@Suite struct KeyDecoderTests {
  @Test func printableTextIsCharacters() {
    #expect(decodeAll("aZ 1~") == [char("a"), char("Z"), char(" "), char("1"), char("~")])
  }

  @Test func utf8CharactersDecodeWholeEvenSplitAcrossReads() {
    var decoder = KeyDecoder()
    let bytes = terminalBytes("é日👍")
    var events: [InputEvent] = []
    for byte in bytes {
      events += decoder.feed([byte], at: 0)
    }
    #expect(events == [char("é"), char("日"), char("👍")])
    #expect(decoder.deadline == nil)
  }

  @Test func anIncompleteCharacterWaitsThenBecomesUnknown() {
    var decoder = KeyDecoder()
    #expect(decoder.feed([0xE6, 0x97], at: 100).isEmpty)
    #expect(decoder.deadline == 100 + KeyDecoder.escapeTimeoutNanosecondsDefault)
    #expect(decoder.expire(at: 101).isEmpty)
    #expect(decoder.expire(at: decoder.deadline!) == [.unknown([0xE6, 0x97])])
    #expect(decoder.deadline == nil)
  }

  @Test func invalidUTF8IsUnknownAndDecodingGoesOn() {
    #expect(
      decodeAll([0xFF, 0x61, 0xC0, 0xAF, 0xED, 0xA0, 0x80]) == [
        .unknown([0xFF]), char("a"), .unknown([0xC0]), .unknown([0xAF]), .unknown([0xED]),
        .unknown([0xA0]), .unknown([0x80]),
      ])
    // A C1 control encoded in UTF-8 is no key.
    #expect(decodeAll([0xC2, 0x9B, 0x41]) == [.unknown([0xC2, 0x9B]), char("A")])
  }

  @Test func controlBytesAreControlKeys() {
    #expect(
      decodeAll([0x01, 0x03, 0x1A]) == [
        char("a", .control), char("c", .control), char("z", .control),
      ])
    // Ctrl+J (LF) is not Enter (CR).
    #expect(decodeAll([0x0A, 0x0D]) == [char("j", .control), key(.enter)])
    #expect(decodeAll([0x09, 0x7F, 0x08]) == [key(.tab), key(.backspace), key(.backspace)])
    #expect(
      decodeAll([0x00, 0x1C, 0x1D, 0x1E, 0x1F]) == [
        char(" ", .control), char("\\", .control), char("]", .control), char("^", .control),
        char("_", .control),
      ])
  }

  @Test func escapeBeforeAKeyIsAlt() {
    #expect(decodeAll("\u{1B}b\u{1B}F") == [char("b", .alt), char("F", .alt)])
    #expect(decodeAll("\u{1B}\u{7F}") == [key(.backspace, .alt)])
    #expect(decodeAll("\u{1B}\r") == [key(.enter, .alt)])
    #expect(decodeAll("\u{1B}\u{01}") == [char("a", [.alt, .control])])
    #expect(decodeAll("\u{1B}é") == [char("é", .alt)])
    #expect(decodeAll([0x1B, 0xFF]) == [.unknown([0x1B, 0xFF])])
  }

  @Test func aLoneEscapeIsEscapeOnlyAfterTheTimeout() {
    var decoder = KeyDecoder()
    #expect(decoder.feed([0x1B], at: 1_000).isEmpty)
    let deadline = 1_000 + KeyDecoder.escapeTimeoutNanosecondsDefault
    #expect(decoder.deadline == deadline)
    #expect(decoder.expire(at: deadline - 1).isEmpty)
    #expect(decoder.expire(at: deadline) == [key(.escape)])
    #expect(decoder.deadline == nil)
    #expect(decoder.expire(at: deadline + 1).isEmpty)
  }

  @Test func anEscapeFollowedInTimeIsASequence() {
    var decoder = KeyDecoder()
    #expect(decoder.feed([0x1B], at: 0).isEmpty)
    #expect(decoder.feed(terminalBytes("[1;5"), at: 10_000_000).isEmpty)
    // The deadline runs from the latest byte.
    #expect(decoder.deadline == 10_000_000 + KeyDecoder.escapeTimeoutNanosecondsDefault)
    #expect(decoder.feed(terminalBytes("C"), at: 20_000_000) == [key(.right, .control)])
    #expect(decoder.deadline == nil)
  }

  @Test func aZeroTimeoutResolvesAtTheEndOfARead() {
    var decoder = KeyDecoder(escapeTimeoutNanoseconds: 0)
    #expect(decoder.feed([0x1B], at: 5).isEmpty)
    #expect(decoder.deadline == 5)
    #expect(decoder.expire(at: 5) == [key(.escape)])
  }

  @Test func twoEscapesAreTwoEscapeKeys() {
    #expect(decodeAll("\u{1B}\u{1B}") == [key(.escape), key(.escape)])
    #expect(decodeAll("\u{1B}\u{1B}[A") == [key(.escape), key(.up)])
  }

  @Test func introducersAloneAfterTheTimeoutAreAltKeys() {
    #expect(decodeAll("\u{1B}[") == [char("[", .alt)])
    #expect(decodeAll("\u{1B}O") == [char("O", .alt)])
    #expect(decodeAll("\u{1B}]") == [char("]", .alt)])
  }

  @Test func csiCursorKeysWithXtermModifiers() {
    #expect(
      decodeAll("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [
        key(.up), key(.down), key(.right), key(.left),
      ])
    #expect(decodeAll("\u{1B}[H\u{1B}[F") == [key(.home), key(.end)])
    #expect(decodeAll("\u{1B}[1;5C") == [key(.right, .control)])
    #expect(decodeAll("\u{1B}[1;3D") == [key(.left, .alt)])
    #expect(decodeAll("\u{1B}[1;2A") == [key(.up, .shift)])
    #expect(decodeAll("\u{1B}[1;8B") == [key(.down, [.shift, .alt, .control])])
    #expect(decodeAll("\u{1B}[1;9H") == [key(.home, .super)])
    #expect(decodeAll("\u{1B}[Z") == [key(.tab, .shift)])
    #expect(
      decodeAll("\u{1B}[1;5P\u{1B}[1;2Q\u{1B}[S") == [
        key(.function(1), .control), key(.function(2), .shift), key(.function(4)),
      ])
  }

  @Test func csiTildeKeys() {
    #expect(
      decodeAll("\u{1B}[2~\u{1B}[3~\u{1B}[5~\u{1B}[6~") == [
        key(.insert), key(.delete), key(.pageUp), key(.pageDown),
      ])
    #expect(
      decodeAll("\u{1B}[1~\u{1B}[4~\u{1B}[7~\u{1B}[8~") == [
        key(.home), key(.end), key(.home), key(.end),
      ])
    #expect(decodeAll("\u{1B}[3;5~") == [key(.delete, .control)])
    #expect(
      decodeAll("\u{1B}[15~\u{1B}[17~\u{1B}[24~\u{1B}[34~") == [
        key(.function(5)), key(.function(6)), key(.function(12)), key(.function(20)),
      ])
    #expect(decodeAll("\u{1B}[11~\u{1B}[13;2~") == [key(.function(1)), key(.function(3), .shift)])
    #expect(decodeAll("\u{1B}[99~") == [.unknown(terminalBytes("\u{1B}[99~"))])
  }

  @Test func ss3Keys() {
    #expect(
      decodeAll("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD\u{1B}OH\u{1B}OF") == [
        key(.up), key(.down), key(.right), key(.left), key(.home), key(.end),
      ])
    #expect(
      decodeAll("\u{1B}OP\u{1B}OQ\u{1B}OR\u{1B}OS") == [
        key(.function(1)), key(.function(2)), key(.function(3)), key(.function(4)),
      ])
    #expect(
      decodeAll("\u{1B}OM\u{1B}Op\u{1B}Oy\u{1B}Ok") == [
        key(.enter), char("0"), char("9"), char("+"),
      ])
    #expect(decodeAll("\u{1B}O5P") == [key(.function(1), .control)])
    // ESC O then a key SS3 does not know: Alt+O (Alt+Shift+o), then the key.
    #expect(decodeAll("\u{1B}Oz") == [char("O", .alt), char("z")])
  }

  @Test func linuxConsoleFunctionKeys() {
    #expect(decodeAll("\u{1B}[[A\u{1B}[[E") == [key(.function(1)), key(.function(5))])
  }

  @Test func kittyKeys() {
    #expect(decodeAll("\u{1B}[13u") == [key(.enter)])
    #expect(decodeAll("\u{1B}[13;2u") == [key(.enter, .shift)])
    #expect(decodeAll("\u{1B}[27u") == [key(.escape)])
    #expect(decodeAll("\u{1B}[9u\u{1B}[127u") == [key(.tab), key(.backspace)])
    #expect(decodeAll("\u{1B}[99;5u") == [char("c", .control)])
    #expect(decodeAll("\u{1B}[127;3u") == [key(.backspace, .alt)])
    #expect(decodeAll("\u{1B}[106;5u") == [char("j", .control)])
    #expect(decodeAll("\u{1B}[26085u") == [char("日")])
  }

  @Test func kittyEventTypes() {
    #expect(decodeAll("\u{1B}[97;1:1u") == [char("a")])
    #expect(decodeAll("\u{1B}[97;1:2u") == [key(.character("a"), kind: .repeat)])
    #expect(decodeAll("\u{1B}[97;1:3u") == [key(.character("a"), kind: .release)])
    #expect(decodeAll("\u{1B}[13;2:3u") == [key(.enter, .shift, kind: .release)])
    #expect(decodeAll("\u{1B}[1;5:3A") == [key(.up, .control, kind: .release)])
    #expect(decodeAll("\u{1B}[3;1:2~") == [key(.delete, kind: .repeat)])
  }

  @Test func kittyAlternateKeys() {
    // Shift+a with the shifted key reported: the character typed, with Shift.
    #expect(decodeAll("\u{1B}[97:65;2u") == [char("A", .shift)])
    // The shifted key counts only while Shift is held; the base layout key is ignored.
    #expect(decodeAll("\u{1B}[97:65;5u") == [char("a", .control)])
    #expect(decodeAll("\u{1B}[1089::99;5u") == [char("с", .control)])
    // A text field (flag 16) is ignored.
    #expect(decodeAll("\u{1B}[97;1;97u") == [char("a")])
  }

  @Test func kittyFunctionalKeysInThePrivateUseArea() {
    #expect(decodeAll("\u{1B}[57376u\u{1B}[57398u") == [key(.function(13)), key(.function(35))])
    #expect(
      decodeAll("\u{1B}[57399u\u{1B}[57408u\u{1B}[57413u\u{1B}[57414u") == [
        char("0"), char("9"), char("+"), key(.enter),
      ])
    #expect(decodeAll("\u{1B}[57417;5u\u{1B}[57426u") == [key(.left, .control), key(.delete)])
    // Modifier and lock keys (flag 8 only) are not keys we have.
    #expect(decodeAll("\u{1B}[57441;2u") == [.unknown(terminalBytes("\u{1B}[57441;2u"))])
    #expect(decodeAll("\u{1B}[1114112u") == [.unknown(terminalBytes("\u{1B}[1114112u"))])
  }

  @Test func bracketedPasteIsRawTextWithLineFeeds() {
    let events = decodeAll("\u{1B}[200~line 1\r\nline 2\rline 3\n\u{1B}[A\u{03}\t\u{1B}[201~x")
    #expect(events == [.paste("line 1\nline 2\nline 3\n\u{1B}[A\u{03}\t"), char("x")])
  }

  @Test func aPasteSplitAcrossReadsIsOnePaste() {
    let bytes = terminalBytes("\u{1B}[200~héllo\r\n世界\u{1B}[201~")
    for split in 1..<bytes.count {
      var decoder = KeyDecoder()
      var events = decoder.feed(bytes[..<split], at: 0)
      events += decoder.feed(bytes[split...], at: 1)
      #expect(events == [.paste("héllo\n世界")], "split at \(split)")
      #expect(decoder.deadline == nil)
    }
  }

  @Test func anEmptyPasteIsAnEmptyPasteEvent() {
    #expect(decodeAll("\u{1B}[200~\u{1B}[201~") == [.paste("")])
  }

  @Test func aTerminatorLookalikeInsideAPasteIsContent() {
    #expect(decodeAll("\u{1B}[200~a\u{1B}[201x\u{1B}\u{1B}[201~") == [.paste("a\u{1B}[201x\u{1B}")])
  }

  @Test func aLongPasteArrivesInBoundedPiecesThatJoinToTheWhole() {
    let decoder = KeyDecoder(pasteBytesMax: 16)
    let content = String(repeating: "ab\r\n日本👩‍💻é", count: 20)
    let events = decodeAll(terminalBytes("\u{1B}[200~" + content + "\u{1B}[201~"), decoder: decoder)
    var joined = ""
    for event in events {
      guard case .paste(let piece) = event else {
        Issue.record("not a paste: \(event)")
        continue
      }
      #expect(piece.utf8.count <= 16)
      joined += piece
    }
    #expect(events.count > 10)
    #expect(joined == content.replacing("\r\n", with: "\n"))
  }

  @Test func aMegabytePasteInSmallReadsIsOneEvent() {
    let line = "let x = \"日本\" // 👩‍💻\r\n"
    let content = String(repeating: line, count: 1 << 20 / line.utf8.count)
    let bytes = terminalBytes("\u{1B}[200~" + content + "\u{1B}[201~")
    var decoder = KeyDecoder()
    var events: [InputEvent] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + 4096)
      events += decoder.feed(bytes[start..<end], at: Int64(start))
      start = end
    }
    #expect(events == [.paste(content.replacing("\r\n", with: "\n"))])
    #expect(decoder.deadline == nil)
  }

  @Test func aPasteWithoutItsEndIsDeliveredAfterTheIdleTimeout() {
    var decoder = KeyDecoder()
    #expect(decoder.feed(terminalBytes("\u{1B}[200~half\u{1B}[20"), at: 0).isEmpty)
    #expect(decoder.deadline == KeyDecoder.pasteIdleTimeoutNanosecondsDefault)
    #expect(decoder.feed(terminalBytes("1"), at: 1_000).isEmpty)
    #expect(decoder.deadline == 1_000 + KeyDecoder.pasteIdleTimeoutNanosecondsDefault)
    #expect(decoder.expire(at: 2_000).isEmpty)
    #expect(decoder.expire(at: decoder.deadline!) == [.paste("half\u{1B}[201")])
    #expect(decoder.feed(terminalBytes("a"), at: 9_000_000_000) == [char("a")])
  }

  @Test func aStrayPasteEndIsUnknown() {
    #expect(decodeAll("\u{1B}[201~") == [.unknown(terminalBytes("\u{1B}[201~"))])
  }

  @Test func focusEvents() {
    #expect(decodeAll("\u{1B}[I\u{1B}[O") == [.focusGained, .focusLost])
  }

  @Test func cursorPositionReportsAndShiftF3() {
    // Not expected: ESC[1;2R is Shift+F3 (xterm); a row other than 1 can only be a report.
    #expect(decodeAll("\u{1B}[1;2R") == [key(.function(3), .shift)])
    #expect(decodeAll("\u{1B}[12;40R") == [.cursorPosition(row: 12, column: 40)])
    #expect(decodeAll("\u{1B}[R") == [key(.function(3))])

    var decoder = KeyDecoder()
    decoder.expectingCursorPosition = true
    #expect(
      decoder.feed(terminalBytes("\u{1B}[1;2R"), at: 0) == [
        .cursorPosition(row: 1, column: 2)
      ])
    #expect(!decoder.expectingCursorPosition)
    #expect(decoder.feed(terminalBytes("\u{1B}[1;2R"), at: 0) == [key(.function(3), .shift)])
  }

  @Test func keyboardFlagsAndDeviceAttributes() {
    #expect(decodeAll("\u{1B}[?7u") == [.keyboardFlags(7)])
    #expect(decodeAll("\u{1B}[?0u") == [.keyboardFlags(0)])
    #expect(decodeAll("\u{1B}[?62;22;52c") == [.deviceAttributes])
    #expect(decodeAll("\u{1B}[?1;2c") == [.deviceAttributes])
    #expect(decodeAll("\u{1B}[>1;10;0c") == [.unknown(terminalBytes("\u{1B}[>1;10;0c"))])
  }

  @Test func colorRepliesEndedByBellOrST() {
    #expect(
      decodeAll("\u{1B}]11;rgb:1e1e/2020/ffff\u{07}") == [
        .colorReply(slot: 11, red: 0x1E1E, green: 0x2020, blue: 0xFFFF)
      ])
    #expect(
      decodeAll("\u{1B}]10;rgb:ff/80/0\u{1B}\\") == [
        .colorReply(slot: 10, red: 0xFFFF, green: 0x8080, blue: 0x0000)
      ])
    #expect(
      decodeAll("\u{1B}]4;1;rgb:ff/00/00\u{07}") == [
        .unknown(terminalBytes("\u{1B}]4;1;rgb:ff/00/00\u{07}"))
      ])
    #expect(
      decodeAll("\u{1B}]11;rgb:zz/00/00\u{07}") == [
        .unknown(terminalBytes("\u{1B}]11;rgb:zz/00/00\u{07}"))
      ])
  }

  @Test func aColorReplySplitAcrossReads() {
    var decoder = KeyDecoder()
    #expect(decoder.feed(terminalBytes("\u{1B}]11;rgb:00"), at: 0).isEmpty)
    #expect(decoder.feed(terminalBytes("00/0000/0000\u{1B}"), at: 1).isEmpty)
    #expect(
      decoder.feed(terminalBytes("\\a"), at: 2) == [
        .colorReply(slot: 11, red: 0, green: 0, blue: 0), char("a"),
      ])
  }

  @Test func malformedSequencesAreUnknownAndTheRestStillDecodes() {
    // A control byte inside a CSI ends it: the CSI so far is unknown, Ctrl+C is a key.
    #expect(
      decodeAll("\u{1B}[1;\u{03}a") == [
        .unknown(terminalBytes("\u{1B}[1;")), char("c", .control), char("a"),
      ])
    // An unknown final byte.
    #expect(decodeAll("\u{1B}[5xq") == [.unknown(terminalBytes("\u{1B}[5x")), char("q")])
    // Intermediates are not decoded.
    #expect(decodeAll("\u{1B}[?2026;2$y") == [.unknown(terminalBytes("\u{1B}[?2026;2$y"))])
    // An OSC interrupted by ESC that is not ST.
    #expect(
      decodeAll("\u{1B}]11;rgb\u{1B}[A") == [
        .unknown(terminalBytes("\u{1B}]11;rgb")), key(.up),
      ])
  }

  @Test func anOverlongSequenceIsCutAtTheBound() {
    let long = "\u{1B}[" + String(repeating: "1;", count: 400) + "A"
    let bytes = terminalBytes(long)
    let events = decodeAll(bytes)
    #expect(events.first == .unknown(Array(bytes[..<KeyDecoder.sequenceBytesMax])))
    // The rest decodes as typed characters; nothing is lost.
    #expect(events.count == 1 + bytes.count - KeyDecoder.sequenceBytesMax)
    #expect(events.last == char("A"))

    // Unterminated and fed in one-byte reads, it never holds more than the bound.
    var decoder = KeyDecoder()
    var cut: [InputEvent] = []
    for byte in bytes.prefix(KeyDecoder.sequenceBytesMax) {
      #expect(decoder.pending.count < KeyDecoder.sequenceBytesMax)
      cut += decoder.feed([byte], at: 0)
    }
    #expect(cut == [.unknown(Array(bytes[..<KeyDecoder.sequenceBytesMax]))])
    #expect(decoder.pending.isEmpty)
    #expect(decoder.deadline == nil)
  }

  @Test func manyEventsInOneRead() {
    let events = decodeAll("a\u{1B}[Ab\u{1B}[200~p\u{1B}[201~\u{1B}[I\u{1B}x\u{0D}")
    #expect(
      events == [
        char("a"), key(.up), char("b"), .paste("p"), .focusGained, char("x", .alt), key(.enter),
      ])
  }
}
