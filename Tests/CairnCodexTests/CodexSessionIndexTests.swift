import Foundation
import Testing

@testable import CairnCodex

/// The Codex session index's cache format, the head reader's bounds, names, and the
/// resolver's rules.
@Suite struct CodexSessionIndexTests {
  static func session(_ id: String, _ kind: ListedSession.Kind, name: String = "", updated: Int64)
    -> ListedSession
  {
    ListedSession(
      id: id, kind: kind, name: name, preview: "", cwd: "/w", createdAtMilliseconds: 0,
      updatedAtNanoseconds: updated, isArchived: false, path: "/p/" + id, source: "cli",
      isInteractive: true)
  }

  @Test func theCacheRoundTripsAndDetectsEveryFlippedByte() throws {
    let entry = CodexSessionEntry(
      threadID: "01a2142b-4eac-7761-a156-c534fc6e82bc", path: "/h/sessions/x.jsonl",
      isArchived: true, fileBytes: 39631, modifiedAtNanoseconds: 1_795_634_712_000_000_123,
      createdAtMilliseconds: 1_795_634_712_236, cwd: "/home/user/work", modelProvider: "mock",
      cliVersion: "0.147.0", source: "exec", preview: "say hi ✓", rolloutName: "named")
    let index = CodexSessionIndex(codexHome: "/h", entries: [entry])
    let bytes = index.encoded()
    #expect(try CodexSessionIndex.decode(bytes).get() == index)
    for position in stride(from: 0, to: bytes.count, by: 7) {
      var damaged = bytes
      damaged[position] ^= 0x01
      let decoded = try? CodexSessionIndex.decode(damaged).get()
      #expect(decoded == nil, "byte \(position)")
    }
    #expect(CodexSessionIndex.decode(Array(bytes.prefix(20))) == .failure(.tooShort))
  }

  @Test func theResolverPrefersIdsThenNamesThenPrefixes() throws {
    let a = Self.session("01a2142b-4eac-7761-a156-c534fc6e82bc", .codex, name: "alpha", updated: 2)
    let b = Self.session("01a2142b-5346-7113-a6c1-bc98461791c3", .codex, name: "twin", updated: 1)
    let c = Self.session("9991e7b7-75d3-4e85-9386-16803325ab8d", .native, name: "twin", updated: 3)
    let all = [a, b, c]
    #expect(try SessionResolver.resolve(a.id, among: all) == a)
    #expect(try SessionResolver.resolve("alpha", among: all) == a)
    #expect(try SessionResolver.resolve("9991", among: all) == c)
    #expect(try SessionResolver.resolve("01A2142B-5346", among: all) == b)
    do {
      _ = try SessionResolver.resolve("twin", among: all)
      Issue.record("an ambiguous name resolved")
    } catch {
      #expect(error == .ambiguous(query: "twin", candidates: [b, c]))
      #expect(error.description.contains(c.id))
    }
    do {
      _ = try SessionResolver.resolve("01a2142b", among: all)
      Issue.record("an ambiguous prefix resolved")
    } catch {
      #expect(error == .ambiguous(query: "01a2142b", candidates: [a, b]))
    }
    // A UUID that matches no id is not tried as a name or prefix; short prefixes are names.
    let missing = "01a2142b-0000-7000-8000-000000000000"
    #expect(throws: SessionResolver.Failure.notFound(query: missing, scope: "")) {
      try SessionResolver.resolve(missing, among: all)
    }
    #expect(throws: SessionResolver.Failure.notFound(query: "01a", scope: "")) {
      try SessionResolver.resolve("01a", among: all)
    }
    // An imported native session sharing a Codex thread id wins the tie.
    let imported = Self.session(a.id, .native, updated: 0)
    #expect(try SessionResolver.resolve(a.id, among: [a, imported]) == imported)
  }

  @Test func namesTakeTheLastLineAndDeleteRemovesAnIdsLines() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "names-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let text =
      "{\"id\":\"a\",\"thread_name\":\"one\",\"updated_at\":\"t\"}\nnot json\n"
      + "{\"id\":\"b\",\"thread_name\":\"bee\"}\n{\"id\":\"a\",\"thread_name\":\"two\"}\n"
    try text.write(toFile: home + "/session_index.jsonl", atomically: true, encoding: .utf8)
    #expect(CodexSessionNames.load(codexHome: home) == ["a": "two", "b": "bee"])
    #expect(try CodexSessionNames.remove(threadID: "a", codexHome: home))
    #expect(CodexSessionNames.load(codexHome: home) == ["b": "bee"])
    #expect(try !CodexSessionNames.remove(threadID: "a", codexHome: home))
  }

  @Test func theHeadReaderStopsAtThePromptAndCutsThePreview() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "head-\(UUID().uuidString).jsonl"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let huge = String(repeating: "x", count: 3_000_000)
    let prompt = String(repeating: "é", count: 600)
    var text =
      "{\"timestamp\":\"2026-11-25T19:25:12.484Z\",\"type\":\"session_meta\",\"payload\":"
      + "{\"id\":\"01a2142b-4eac-7761-a156-c534fc6e82bc\",\"timestamp\":\"2026-11-25T19:25:12.236Z\","
      + "\"cwd\":\"/w\",\"cli_version\":\"0.147.0\",\"source\":\"cli\",\"model_provider\":\"openai\","
      + "\"base_instructions\":{\"text\":\"\(huge)\"}}}\n"
    text +=
      "{\"timestamp\":\"2026-11-25T19:25:13.000Z\",\"type\":\"event_msg\",\"payload\":"
      + "{\"type\":\"user_message\",\"message\":\"\(prompt)\",\"images\":[]}}\n"
    text +=
      "{\"timestamp\":\"2026-11-25T19:25:14.000Z\",\"type\":\"event_msg\",\"payload\":"
      + "{\"type\":\"user_message\",\"message\":\"second\",\"images\":[]}}\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let head = try CodexRolloutHead.read(path: path)
    #expect(head.meta?.cwd == "/w")
    #expect(head.createdAtMilliseconds == 1_795_634_712_236)
    #expect(head.preview == String(repeating: "é", count: 256))
    #expect(
      CodexSessionIndex.startMilliseconds(fileNameTime: "2026-11-25T19-25-12") == 1_795_634_712_000)
  }
}
