import CairnCodex
import Testing

@Suite struct ConfigOverrideTests {
  @Test func valuesAreParsedAsTOML() throws {
    #expect(try ConfigOverride.parse("model=\"o3\"").value == .string("o3"))
    #expect(try ConfigOverride.parse("project_doc_max_bytes=4096").value == .integer(4096))
    #expect(try ConfigOverride.parse("tools.view_image=false").value == .boolean(false))
    #expect(try ConfigOverride.parse("x=1.5").value == .float(1.5))
    #expect(
      try ConfigOverride.parse("sandbox_permissions=[\"disk-full-read-access\"]").value
        == .array([.string("disk-full-read-access")]))
    #expect(
      try ConfigOverride.parse("a={ b = 1, c = \"d\" }").value
        == .table(ConfigTable([("b", .integer(1)), ("c", .string("d"))])))
    #expect(try ConfigOverride.parse("when=1979-05-27").value == .datetime("1979-05-27"))
  }

  @Test func textThatIsNotTOMLIsARawString() throws {
    let bare = try ConfigOverride.parse("model=o3")
    #expect(bare.value == .string("o3"))
    #expect(bare.isRawString)
    #expect(
      try ConfigOverride.parse("shell_environment_policy.inherit=all").value == .string("all"))
    #expect(try ConfigOverride.parse("a=hello world").value == .string("hello world"))
    // Only the first `=` splits; the rest belongs to the value.
    #expect(try ConfigOverride.parse("a=b=c").value == .string("b=c"))
    // Both sides are trimmed, as Codex does.
    let spaced = try ConfigOverride.parse("  model =  gpt-5  ")
    #expect(spaced.path == path("model"))
    #expect(spaced.value == .string("gpt-5"))
    // An empty value is not TOML: the empty string.
    #expect(try ConfigOverride.parse("model=").value == .string(""))
    // A newline cannot smuggle a second key in.
    let smuggled = try ConfigOverride.parse("a=1\nb=2")
    #expect(smuggled.value == .string("1\nb=2"))
  }

  @Test func keysAreDottedPathsWithOptionalQuotes() throws {
    #expect(
      try ConfigOverride.parse("model_providers.mock.base_url=x").path
        == path("model_providers", "mock", "base_url"))
    #expect(
      try ConfigOverride.parse("projects.\"/home/me/a.b\".trust_level=trusted").path
        == path("projects", "/home/me/a.b", "trust_level"))
    #expect(
      try ConfigOverride.parse("a.'b.c'.d=1").path == path("a", "b.c", "d"))
    #expect(
      try ConfigOverride.parse("a . b=1").path == path("a", "b"))
  }

  @Test func malformedOverridesAreErrorsThatHideTheValue() {
    for argument in ["model", "=x", "a..b=1", "a.=1", "\"open=1", "a\"b\"=1"] {
      do {
        _ = try ConfigOverride.parse(argument)
        Issue.record("`\(argument)` should not parse")
      } catch {
        if case .badOverride = error {} else { Issue.record("unexpected \(error)") }
      }
    }
    do {
      _ = try ConfigOverride.parse("..=sk-proj-abcdefghijklmnopqrstuvwxyz012345")
      Issue.record("should not parse")
    } catch {
      #expect(!error.description.contains("sk-proj"))
      #expect(error.description.contains("..=…"))
    }
  }
}
