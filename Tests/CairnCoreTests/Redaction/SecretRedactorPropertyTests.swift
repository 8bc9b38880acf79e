import CairnCore
import Testing

/// A secret placed in text, with the bytes the redactor must report and their kind.
private struct PlantedSecret {
  var text: String
  var secret: Range<Int>
  var kind: SecretKind

  /// `prefix`, then the secret, then `suffix`.
  init(_ prefix: String, _ secret: String, _ suffix: String = "", kind: SecretKind) {
    text = prefix + secret + suffix
    let start = prefix.utf8.count
    self.secret = start..<start + secret.utf8.count
    self.kind = kind
  }
}

/// A random secret of a random kind, in a random context.
private func randomSecret(_ random: inout RedactionRandom) -> PlantedSecret {
  switch random.below(16) {
  case 0: return .init("", "sk" + "-proj-" + random.token(40), kind: .openAIKey)
  case 1: return .init("", "sk" + "-ant-api03-" + random.token(60), kind: .anthropicKey)
  case 2:
    return .init(
      "", "gh" + random.pick(["p", "o", "u", "s", "r"]) + "_" + random.token(36), kind: .githubToken
    )
  case 3: return .init("", "gl" + "pat-" + random.token(20), kind: .gitlabToken)
  case 4:
    let body = random.string(16, from: RedactionAlphabet.upper + RedactionAlphabet.digits)
    return .init("", random.pick(["AK", "AS"]) + "IA" + body, kind: .awsAccessKeyID)
  case 5: return .init("AI", "za" + random.token(35), kind: .googleAPIKey).shifted(by: -2)
  case 6:
    return .init(
      "", "xox" + "b-" + random.string(12, from: RedactionAlphabet.digits) + "-" + random.token(24),
      kind: .slackToken)
  case 7:
    return .init(
      "", random.pick(["sk", "rk"]) + random.pick(["_live_", "_test_"]) + random.token(24),
      kind: .stripeKey)
  case 8:
    let jwt = "eyJ" + random.token(20) + "." + random.token(30) + "." + random.token(43)
    return .init("", jwt, kind: .jwt)
  case 9: return .init("Authorization: Bearer ", random.token(32), kind: .bearerToken)
  case 10:
    return .init(
      "Authorization: Basic ", base64Encoded("user:" + random.token(12)), kind: .basicCredentials)
  case 11:
    return .init(
      "postgres://app:", random.token(14), "@db.example.com:5432/app", kind: .urlPassword)
  case 12:
    return .init(
      "",
      "-----BEGIN " + "RSA PRIVATE KEY-----\n" + FakeSecret.privateKeyBody
        + "\n-----END RSA PRIVATE KEY-----", kind: .privateKeyBlock)
  case 13:
    let name = random.pick(["API_TOKEN", "DB_PASSWORD", "client_secret", "ApiKey", "auth_token"])
    return .init("export \(name)=", random.token(8 + random.below(30)), kind: .secretAssignment)
  case 14:
    let name = random.pick(["password", "client_secret", "access_token"])
    return .init(
      "{\"\(name)\": \"", random.token(8 + random.below(30)), "\"}", kind: .secretAssignment)
  default:
    return .init(
      "aws_secret_access_key = ", random.token(30) + "/" + random.token(9),
      kind: .awsSecretAccessKey)
  }
}

extension PlantedSecret {
  /// The same text with the secret's start moved by `offset` (for a prefix that belongs to
  /// the secret but was written apart to keep scanners quiet).
  fileprivate func shifted(by offset: Int) -> PlantedSecret {
    var copy = self
    copy.secret = secret.lowerBound + offset..<secret.upperBound
    return copy
  }
}

/// Random prose without secrets: lower-case words, numbers and punctuation, separated by
/// spaces and line breaks. No `=`, `:`, quotes, dashes or upper-case letters, so nothing in
/// it can start or complete a secret.
private func randomProse(_ random: inout RedactionRandom, words: Int) -> String {
  var text = ""
  for index in 0..<words {
    if index > 0 { text += random.below(12) == 0 ? "\n" : " " }
    switch random.below(10) {
    case 0: text += random.string(1 + random.below(12), from: RedactionAlphabet.digits)
    case 1:
      text +=
        random.string(1 + random.below(8), from: RedactionAlphabet.lower)
        + random.pick([".", ",", ";", "!", "?"])
    default: text += random.string(1 + random.below(10), from: RedactionAlphabet.lower)
    }
  }
  return text
}

/// Pieces that start, end or imitate secrets, for inputs that stress the detectors.
private let fragments: [String] = [
  "sk-", "sk-proj-", "sk-ant-", "sk_live_", "rk_test_", "ghp_", "github_pat_", "glpat-", "AKIA",
  "ASIA", "AIza", "xoxb-", "xapp-", "eyJ", ".", "=", "==", ":", ": ", "://", "@", "\"", "'",
  "\\\"", "\\n", "\n", " ", "\t", "$", "${", "{", "(", ")", "[", "]", "<", ">", "&", "?", "/",
  "-", "-----", "-----BEGIN ", "-----END ", "RSA PRIVATE KEY-----", "PRIVATE KEY-----",
  "PUBLIC KEY-----", "Bearer ", "bearer", "Basic ", "Authorization", "Authorization: ",
  "password", "PASSWORD", "pass", "token", "TOKEN", "api_key", "secret", "auth", "author",
  "[REDACTED:", "[REDACTED:openAIKey]", "]", "dXNlcjpwYXNz", "hunter2", "https", "user",
  "abc123DEF456ghi789", "0123456789", "xxx", "***", "é", "\u{FFFD}",
]

@Suite("SecretRedactor: properties")
struct SecretRedactorPropertyTests {
  @Test("random printable text without secrets survives unchanged", arguments: 1...8)
  func randomPrintableTextSurvives(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    let printable = String((0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }) + "\n\t"
    for _ in 0..<64 {
      let text = random.string(random.below(4096), from: printable)
      let (output, findings) = SecretRedactor().redact(text)
      #expect(findings == [], "\(text.debugDescription)")
      #expect(output == text)
    }
  }

  @Test("look-alikes side by side still survive", arguments: 1...4)
  func lookAlikesTogetherSurvive(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    for _ in 0..<32 {
      // Line breaks, not spaces, between them: `Bearer` then a space then a hash would be a
      // credential, and rightly so.
      let text = (0..<1 + random.below(40)).map { _ in random.pick(secretLookAlikeCorpus) }
        .joined(separator: "\n")
      let (output, findings) = SecretRedactor().redact(text)
      #expect(findings == [], "\(text.debugDescription)")
      #expect(output == text)
    }
  }

  @Test("random bytes never crash and obey the laws", arguments: 1...8)
  func randomBytesObeyLaws(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    for _ in 0..<64 {
      let input = (0..<random.below(8192)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      _ = expectRedactionLaws(input)
    }
  }

  @Test("soups of fragments, secrets and noise obey the laws", arguments: 1...16)
  func fragmentSoupsObeyLaws(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    for _ in 0..<64 {
      var input: [UInt8] = []
      for _ in 0..<random.below(200) {
        switch random.below(10) {
        case 0: input += Array(randomSecret(&random).text.utf8)
        case 1: input += (0..<random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 2: input += Array(random.token(3 + random.below(40)).utf8)
        default: input += Array(random.pick(fragments).utf8)
        }
      }
      _ = expectRedactionLaws(input)
    }
  }

  @Test("a secret planted in prose is found at its exact range", arguments: 1...8)
  func plantedSecretIsFound(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    for _ in 0..<64 {
      let before = randomProse(&random, words: random.below(200))
      let after = randomProse(&random, words: random.below(200))
      let planted = randomSecret(&random)
      let prefix = before.isEmpty ? "" : before + random.pick([" ", "\n"])
      let suffix = after.isEmpty ? "" : random.pick([" ", "\n"]) + after
      let text = prefix + planted.text + suffix
      let offset = prefix.utf8.count
      let (output, findings) = SecretRedactor().redact(text)
      let expected = SecretFinding(
        kind: planted.kind,
        range: offset + planted.secret.lowerBound..<offset + planted.secret.upperBound)
      #expect(findings == [expected], "\(planted.text.debugDescription)")
      let bytes = Array(text.utf8)
      let redacted =
        Array(bytes[..<expected.range.lowerBound]) + Array("[REDACTED:\(planted.kind)]".utf8)
        + Array(bytes[expected.range.upperBound...])
      #expect(Array(output.utf8) == redacted)
    }
  }

  @Test("the text and byte forms agree on valid UTF-8", arguments: 1...4)
  func textAndBytesAgree(seed: UInt64) {
    var random = RedactionRandom(seed: seed)
    for _ in 0..<64 {
      let text = (0..<random.below(100)).map { _ in
        random.below(4) == 0 ? randomSecret(&random).text : random.pick(fragments)
      }.joined()
      let (output, textFindings) = SecretRedactor().redact(text)
      let (bytes, byteFindings) = SecretRedactor().redact(Array(text.utf8))
      #expect(textFindings == byteFindings)
      #expect(Array(output.utf8) == bytes)
    }
  }

  @Test("a huge input with one secret at its end")
  func hugeInputWithSecretAtEnd() {
    var random = RedactionRandom(seed: 42)
    let chunk = Array((randomProse(&random, words: 10_000) + "\n").utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8_100_000)
    while bytes.count < 8_000_000 { bytes += chunk }
    let secret = Array(FakeSecret.githubClassic.utf8)
    let start = bytes.count
    bytes += secret
    let (output, findings) = SecretRedactor().redact(bytes)
    #expect(findings == [SecretFinding(kind: .githubToken, range: start..<start + secret.count)])
    #expect(output.count == start + "[REDACTED:githubToken]".utf8.count)
    #expect(Array(output[..<start]) == Array(bytes[..<start]))
    #expect(bytes.withUnsafeBytes { SecretRedactor().containsSecret($0) })
  }

  @Test("a huge input without secrets comes back as it was")
  func hugeInputWithoutSecrets() {
    var random = RedactionRandom(seed: 7)
    let line = Array(randomProse(&random, words: 5000).utf8)
    var bytes: [UInt8] = []
    while bytes.count < 4_000_000 { bytes += line }
    let (output, findings) = SecretRedactor().redact(bytes)
    #expect(findings == [])
    #expect(output == bytes)
    #expect(!bytes.withUnsafeBytes { SecretRedactor().containsSecret($0) })
  }
}
