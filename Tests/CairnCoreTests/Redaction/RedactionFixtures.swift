import CairnCore
import Testing

// Fake secrets in the shapes the redactor recognizes. None is a real credential. The
// provider prefixes are split (`"gh" + "p_…"`) so that secret scanners (GitHub push
// protection, gitleaks) do not take this file for a leak.
enum FakeSecret {
  static let openAILegacy = "sk" + "-" + "Ab3dEf6hIj9kLm2nOp5qRs8tT3BlbkFJUv1wXy4zAb7dEf0hIj3k"
  static let openAIProject =
    "sk" + "-proj-" + "Xy7_Qw3e-Rt5Yu8iOp1aSd4fGh6jKl9zXc2vBn5mQw8eRt1yUi4oPa7sDf0gHj3kLz6x"
  static let openAIServiceAccount =
    "sk" + "-svcacct-" + "Zx9cVb8nM7qW6eR5tY4uI3oP2aS1dF0gH9jK8lZx7cVb6nM5qW4eR3tY2uI1oP"
  static let openAIAdmin = "sk" + "-admin-" + "Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pq0Aa1Ss2Dd3Ff4Gg5Hh6Jj7"
  static let anthropic =
    "sk" + "-ant-api03-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4Cd5Ef6Gh7Ij8Kl9Mn0Op1Qr2"
    + "St3Uv4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3Op4Qr5-AA"
  static let githubClassic = "gh" + "p_" + "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hI6"
  static let githubOAuth = "gh" + "o_" + "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8B"
  static let githubUser = "gh" + "u_" + "Mn4Bv5Cx6Za7Sd8Fg9Hj0Kl1Qw2Er3Ty4Ui5O"
  static let githubServer = "gh" + "s_" + "Pl0Ok9Ij8Uh7Yg6Tf5Rd4Es3Wa2Qz1Xs2Cd3V"
  static let githubRefresh = "gh" + "r_" + "Qa2Ws3Ed4Rf5Tg6Yh7Uj8Ik9Ol0Pz1Xc2Vb3N"
  static let githubFineGrained =
    "github" + "_pat_"
    + "11ABCDEFG0aB1cD2eF3gH4_iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5"
  static let gitlab = "gl" + "pat-" + "Ab3De6Gh9Jk2Mn5Pq8St"
  static let awsAccessKeyID = "AK" + "IAIOSFODNN7EXAMPLE"
  static let awsSessionKeyID = "AS" + "IAY34FZKBOKMUTVV7A"
  static let awsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  static let google = "AI" + "za" + "SyD4x9Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lm"
  static let slackBot = "xox" + "b-" + "123456789012-1234567890123-Ab3De6Gh9Jk2Mn5Pq8St1Vw4Y"
  static let slackUser = "xox" + "p-" + "123456789012-123456789012-1234567890123-0a1b2c3d4e5f"
  static let slackApp = "xa" + "pp-" + "1-A0123456789-1234567890123-0a1b2c3d4e5f6a7b8c9d"
  static let stripeLive = "sk" + "_live_" + "51Hx9Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7"
  static let stripeTest = "sk" + "_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
  static let stripeRestricted = "rk" + "_live_" + "51Hx9Qa2Ws3Ed4Rf5Tg6Yh7Uj8Ik9Ol0"
  // The example token of jwt.io.
  static let jwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
  static let privateKeyBody =
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
    + "LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo"
  static let rsaPrivateKey =
    "-----BEGIN " + "RSA PRIVATE KEY-----\n" + privateKeyBody + "\n-----END RSA PRIVATE KEY-----"
  static let openSSHPrivateKey =
    "-----BEGIN " + "OPENSSH PRIVATE KEY-----\n"
    + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    + "QyNTUxOQAAACBkZXZpY2Uta2V5LWZvci10ZXN0cy1vbmx5LW5vdC1yZWFsAAAAA\n"
    + "-----END OPENSSH PRIVATE KEY-----"
}

/// A seeded SplitMix64 generator, so every random input is reproducible from its seed.
/// (CairnCoreTests does not depend on CairnStore, which has its own.)
struct RedactionRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A value in `0..<bound`.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

  /// One element of `choices`.
  mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

  /// `count` characters drawn from `alphabet`.
  mutating func string(_ count: Int, from alphabet: String) -> String {
    let characters = Array(alphabet)
    return String((0..<count).map { _ in characters[below(characters.count)] })
  }

  /// `count` letters and digits holding at least one upper-case letter, one lower-case
  /// letter and one digit, as random tokens do.
  mutating func token(_ count: Int) -> String {
    precondition(count >= 3, "a token needs room for each class")
    var characters = Array(string(count - 3, from: RedactionAlphabet.alphanumerics))
    for required in [RedactionAlphabet.upper, RedactionAlphabet.lower, RedactionAlphabet.digits] {
      characters.insert(Array(required)[below(required.count)], at: below(characters.count + 1))
    }
    return String(characters)
  }
}

enum RedactionAlphabet {
  static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  static let lower = "abcdefghijklmnopqrstuvwxyz"
  static let digits = "0123456789"
  static let alphanumerics = upper + lower + digits
}

/// Base64 of `bytes`, standard alphabet with padding (for `Basic` credentials).
func base64Encoded(_ text: String) -> String {
  let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  let bytes = Array(text.utf8)
  var output = ""
  var index = 0
  while index < bytes.count {
    let chunk = bytes[index..<min(index + 3, bytes.count)]
    var bits: UInt32 = 0
    for (offset, byte) in chunk.enumerated() { bits |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
    for position in 0..<4 {
      if position <= chunk.count {
        output.append(table[Int((bits >> (18 - 6 * UInt32(position))) & 63)])
      } else {
        output.append("=")
      }
    }
    index += 3
  }
  return output
}

/// Checks the laws every redaction obeys, whatever the input: findings in range, non-empty,
/// ordered and non-overlapping; the output is the input with each range replaced by its
/// mark; `containsSecret` agrees; and redacting the output finds nothing more.
func expectRedactionLaws(
  _ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) -> (bytes: [UInt8], findings: [SecretFinding]) {
  let redactor = SecretRedactor()
  let (output, findings) = redactor.redact(input)
  var previousEnd = 0
  var expected: [UInt8] = []
  for finding in findings {
    #expect(
      finding.range.lowerBound >= previousEnd && finding.range.lowerBound < finding.range.upperBound
        && finding.range.upperBound <= input.count,
      "finding \(finding) out of order or range", sourceLocation: sourceLocation)
    guard finding.range.lowerBound >= previousEnd, finding.range.upperBound <= input.count else {
      return (output, findings)
    }
    expected += input[previousEnd..<finding.range.lowerBound]
    expected += Array("[REDACTED:\(finding.kind.rawValue)]".utf8)
    previousEnd = finding.range.upperBound
  }
  expected += input[previousEnd...]
  #expect(output == expected, "output is not the input with marks", sourceLocation: sourceLocation)
  let contains = input.withUnsafeBytes { redactor.containsSecret($0) }
  #expect(contains == !findings.isEmpty, sourceLocation: sourceLocation)
  let again = redactor.redact(output)
  #expect(
    again.findings.isEmpty,
    "redacting twice found \(again.findings) in \(redactionDescription(output))",
    sourceLocation: sourceLocation)
  return (output, findings)
}

/// `bytes` as a string for failure messages, with invalid UTF-8 repaired.
func redactionDescription(_ bytes: [UInt8]) -> String {
  String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription
}
