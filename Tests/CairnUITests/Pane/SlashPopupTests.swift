import CairnUI
import Testing

@Suite struct SlashPopupTests {
  @Test func snapshotsAtEveryWidth() {
    for width in PaneSizes.widths {
      assertLinesSnapshot(
        SlashPopup.lines(query: "", selection: 0, width: width), columns: width,
        named: "all-\(width)")
      assertLinesSnapshot(
        SlashPopup.lines(query: "", selection: 20, width: width), columns: width,
        named: "scrolled-to-compact-\(width)")
      assertLinesSnapshot(
        SlashPopup.lines(query: "ap", selection: 0, width: width), columns: width,
        named: "filtered-ap-\(width)")
      assertLinesSnapshot(
        SlashPopup.lines(query: "zz", selection: 0, width: width), columns: width,
        named: "no-matches-\(width)")
      assertLinesSnapshot(
        SlashCommand.unrecognizedLines("/approvals", width: width), columns: width,
        named: "unrecognized-\(width)")
    }
  }

  @Test func theListHasCodexsFortyFourCommandsInPopupOrder() {
    #expect(SlashCommand.all.count == 44)
    #expect(Set(SlashCommand.all.map(\.name)).count == 44)
    #expect(SlashCommand.all.first?.command == "/model")
    #expect(SlashCommand.all.last?.command == "/subagents")
    #expect(
      SlashCommand.named("/status")?.description
        == "show current session configuration and token usage")
    #expect(SlashCommand.named("approvals") == nil)
  }

  @Test func filteringIsByPrefixWithAnExactMatchFirst() {
    #expect(SlashCommand.matching("ap").map(\.name) == ["approve"])
    #expect(SlashCommand.matching("/ap").map(\.name) == ["approve"])
    #expect(SlashCommand.matching("").count == 44)
    #expect(SlashCommand.matching("st").map(\.name) == ["status", "statusline", "stop"])
    #expect(SlashCommand.matching("status").map(\.name) == ["status", "statusline"])
    #expect(SlashCommand.matching("S").map(\.name).first == "skills")
    #expect(SlashCommand.matching("xyz").isEmpty)
  }

  @Test func theQueryIsTheFirstWordAfterTheSlash() {
    #expect(SlashCommand.query(composerText: "/model gpt-5") == "model")
    #expect(SlashCommand.query(composerText: "/") == "")
    #expect(SlashCommand.query(composerText: "/ap\nmore") == "ap")
    #expect(SlashCommand.query(composerText: "hello /model") == nil)
  }

  @Test func thePopupShowsEightCommandsAndScrollsWithTheSelection() {
    #expect(SlashPopup.windowStart(selection: 0, count: 44) == 0)
    #expect(SlashPopup.windowStart(selection: 7, count: 44) == 0)
    #expect(SlashPopup.windowStart(selection: 20, count: 44) == 13)
    #expect(SlashPopup.windowStart(selection: 99, count: 44) == 36)
    let lines = SlashPopup.lines(query: "", selection: 20, width: 120)
    #expect(lines.count == 8)
    #expect(lines.first?.text.hasPrefix("  /rename") == true)
    #expect(lines.last?.text.hasPrefix("  /compact") == true)
    #expect(lines.last?.spans.last?.style == Style.bold.foreground(.cyan))
    #expect(lines.first?.spans.last?.style == .dim)
  }

  @Test func theNameColumnFitsTheLongestMatch() {
    let all = SlashPopup.lines(query: "", selection: 0, width: 120)
    #expect(all[1].text == "  /fast          1.5x speed, increased usage")
    let filtered = SlashPopup.lines(query: "ap", selection: 0, width: 120)
    #expect(
      filtered.map(\.text) == ["  /approve  approve one retry of a recent auto-review denial"])
  }

  @Test func longDescriptionsWrapUnderTheirColumn() {
    let lines = SlashPopup.lines(query: "", selection: 0, width: 80)
    #expect(lines.count == 9)
    #expect(lines[3].text == "                 your IDE")
  }

  @Test func theUnrecognizedCommandLine() {
    let lines = SlashCommand.unrecognizedLines("/approvals", width: 120)
    #expect(
      lines.map(\.text) == [
        "• Unrecognized command '/approvals'. Type \"/\" for a list of supported commands."
      ])
    #expect(lines[0].spans.first?.style == .dim)
  }
}

@Suite struct SlashPopupSelectionTests {
  @Test func aSelectionPastTheMatchesHighlightsTheLastOne() {
    let lines = SlashPopup.lines(query: "st", selection: 9, width: 80)
    #expect(lines.map(\.text).last?.hasPrefix("  /stop") == true)
    #expect(lines.last?.spans.last?.style == Style.bold.foreground(.cyan))
  }
}
