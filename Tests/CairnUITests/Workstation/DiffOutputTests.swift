import CairnUI
import Testing

/// `/diff`'s lines: the title, then the diff coloured by line kind.
@Suite struct DiffOutputTests {
  @Test func aDiffIsColouredByLineKind() {
    let text = """
      diff --git a/a.txt b/a.txt
      index 1111111..2222222 100644
      --- a/a.txt
      +++ b/a.txt
      @@ -1,2 +1,2 @@
       same
      -old\tline
      +new line

      """
    let lines = DiffOutput.lines(.diff(text))
    #expect(
      lines.map(\.text) == [
        "/diff", "diff --git a/a.txt b/a.txt", "index 1111111..2222222 100644", "--- a/a.txt",
        "+++ b/a.txt", "@@ -1,2 +1,2 @@", " same", "-old    line", "+new line",
      ])
    #expect(lines[0].spans.first?.style == Style().foreground(.magenta))
    #expect(lines[1].spans.first?.style == .bold)
    #expect(lines[3].spans.first?.style == .bold)
    #expect(lines[5].spans.first?.style == Style().foreground(.cyan))
    #expect(lines[6].spans.first?.style == .plain)
    #expect(lines[7].spans.first?.style == Style().foreground(.red))
    #expect(lines[8].spans.first?.style == Style().foreground(.green))
  }

  @Test func nothingToShowSaysWhy() {
    #expect(DiffOutput.lines(.diff("\n")).map(\.text) == ["/diff", DiffOutput.noChanges])
    #expect(
      DiffOutput.lines(.notARepository).map(\.text) == ["/diff", DiffOutput.notARepository])
  }
}
