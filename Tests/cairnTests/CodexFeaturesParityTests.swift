import Foundation
import Testing

extension CLITests {
  /// The real `codex` 0.147 against `cairn`, both in a loopback-only network namespace with
  /// a CODEX_HOME under the build directory: the catalog, the effective states and the
  /// edits of `features enable|disable` must agree.
  @Suite struct CodexFeaturesParityTests {
    static func run(
      _ program: String, _ arguments: [String], home: String, catalog: String? = "none"
    )
      async throws -> NamespacedResult
    {
      try await offPool {
        try runInLoopbackNamespace(
          program, arguments, environment: ["CODEX_HOME": home, "CAIRN_CODEX": catalog], in: home)
      }
    }

    /// Codex's table, without the files codex leaves in its home.
    static func features(
      _ program: String, _ arguments: [String], home: String, catalog: String? = "none"
    )
      async throws -> String
    {
      let result = try await run(
        program, ["features", "list"] + arguments, home: home, catalog: catalog)
      #expect(result.status == 0, "\(program): \(result.stderr)")
      return result.stdout
    }

    @Test func catalogsAndStatesAgree() async throws {
      let codex = try requireCodex()
      let cairn = try CairnBinary.require()
      try await withBuildDirectory { home in
        // An empty home: the catalog itself, Cairn's embedded copy and the local one.
        let reference = try await Self.features(codex, [], home: home)
        #expect(reference.split(separator: "\n").count > 100)
        #expect(try await Self.features(cairn, [], home: home) == reference)
        #expect(try await Self.features(cairn, [], home: home, catalog: nil) == reference)
        let json = try await Self.run(
          cairn, ["features", "list", "--json"], home: home, catalog: nil)
        #expect(json.stdout.contains("\"origin\":\"codex\""), "\(json.stdout.prefix(200))")

        // Config values, removed flags Codex pins, -c, --enable and --disable.
        try Data(
          """
          [features]
          shell_snapshot = false
          memories = true
          undo = true
          sqlite = false
          web_search_request = true
          """.utf8
        ).write(to: URL(fileURLWithPath: home + "/config.toml"))
        let arguments = [
          "-c", "features.goals=false", "--enable", "chronicle", "--disable", "unified_exec",
        ]
        let expected = try await Self.features(codex, arguments, home: home)
        #expect(expected != reference)
        #expect(try await Self.features(cairn, arguments, home: home) == expected)

        // Unknown flags fail in both.
        let codexUnknown = try await Self.run(
          codex, ["features", "list", "--enable", "memorie"], home: home)
        let cairnUnknown = try await Self.run(
          cairn, ["features", "list", "--enable", "memorie"], home: home)
        #expect(codexUnknown.status == 1)
        #expect(cairnUnknown.status == 1)
      }
    }

    /// The same starting file edited by both must end byte-identical, for each layout where
    /// Codex keeps the file's form (docs/CODEX_CONFIG.md lists where Cairn differs).
    @Test func enableAndDisableWriteWhatCodexWrites() async throws {
      let codex = try requireCodex()
      let cairn = try CairnBinary.require()
      let layouts: [(String, [String])] = [
        ("", ["enable", "memories"]),
        (
          "# c\nmodel = \"x\"  # m\n\n[features]   # f\n# k\nshell_snapshot = false # i\nunified_exec = true\n\n[mcp_servers.x]\ncommand = \"y\"\n",
          ["enable", "memories"]
        ),
        ("[features]\nshell_snapshot = false # i\n", ["enable", "shell_snapshot"]),
        (
          "model = \"x\"\nfeatures.memories = false\n\n[tools]\nview_image = true\n",
          ["enable", "goals"]
        ),
        ("model = \"x\"\n\n[tools]\nview_image = true\n", ["disable", "goals"]),
        ("[features]\n\"goals\" = false # q\n", ["enable", "goals"]),
      ]
      try await withBuildDirectory { root in
        for (index, (text, arguments)) in layouts.enumerated() {
          var results: [String] = []
          for (name, program) in [("codex", codex), ("cairn", cairn)] {
            let home = root + "/\(index)-\(name)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            if !text.isEmpty {
              try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/config.toml"))
            }
            let result = try await Self.run(program, ["features"] + arguments, home: home)
            #expect(result.status == 0, "\(name) \(arguments): \(result.stderr)")
            let verb = arguments[0] == "enable" ? "Enabled" : "Disabled"
            #expect(result.stdout == "\(verb) feature `\(arguments[1])` in config.toml.\n")
            results.append(
              String(
                decoding: FileManager.default.contents(atPath: home + "/config.toml") ?? Data(),
                as: UTF8.self))
          }
          #expect(
            results[0] == results[1],
            "layout \(index): codex wrote \(results[0].debugDescription), cairn \(results[1].debugDescription)"
          )
        }
      }
    }
  }
}
