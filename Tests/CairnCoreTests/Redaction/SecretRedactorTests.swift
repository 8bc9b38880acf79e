import CairnCore
import Testing

@Suite("SecretRedactor: API and edge cases")
struct SecretRedactorTests {
  let redactor = SecretRedactor()

  @Test("text without secrets comes back unchanged, with no findings")
  func unchangedWithoutSecrets() {
    for text in ["", "a", "hello world\n", "ünïcödé ✓ text", "x=1 y: 2"] {
      let bytes = Array(text.utf8)
      let result = redactor.redact(bytes)
      #expect(result.bytes == bytes)
      #expect(result.findings == [])
      let textResult = redactor.redact(text)
      #expect(textResult.text == text)
      #expect(textResult.findings == [])
    }
  }

  @Test("containsSecret answers for empty, clean and secret-holding buffers")
  func containsSecret() {
    #expect(!redactor.containsSecret(UnsafeRawBufferPointer(start: nil, count: 0)))
    #expect(!Array("nothing here".utf8).withUnsafeBytes { redactor.containsSecret($0) })
    #expect(Array("PASSWORD=hunter2".utf8).withUnsafeBytes { redactor.containsSecret($0) })
    // Memory bound to another type is read as bytes.
    let words: [UInt32] = [0x4B41_4E41, 0x4F49_4941]
    #expect(!words.withUnsafeBytes { redactor.containsSecret($0) })
  }

  @Test("the mark is [REDACTED:<kind>], and kind names are stable")
  func markFormat() {
    #expect(
      SecretKind.allCases.map(\.rawValue) == [
        "openAIKey", "anthropicKey", "githubToken", "gitlabToken", "awsAccessKeyID",
        "awsSecretAccessKey", "googleAPIKey", "slackToken", "stripeKey", "jwt", "bearerToken",
        "basicCredentials", "urlPassword", "privateKeyBlock", "secretAssignment",
      ])
    #expect(redactor.redact("token \(FakeSecret.gitlab)").text == "token [REDACTED:gitlabToken]")
  }

  @Test("ranges cover only the secret part, in the original input")
  func rangesCoverOnlyTheSecret() {
    let input = "PASSWORD=\"hunter22\" url=https://u:pw@h/ Authorization: Bearer abcd1234efgh"
    let findings = redactor.redact(input).findings
    #expect(
      findings == [
        SecretFinding(kind: .secretAssignment, range: 10..<18),
        SecretFinding(kind: .urlPassword, range: 34..<36),
        SecretFinding(kind: .bearerToken, range: 62..<74),
      ])
    let bytes = Array(input.utf8)
    #expect(
      findings.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [
        "hunter22", "pw", "abcd1234efgh",
      ])
  }

  @Test("a token as the user of a URL and the password after it are two findings")
  func tokenUserAndPassword() {
    let input = "https://\(FakeSecret.githubClassic):pw@github.com"
    let (text, findings) = redactor.redact(input)
    #expect(text == "https://[REDACTED:githubToken]:[REDACTED:urlPassword]@github.com")
    #expect(
      findings == [
        SecretFinding(kind: .githubToken, range: 8..<48),
        SecretFinding(kind: .urlPassword, range: 49..<51),
      ])
  }

  @Test("a secret recognizable only once its neighbour is redacted is found too")
  func secondScan() {
    // The credential run first takes in the Google key and fails to decode; once the key
    // is a mark, the credential decodes. Redaction scans until nothing more is found.
    let credential = base64Encoded("user:pas")
    let input = "Basic " + credential + FakeSecret.google
    let (text, findings) = redactor.redact(input)
    #expect(text == "Basic [REDACTED:basicCredentials][REDACTED:googleAPIKey]")
    #expect(
      findings == [
        SecretFinding(kind: .basicCredentials, range: 6..<18),
        SecretFinding(kind: .googleAPIKey, range: 18..<57),
      ])
  }

  @Test("an unterminated private key runs to the end of the input")
  func unterminatedPrivateKey() {
    let input = "before\n-----BEGIN " + "RSA PRIVATE KEY-----\n" + FakeSecret.privateKeyBody
    let (text, findings) = redactor.redact(input)
    #expect(text == "before\n[REDACTED:privateKeyBlock]")
    #expect(findings == [SecretFinding(kind: .privateKeyBlock, range: 7..<input.utf8.count)])
  }

  @Test("a private key ends at the first END line, which must carry its label")
  func privateKeyEndLabel() {
    let key = "-----BEGIN " + "EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk\n"
    // The END line of a certificate does not close the key: it runs to the end.
    let mismatched = key + "-----END CERTIFICATE-----\ntail"
    #expect(redactor.redact(mismatched).text == "[REDACTED:privateKeyBlock]")
    let matched = key + "-----END EC PRIVATE KEY-----\ntail"
    #expect(redactor.redact(matched).text == "[REDACTED:privateKeyBlock]\ntail")
  }

  @Test("secrets among invalid UTF-8 and binary bytes are found exactly")
  func secretsAmongBinaryBytes() {
    let secret = Array(FakeSecret.githubClassic.utf8)
    let input: [UInt8] = [0xFF, 0xC3, 0x00, 0x20] + secret + [0x00, 0x80, 0xFE]
    let (output, findings) = redactor.redact(input)
    #expect(findings == [SecretFinding(kind: .githubToken, range: 4..<4 + secret.count)])
    #expect(
      output == [0xFF, 0xC3, 0x00, 0x20] + Array("[REDACTED:githubToken]".utf8) + [
        0x00, 0x80, 0xFE,
      ])
  }

  @Test("a secret cut off by the end of the input is still found")
  func secretAtTheVeryEnd() {
    #expect(redactor.redact("PASSWORD=x").findings.map(\.range) == [9..<10])
    #expect(
      redactor.redact("Authorization: Bearer abcd1234efgh").text.hasSuffix("[REDACTED:bearerToken]")
    )
    #expect(redactor.redact("u://a:b@").findings.map(\.range) == [6..<7])
    #expect(redactor.redact("password: \"unterminated").findings == [])
  }

  @Test("pathological repetitions finish and obey the laws")
  func pathologicalRepetitions() {
    for (piece, times) in [
      ("token=", 10_000), ("\"token\": \"a", 5_000), ("-----BEGIN RSA PRIVATE KEY-----", 2_000),
      ("a://", 10_000), ("eyJhbGciOiJIUzI1NiJ9.", 2_000), ("password: a: ", 5_000),
      ("Bearer ", 10_000), ("-", 50_000), ("a=b=", 10_000), ("sk-ab", 10_000),
      ("https://u:", 5_000), ("\\\"", 10_000), ("'", 20_000),
    ] {
      let input = Array(String(repeating: piece, count: times).utf8)
      _ = expectRedactionLaws(input)
    }
  }

  @Test("a redacted output redacts to itself")
  func idempotentOnTheCorpus() {
    for entry in secretPositiveCorpus {
      let once = redactor.redact(entry.input).text
      let twice = redactor.redact(once)
      #expect(twice.text == once)
      #expect(twice.findings == [])
    }
  }
}
