import CairnCodex
import Foundation
import Testing

/// `auth.credentials`: presence and file mode, never a secret.
@Suite struct AuthCheckTests {
  static let fileSecret = "sk-proj-PLANTEDfileSECRET0123456789abcdefXYZ"
  static let tokenSecret = "eyJPLANTEDtokenSECRET.payload.signature987"
  static let envSecret = "sk-PLANTEDenvSECRET-5555555555555555"
  static let codexEnvSecret = "codex-PLANTEDsecondSECRET-777"

  /// Every rendering of the check, for leak assertions.
  static func renderings(_ check: DoctorCheck) -> String {
    let facts = check.facts.map { "\($0.key)=\($0.value.text)" }.joined(separator: "\n")
    let findings = check.findings.map(\.text).joined(separator: "\n")
    return [check.jsonValue.text, check.detail, check.fix ?? "", facts, findings].joined(
      separator: "\n")
  }

  /// No secret, nor any 8 characters of one, appears.
  static func expectNoSecret(_ text: String, _ secrets: [String]) {
    for secret in secrets {
      for start in stride(from: 0, to: secret.count - 8, by: 4) {
        let piece = String(secret.dropFirst(start).prefix(8))
        #expect(!text.contains(piece), "a piece of a planted secret leaked: \(piece)")
      }
    }
  }

  @Test func plantedSecretsAppearNowhere() throws {
    try withCodexHome { home in
      try write(
        """
        {"auth_mode": "chatgpt", "OPENAI_API_KEY": "\(Self.fileSecret)",
         "tokens": {"access_token": "\(Self.tokenSecret)", "refresh_token": "\(Self.tokenSecret)"}}
        """, to: home.authFile)
      chmod(home.authFile, 0o600)
      let check = AuthCheck.run(
        home: home,
        environment: ["OPENAI_API_KEY": Self.envSecret, "CODEX_API_KEY": Self.codexEnvSecret])
      #expect(check.status == .ok, "\(check.detail)")
      #expect(
        check.detail
          == "found an API key in auth.json, ChatGPT tokens in auth.json, $OPENAI_API_KEY, "
          + "$CODEX_API_KEY")
      let facts = Dictionary(uniqueKeysWithValues: check.facts.map { ($0.key, $0.value.text) })
      #expect(facts["auth_file_mode"] == "\"0600\"")
      #expect(facts["stored_auth_mode"] == "\"chatgpt\"")
      #expect(facts["stored_api_key"] == "true")
      #expect(facts["stored_chatgpt_tokens"] == "true")
      #expect(facts["OPENAI_API_KEY"] == "\"set\"")
      Self.expectNoSecret(
        Self.renderings(check),
        [Self.fileSecret, Self.tokenSecret, Self.envSecret, Self.codexEnvSecret])
    }
  }

  @Test func openModeIsAWarningWithAChmodFix() throws {
    try withCodexHome { home in
      try write(
        "{\"auth_mode\": \"apikey\", \"OPENAI_API_KEY\": \"\(Self.fileSecret)\"}", to: home.authFile
      )
      chmod(home.authFile, 0o644)
      let check = AuthCheck.run(home: home, environment: [:])
      #expect(check.status == .warning)
      #expect(check.detail == "\(home.authFile) is open to other users (mode 0644)")
      #expect(check.fix == "`chmod 600 \(home.authFile)`")
      Self.expectNoSecret(Self.renderings(check), [Self.fileSecret])
    }
  }

  @Test func noCredentialsIsAWarningThatSaysHowToLogIn() throws {
    try withCodexHome { home in
      let check = AuthCheck.run(home: home, environment: ["OPENAI_API_KEY": ""])
      #expect(check.status == .warning)
      #expect(check.detail == "no credentials found")
      #expect(check.fix?.contains("codex login") == true)
      let facts = Dictionary(uniqueKeysWithValues: check.facts.map { ($0.key, $0.value.text) })
      #expect(facts["auth_file_present"] == "false")
      #expect(facts["OPENAI_API_KEY"] == "\"set but empty\"")
      #expect(facts["CODEX_API_KEY"] == "\"not set\"")
    }
  }

  @Test func unreadableAuthFileIsNeverQuoted() throws {
    try withCodexHome { home in
      // Not JSON, and an auth mode that is itself a secret: neither may be echoed.
      try write("OPENAI_API_KEY=\(Self.fileSecret)\n", to: home.authFile)
      chmod(home.authFile, 0o600)
      let garbled = AuthCheck.run(home: home, environment: [:])
      #expect(garbled.status == .warning)
      #expect(garbled.detail.contains("\(home.authFile) is not a JSON object"))
      Self.expectNoSecret(Self.renderings(garbled), [Self.fileSecret])

      try write(
        "{\"auth_mode\": \"\(Self.fileSecret)\", \"tokens\": {\"a\": 1}}", to: home.authFile)
      let odd = AuthCheck.run(home: home, environment: [:])
      #expect(odd.status == .ok)
      let mode = odd.facts.first { $0.key == "stored_auth_mode" }?.value.text
      #expect(mode == "\"unrecognised\"")
      Self.expectNoSecret(Self.renderings(odd), [Self.fileSecret])
    }
  }
}
