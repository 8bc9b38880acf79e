import CairnCodex
import Testing

@Suite struct TOMLScannerTests {
  @Test func statementsOfATrickyDocument() {
    let text = """
      a = 1 # one
      "b.c" . d = 'x' # quoted
      s = \"\"\"
      x = not a key
      \"\"\"
      arr = [
        1, # inside
        [2, 3],
      ]
      dt = 1979-05-27 07:32:00Z  # a date with a space
      [t]
      k = { i = "}", j = [1] }
      [[arr_t]]
      n = 1
      [[arr_t]]
      n = 2
      """
    let statements = TOMLScanner.statements(of: text)
    #expect(
      statements.map(\.path.description) == [
        "a", "\"b.c\".d", "s", "arr", "dt", "t", "t.k", "arr_t", "arr_t.\"[0]\".n", "arr_t",
        "arr_t.\"[1]\".n",
      ])
    let bytes = Array(text.utf8)
    let values = statements.filter { $0.kind == .keyValue }.map {
      String(decoding: bytes[$0.valueRange], as: UTF8.self)
    }
    #expect(
      values == [
        "1", "'x'", "\"\"\"\nx = not a key\n\"\"\"", "[\n  1, # inside\n  [2, 3],\n]",
        "1979-05-27 07:32:00Z", "{ i = \"}\", j = [1] }", "1", "2",
      ])
    let scanner = TOMLScanner(text)
    #expect(scanner.position(ofByte: statements[1].keyStart) == SourcePosition(line: 2, column: 1))
    #expect(
      scanner.position(ofByte: statements[4].valueRange.lowerBound)
        == SourcePosition(line: 10, column: 6))
  }

  @Test func garbageTerminates() {
    for text in ["[", "[[", "= = =", "\"", "'''", "a = [", "a = {", "a.", "\u{0}", "x = \"\"\"abc"]
    {
      _ = TOMLScanner.statements(of: text)
    }
    // Columns count characters, not bytes.
    let scanner = TOMLScanner("é = 1\nkey = \"ünï\"")
    #expect(scanner.position(ofByte: 16) == SourcePosition(line: 2, column: 9))
  }
}
