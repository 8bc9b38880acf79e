import CairnCodex
import Foundation
import Testing

@Suite struct FeatureCatalogTests {
  static let referencePath = repositoryRoot + "/tools/codex-reference/features_list_output.txt"

  @Test func theEmbeddedCatalogIsTheReferenceOutput() throws {
    let reference = try read(Self.referencePath)
    let rows = try FeatureListParser.parse(reference)
    #expect(rows.count == 104)
    #expect(
      rows.map { [$0.name, $0.stage.rawValue, String($0.enabled)] }
        == FeatureCatalog.embedded.features.map {
          [$0.name, $0.stage.rawValue, String($0.defaultEnabled)]
        })
    // Rendering the rows gives Codex's bytes back, column widths included.
    #expect(FeatureListParser.render(rows) == reference)
    #expect(FeatureCatalog.embedded.origin == .embedded(codexVersion: "0.147.0"))
  }

  @Test func stagesWithSpacesAndBadRowsParse() throws {
    let rows = try FeatureListParser.parse("a   under development  true\n\nb stable false\n")
    #expect(
      rows == [
        .init(name: "a", stage: .underDevelopment, enabled: true),
        .init(name: "b", stage: .stable, enabled: false),
      ])
    do {
      _ = try FeatureListParser.parse("ok stable true\nnot a row\n")
      Issue.record("should fail")
    } catch {
      #expect(error.line == 2)
    }
  }

  @Test func effectiveStatesFollowDefaultsConfigAndOverrides() throws {
    try withCodexHome { home in
      try write(
        "[features]\nshell_snapshot = false\nundo = true\nsqlite = false\n", to: home.configFile)
      let config = try load(home, overrides: ["features.goals=false"], enable: ["memories"])
      let states = Dictionary(
        uniqueKeysWithValues: FeatureStates.compute(catalog: .embedded, config: config).map {
          ($0.spec.name, $0)
        })
      #expect(states["unified_exec"]?.enabled == true)
      #expect(states["unified_exec"]?.source == nil)
      #expect(states["shell_snapshot"]?.enabled == false)
      #expect(states["shell_snapshot"]?.source == .file(path: home.configFile))
      #expect(states["goals"]?.enabled == false)
      #expect(states["goals"]?.source == .override(index: 1))
      #expect(states["memories"]?.enabled == true)
      #expect(states["memories"]?.source == .featureFlag(flag: "--enable memories"))
      // A removed flag Codex pins ignores the config; another removed one follows it.
      #expect(states["undo"]?.enabled == false)
      #expect(states["undo"]?.configIgnored == true)
      #expect(states["sqlite"]?.enabled == false)
      #expect(states["sqlite"]?.configIgnored == false)
    }
  }

  @Test func nearestNames() {
    let names = FeatureCatalog.embedded.names
    #expect(NearestName.find("memorie", among: names) == "memories")
    #expect(NearestName.find("unified-exec", among: names) == "unified_exec")
    #expect(NearestName.find("shel_snapshot", among: names) == "shell_snapshot")
    #expect(NearestName.find("Goals", among: names) == "goals")
    #expect(NearestName.find("completely_unrelated_thing", among: names) == nil)
    #expect(NearestName.editDistance("kitten", "sitting") == 3)
    #expect(NearestName.editDistance("", "abc") == 3)
  }
}
