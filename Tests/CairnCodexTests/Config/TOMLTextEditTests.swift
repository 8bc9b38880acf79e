import CairnCodex
import Testing

/// Each case states the whole expected file: every byte outside the edit must survive.
@Suite struct TOMLTextEditTests {
  static let memories = ConfigKeyPath(["features", "memories"])

  func edit(_ text: String, _ value: String = "true") throws -> String {
    try TOMLTextEdit.set(Self.memories, to: value, in: text)
  }

  @Test func anExistingKeyKeepsItsCommentsAndSpacing() throws {
    let before = """
      # my config
      model = "gpt-5.5"  # the model

      [features]   # flags
      # comment before
      memories   =   false # inline
      unified_exec = true

      [mcp_servers.x]
      command = "foo"   # keep

      """
    #expect(
      try edit(before)
        == """
        # my config
        model = "gpt-5.5"  # the model

        [features]   # flags
        # comment before
        memories   =   true # inline
        unified_exec = true

        [mcp_servers.x]
        command = "foo"   # keep

        """)
  }

  @Test func aNewKeyGoesAfterTheLastKeyOfItsTable() throws {
    let before = """
      [features]
      # about shell_snapshot
      shell_snapshot = false

      # about the server
      [mcp_servers.x]
      command = "foo"
      """
    #expect(
      try edit(before)
        == """
        [features]
        # about shell_snapshot
        shell_snapshot = false
        memories = true

        # about the server
        [mcp_servers.x]
        command = "foo"
        """)
    // An indented table keeps its indentation.
    #expect(
      try edit("[features]\n  goals = true\n") == "[features]\n  goals = true\n  memories = true\n")
    // A header without keys gets the key right after it.
    #expect(try edit("[features]\n\n[tui]\n") == "[features]\nmemories = true\n\n[tui]\n")
  }

  @Test func dottedKeysAndInlineTablesKeepTheirForm() throws {
    #expect(
      try edit("model = \"x\"\nfeatures.goals = false\n\n[tools]\nview_image = true\n")
        == "model = \"x\"\nfeatures.goals = false\nfeatures.memories = true\n\n[tools]\nview_image = true\n"
    )
    #expect(
      try edit("features = { goals = false }  # inline\n")
        == "features = { goals = false, memories = true }  # inline\n")
    #expect(try edit("features = {}\n") == "features = { memories = true }\n")
    #expect(
      try edit("features = { memories = false }\n") == "features = { memories = true }\n")
  }

  @Test func aMissingTableIsAddedAtTheEndOrBeforeItsSubTables() throws {
    #expect(
      try edit("model = \"x\"\n\n[tools]\nview_image = true\n")
        == "model = \"x\"\n\n[tools]\nview_image = true\n\n[features]\nmemories = true\n")
    #expect(try edit("model = \"x\"") == "model = \"x\"\n\n[features]\nmemories = true\n")
    #expect(try edit("") == "[features]\nmemories = true\n")
    #expect(try edit("# only a comment\n") == "# only a comment\n\n[features]\nmemories = true\n")
    #expect(
      try edit("model = \"x\"\n[features.multi_agent_v2]\nenabled = true\n")
        == "model = \"x\"\n\n[features]\nmemories = true\n[features.multi_agent_v2]\nenabled = true\n"
    )
  }

  @Test func lineEndingsAndAMissingFinalNewlineAreKept() throws {
    #expect(
      try edit("[features]\r\ngoals = true\r\n")
        == "[features]\r\ngoals = true\r\nmemories = true\r\n")
    #expect(
      try edit("[features]\r\nmemories = false\r\n") == "[features]\r\nmemories = true\r\n")
    #expect(try edit("[features]\ngoals = true") == "[features]\ngoals = true\nmemories = true\n")
  }

  @Test func stringsThatLookLikeTablesAreNotTables() throws {
    let before = """
      notes = \"\"\"
      [features]
      memories = false
      \"\"\"
      paths = [
        "[features]",  # not a header
        'memories = false',
      ]

      """
    #expect(try edit(before) == before + "\n[features]\nmemories = true\n")
  }

  @Test func quotedKeysAreFound() throws {
    #expect(
      try edit("[features]\n\"memories\" = false # q\n") == "[features]\n\"memories\" = true # q\n")
    #expect(
      try edit("[ features ]\nmemories=false\n") == "[ features ]\nmemories=true\n")
  }
}
