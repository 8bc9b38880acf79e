import CairnCodex
import Foundation
import Testing

/// `config.load`: the config as the loader sees it, errors with file, line and column.
@Suite struct CodexHomeCheckTests {
  func run(_ home: CodexHome, overrides: [String] = []) -> DoctorCheck {
    CodexHomeCheck.run(ConfigRequest(home: home, overrides: overrides), catalog: .embedded)
  }

  @Test func cleanConfigIsOK() throws {
    try withCodexHome { home in
      try write("model = \"o3\"\napproval_policy = \"never\"\n", to: home.configFile)
      let check = run(home)
      #expect(check.status == .ok)
      #expect(check.detail == "\(home.configFile) loaded")
      #expect(check.fix == nil)
      #expect(check.findings.isEmpty)
    }
  }

  @Test func syntaxErrorFailsNamingFileLineAndColumn() throws {
    try withCodexHome { home in
      try write("model = \"o3\"\n\nsandbox_mode = = \"read-only\"\n", to: home.configFile)
      let check = run(home)
      #expect(check.status == .failed)
      #expect(check.detail.hasPrefix("\(home.configFile):3:"), "\(check.detail)")
      #expect(check.detail.contains("TOML parse error"))
      #expect(check.fix?.hasPrefix("fix the TOML syntax at \(home.configFile):3:") == true)
      let finding = try #require(check.findings.first)
      let members = Dictionary(uniqueKeysWithValues: finding.members.map { ($0.0, $0.1.text) })
      #expect(members["file"] == "\"\(home.configFile)\"")
      #expect(members["line"] == "3")
      #expect(members["column"] != nil)
    }
  }

  @Test func wrongValueFailsWithItsPosition() throws {
    try withCodexHome { home in
      try write("model = \"o3\"\napproval_policy = \"sometimes\"\n", to: home.configFile)
      let check = run(home)
      #expect(check.status == .failed)
      #expect(
        check.detail.contains("\(home.configFile):2:19: `approval_policy`"), "\(check.detail)")
      let errors = check.facts.first { $0.key == "errors" }?.value.text
      #expect(errors == "1")
    }
  }

  @Test func unknownKeysAreCountedAsAWarning() throws {
    try withCodexHome { home in
      try write("modle = \"o3\"\n[sandbox_workspace_write]\nbogus = 1\n", to: home.configFile)
      let check = run(home)
      #expect(check.status == .warning)
      #expect(check.detail == "\(home.configFile) loaded; 2 unknown keys")
      let unknown = check.facts.first { $0.key == "unknown_keys" }?.value.text
      #expect(unknown == "2")
      let texts = check.findings.map(\.text)
      #expect(texts.contains("unknown key `modle` at \(home.configFile):1:1"))
    }
  }

  @Test func missingHomeIsAWarning() throws {
    try withCodexHome { parent in
      let home = CodexHome(path: parent.path + "/absent", origin: .environment)
      let check = run(home)
      #expect(check.status == .warning)
      #expect(check.detail.contains("\(home.path) ($CODEX_HOME) does not exist"))
      #expect(check.fix?.contains("codex login") == true)
    }
  }

  @Test func secretInABrokenLineIsRedacted() throws {
    try withCodexHome { home in
      let secret = "sk-proj-PLANTEDconfigSECRET0123456789abcdef"
      try write("experimental_bearer_token = \"\(secret)\" junk\n", to: home.configFile)
      let check = run(home)
      #expect(check.status == .failed)
      #expect(!check.jsonValue.text.contains("PLANTEDconfig"))
      #expect(!check.detail.contains("PLANTEDconfig"))
    }
  }

  @Test func badOverrideFailsWithAFix() throws {
    try withCodexHome { home in
      let check = run(home, overrides: ["no-equals-sign"])
      #expect(check.status == .failed)
      #expect(check.fix?.contains("-c") == true)
    }
  }
}
