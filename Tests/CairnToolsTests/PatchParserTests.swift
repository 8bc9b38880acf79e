import CairnTools
import Testing

/// The apply_patch format (docs/APPLY_PATCH.md): every section kind, Codex's lenient forms,
/// and each error with its line number and Codex's words.
@Suite("apply_patch parser")
struct PatchParserTests {
  static func parse(_ lines: [String]) throws -> Patch {
    try PatchParser.parse(lines.joined(separator: "\n"))
  }

  static func failure(_ text: String) -> PatchParseError? {
    do {
      _ = try PatchParser.parse(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func everySectionKindInOnePatch() throws {
    let patch = try Self.parse([
      "*** Begin Patch",
      "*** Add File: path/add.py",
      "+abc",
      "+",
      "+def",
      "*** Delete File: path/delete.py",
      "*** Update File: path/update.py",
      "*** Move to: path/update2.py",
      "@@ def f():",
      " keep",
      "-    pass",
      "+    return 123",
      "",
      "@@",
      "-tail",
      "+TAIL",
      "*** End of File",
      "*** End Patch",
    ])
    #expect(
      patch
        == Patch(hunks: [
          .addFile(path: "path/add.py", contents: "abc\n\ndef\n"),
          .deleteFile(path: "path/delete.py"),
          .updateFile(
            path: "path/update.py", movePath: "path/update2.py",
            chunks: [
              PatchChunk(
                context: "def f():", oldLines: ["keep", "    pass", ""],
                newLines: ["keep", "    return 123", ""], isEndOfFile: false),
              PatchChunk(context: nil, oldLines: ["tail"], newLines: ["TAIL"], isEndOfFile: true),
            ]),
        ]))
  }

  @Test func anAddWithoutLinesIsAnEmptyFileAndAnUpdateMayStartWithoutItsAnchor() throws {
    let patch = try Self.parse([
      "*** Begin Patch", "*** Add File: empty.txt", "*** Update File: f.py", " import foo", "+bar",
      "*** End Patch",
    ])
    #expect(
      patch.hunks == [
        .addFile(path: "empty.txt", contents: ""),
        .updateFile(
          path: "f.py", movePath: nil,
          chunks: [
            PatchChunk(
              context: nil, oldLines: ["import foo"], newLines: ["import foo", "bar"],
              isEndOfFile: false)
          ]),
      ])
  }

  @Test func anEmptyPatchParsesToNoSections() throws {
    #expect(try PatchParser.parse("*** Begin Patch\n*** End Patch").hunks == [])
  }

  @Test func whiteSpaceAroundTheTextAndTheMarkersIsAccepted() throws {
    let patch = try PatchParser.parse(
      "\n\n  *** Begin Patch  \n  *** Add File: a.txt  \n+x\n *** End Patch \n\n")
    #expect(patch.hunks == [.addFile(path: "a.txt", contents: "x\n")])
  }

  @Test func crlfLineEndsInThePatchAreLineEnds() throws {
    let patch = try PatchParser.parse(
      "*** Begin Patch\r\n*** Update File: a.txt\r\n@@\r\n-old\r\n+new\r\n*** End Patch\r\n")
    #expect(
      patch.hunks == [
        .updateFile(
          path: "a.txt", movePath: nil,
          chunks: [
            PatchChunk(context: nil, oldLines: ["old"], newLines: ["new"], isEndOfFile: false)
          ]
        )
      ])
  }

  @Test(arguments: ["<<EOF", "<<'EOF'", "<<\"EOF\""])
  func aHeredocWrapperIsTakenOff(opener: String) throws {
    let patch = try PatchParser.parse(
      "\(opener)\n*** Begin Patch\n*** Add File: h.txt\n+h\n*** End Patch\nEOF\n")
    #expect(patch.hunks == [.addFile(path: "h.txt", contents: "h\n")])
  }

  @Test func aHeredocNeedsBothMarkersInside() {
    // Inside a wrapper, the error is about what is inside it.
    #expect(
      Self.failure("<<'EOF'\n*** Begin Patch\n*** Add File: h.txt\nEOF")
        == .invalidPatch("The last line of the patch must be '*** End Patch'"))
    // Too short to be a wrapped patch: the error is about the text as it is.
    #expect(
      Self.failure("<<'EOF'\n*** End Patch\nEOF")
        == .invalidPatch("The first line of the patch must be '*** Begin Patch'"))
  }

  @Test func theEnvelopeErrors() {
    let first = PatchParseError.invalidPatch(
      "The first line of the patch must be '*** Begin Patch'")
    let last = PatchParseError.invalidPatch("The last line of the patch must be '*** End Patch'")
    #expect(Self.failure("bad") == first)
    #expect(Self.failure("hello\n*** End Patch") == first)
    #expect(Self.failure("*** Begin Patch\nbad") == last)
    #expect(Self.failure("*** Begin Patch") == last)
    #expect(Self.failure("") == last)
    #expect(
      first.description
        == "invalid patch: The first line of the patch must be '*** Begin Patch'")
  }

  @Test func anUnknownSectionHeaderNamesItsLine() {
    let error = Self.failure(
      "*** Begin Patch\n*** Add File: a\n+x\n*** Frob File: x\n*** End Patch")
    #expect(
      error
        == .invalidHunk(
          line: 4,
          message: "'*** Frob File: x' is not a valid hunk header. Valid hunk headers: "
            + "'*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'"))
    #expect(
      error?.description.hasPrefix("invalid hunk at line 4, '*** Frob File: x' is not") == true)
  }

  @Test func anUpdateWithoutChunksIsEmpty() {
    #expect(
      Self.failure("*** Begin Patch\n*** Update File: test.py\n*** End Patch")
        == .invalidHunk(line: 2, message: "Update file hunk for path 'test.py' is empty"))
  }

  @Test func aChunkLineWithoutAMarkerIsRejectedAtItsLine() {
    #expect(
      Self.failure("*** Begin Patch\n*** Update File: f.txt\n@@\nbad line\n*** End Patch")
        == .invalidHunk(
          line: 4,
          message: "Unexpected line found in update hunk: 'bad line'. Every line should start "
            + "with ' ' (context line), '+' (added line), or '-' (removed line)"))
  }

  @Test func aSecondChunkMustStartWithItsAnchor() {
    // The first chunk ends at the line that is no diff line; the second has no @@.
    #expect(
      Self.failure(
        "*** Begin Patch\n*** Update File: f\n@@\n-a\n+b\nnot a diff line\n*** End Patch")
        == .invalidHunk(
          line: 6,
          message: "Expected update hunk to start with a @@ context marker, got: 'not a diff line'")
    )
  }

  @Test func anAnchorWithNothingAfterItHasNoLines() {
    #expect(
      Self.failure("*** Begin Patch\n*** Update File: f\n@@\n*** End Patch")
        == .invalidHunk(line: 4, message: "Update hunk does not contain any lines"))
    #expect(
      Self.failure("*** Begin Patch\n*** Update File: f\n@@ ctx\n*** End of File\n*** End Patch")
        == .invalidHunk(line: 4, message: "Update hunk does not contain any lines"))
  }

  @Test func blankLinesBetweenSectionsAreNotSections() {
    #expect(
      Self.failure("*** Begin Patch\n*** Add File: a\n+x\n\n*** Delete File: b\n*** End Patch")
        == .invalidHunk(
          line: 4,
          message: "'' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', "
            + "'*** Delete File: {path}', '*** Update File: {path}'"))
  }

  @Test func absolutePathsAreKeptAsWritten() throws {
    let patch = try PatchParser.parse("*** Begin Patch\n*** Delete File: /etc/x\n*** End Patch")
    #expect(patch.hunks == [.deleteFile(path: "/etc/x")])
  }
}
