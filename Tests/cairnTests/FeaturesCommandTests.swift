import Foundation
import Testing

extension CLITests {
  /// `cairn features list|enable|disable` through the binary, with the embedded catalog.
  @Suite struct FeaturesCommandTests {
    static let reference: String = {
      var url = URL(fileURLWithPath: #filePath)
      for _ in 0..<3 { url.deleteLastPathComponent() }
      let path = url.path + "/tools/codex-reference/features_list_output.txt"
      return String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }()

    static func cairn(_ arguments: [String], in directory: String) async throws -> NamespacedResult
    {
      try await ConfigCommandTests.cairn(arguments, in: directory)
    }

    @Test func listMatchesCodexOutputByteForByte() async throws {
      try await withTemporaryDirectory { root in
        let result = try await Self.cairn(["features", "list", "--codex-home", root], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!Self.reference.isEmpty)
        #expect(result.stdout == Self.reference)
      }
    }

    @Test func listShowsConfigAndOverrides() async throws {
      try await withTemporaryDirectory { root in
        try Data("[features]\nshell_snapshot = false\n".utf8).write(
          to: URL(fileURLWithPath: root + "/config.toml"))
        let result = try await Self.cairn(
          [
            "features", "list", "--codex-home", root, "--enable", "memories", "-c",
            "features.goals=false", "--json",
          ],
          in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let object =
          try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let features = object?["features"] as? [[String: Any]] ?? []
        func state(_ name: String) -> [String: Any]? {
          features.first { $0["name"] as? String == name }
        }
        #expect(state("shell_snapshot")?["enabled"] as? Bool == false)
        #expect(state("shell_snapshot")?["source"] as? String == root + "/config.toml")
        #expect(state("memories")?["enabled"] as? Bool == true)
        #expect(state("memories")?["source"] as? String == "--enable memories")
        #expect(state("goals")?["enabled"] as? Bool == false)
        #expect(state("unified_exec")?["source"] as? String == "default")
        #expect((object?["catalog"] as? [String: Any])?["origin"] as? String == "embedded")
        #expect(features.count == 104)
      }
    }

    @Test func enableAndDisableEditOnlyTheirLine() async throws {
      try await withTemporaryDirectory { root in
        let before = """
          # Codex config — by hand
          model = "gpt-5.5"   # trailing

          [features]   # flags
          # keep me
          shell_snapshot = false  # inline

          [mcp_servers.docs]
          command = "docs"

          """
        let config = root + "/config.toml"
        try Data(before.utf8).write(to: URL(fileURLWithPath: config))
        let enable = try await Self.cairn(
          ["features", "enable", "memories", "--codex-home", root], in: root)
        #expect(enable.status == 0, "\(enable.stderr)")
        #expect(enable.stdout == "Enabled feature `memories` in config.toml.\n")
        let disable = try await Self.cairn(
          ["features", "disable", "shell_snapshot", "--codex-home", root], in: root)
        #expect(disable.stdout == "Disabled feature `shell_snapshot` in config.toml.\n")
        let flip = try await Self.cairn(
          ["features", "enable", "shell_snapshot", "--codex-home", root], in: root)
        #expect(flip.status == 0)
        let after = String(
          decoding: FileManager.default.contents(atPath: config) ?? Data(), as: UTF8.self)
        #expect(
          after
            == before.replacingOccurrences(
              of: "shell_snapshot = false  # inline\n",
              with: "shell_snapshot = true  # inline\nmemories = true\n"))
      }
    }

    @Test func unknownNamesSuggestTheNearestAndWriteNothing() async throws {
      try await withTemporaryDirectory { root in
        let result = try await Self.cairn(
          ["features", "enable", "memorie", "--codex-home", root], in: root)
        #expect(result.status == 1)
        #expect(
          result.stderr.contains("unknown feature flag `memorie`; did you mean `memories`?"),
          "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/config.toml"))
        let flag = try await Self.cairn(
          ["features", "list", "--codex-home", root, "--disable", "unifed_exec"], in: root)
        #expect(flag.status == 1)
        #expect(flag.stderr.contains("did you mean `unified_exec`?"))
      }
    }

    @Test func aNewConfigIsPrivate() async throws {
      try await withTemporaryDirectory { root in
        let home = root + "/new-home"
        let result = try await Self.cairn(
          ["features", "enable", "chronicle", "--codex-home", home], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("under development"))
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/config.toml")
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: home)
        #expect(directory[.posixPermissions] as? Int == 0o700)
      }
    }
  }
}
