import Testing

@testable import CairnCore

/// The findings of one scan of `bytes`: by ``SecretScanner/next()`` (the pair table, eight
/// positions per round, then the byte filter) or by ``SecretScanner/nextByReference()``
/// (every trigger byte goes to its detector).
private func scanFindings(_ bytes: [UInt8], byReference: Bool) -> [SecretFinding] {
  bytes.withUnsafeBytes { raw in
    SecretScanner.withScanner(over: raw) { scanner in
      var found: [SecretFinding] = []
      while true {
        let next = byReference ? scanner.nextByReference() : scanner.next()
        guard let finding = next else { break }
        found.append(finding)
      }
      return found
    } ?? []
  }
}

/// Scans `bytes` both ways, expects the same findings, and returns them.
@discardableResult
private func expectSameFindings(
  _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) -> [SecretFinding] {
  let fast = scanFindings(bytes, byReference: false)
  let reference = scanFindings(bytes, byReference: true)
  #expect(
    fast == reference,
    "fast path \(fast) vs reference \(reference) in \(redactionDescription(bytes))",
    sourceLocation: sourceLocation)
  return reference
}

/// Pieces that start, end or imitate secrets and their contexts, so random joins of them
/// put trigger bytes, quotes and colons at every offset of the scanner's eight-byte rounds.
private let fragments: [String] = [
  "sk-", "sk-ant-", "sk_live_", "rk_test_", "ghp_", "gho_", "github_pat_", "glpat-", "AKIA", "ASIA",
  "AIza", "xoxb-", "xapp-", "eyJ", "Bearer ", "bearer ", "Basic ", "BASIC ", "-----BEGIN ",
  "RSA PRIVATE KEY-----", "-----END ", "-----", "--", "password", "PASSWORD", "token", "secret",
  "api_key", "apiKey", "Authorization", "auth", "=", "==", "=>", ":", "::", ": ", "\"", "'", "\\\"",
  " ", "\t", "\n", "\\n", "://", "@", "/", ".", "-", "_", "$", "{", "}", "(", ")", "é", "→", "ey",
  "gi", "gl", "ba", "Be", "xa", "xo", "AI", "AK", "AS", "sk", "rk", "s", "k", "e", "y", "b", "B",
  "File12.swift:34: ", "\"key\": ", "'name':", "x=", "TOKEN=", "user:pw@host",
]

private func randomPiece(_ random: inout RedactionRandom) -> String {
  switch random.below(10) {
  case 0: return random.token(3 + random.below(45))
  case 1: return random.string(1 + random.below(12), from: RedactionAlphabet.lower + " ")
  case 2: return random.string(1 + random.below(6), from: "=:-\"' \t/\\@.")
  default: return random.pick(fragments)
  }
}

@Suite("SecretScanner: the fast path finds what the reference scan finds")
struct SecretScannerFastPathTests {
  @Test("random joins of fragments, tokens and noise", arguments: 1...12)
  func randomFragments(seed: UInt64) {
    var random = RedactionRandom(seed: 0xFA57 &+ seed)
    var found = 0
    for _ in 0..<400 {
      var text = ""
      for _ in 0..<random.below(40) { text += randomPiece(&random) }
      found += expectSameFindings(Array(text.utf8)).count
    }
    // The inputs are rich enough that the comparison is not between two empty lists.
    #expect(found > 50)
  }

  @Test("random bytes from the trigger-heavy alphabet and beyond", arguments: 1...8)
  func randomBytes(seed: UInt64) {
    var random = RedactionRandom(seed: 0xB17E &+ seed)
    let heavy = Array("=:-\"' \tskrghilAKSIxoayeEBbBa/\\@._0123456789\n".utf8)
    for _ in 0..<300 {
      let length = random.below(120)
      var bytes: [UInt8] = []
      for _ in 0..<length {
        bytes.append(random.below(4) == 0 ? UInt8(random.below(256)) : random.pick(heavy))
      }
      expectSameFindings(bytes)
    }
  }

  @Test("each corpus secret, shifted through every offset of a round")
  func corpusAtEveryOffset() {
    let fillers = ["", " ", "x", "\"", "'", ":", "a:", "\"k\"", "--", "\\n"]
    var found = 0
    for sample in secretPositiveCorpus.map(\.input) + secretLookAlikeCorpus {
      for shift in 0..<17 {
        for filler in fillers {
          let prefix = String(repeating: "#", count: shift) + filler
          found += expectSameFindings(Array((prefix + sample + filler).utf8)).count
        }
      }
    }
    #expect(found > 1000)
  }

  @Test("every pair of bytes, followed by tails that complete a secret")
  func everyPairOfBytes() {
    // After `<first><second>` these make a secret for some detector: a token body, an
    // assignment value, a URL with a password, a PEM header, a quoted value.
    let tails = [
      "proj-Ab3dEf6hIj9kLm2nOp5qRs8tT3BlbkFJUv1wXy4z", "p_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hI6",
      " \"s3cr3t-Value-0123456789\"", "/user:Pa55word9@db.example.com",
      "---BEGIN RSA PRIVATE KEY-----",
      "arer Ab3dEf6hIj9kLm2nOp5qRs8t", "_token: Ab3dEf6hIj9kLm2nOp5q",
    ]
    var found = 0
    for first in 0..<256 {
      for second in 0..<256 {
        for tail in tails {
          // A word before the pair, or a quote, so both word-start cases come up.
          let lead = Array((second & 1 == 0 ? "ab " : "x\"").utf8)
          let bytes = lead + [UInt8(first), UInt8(second)] + Array(tail.utf8)
          found += expectSameFindings(bytes).count
        }
      }
    }
    #expect(found > 10000)
  }

  @Test("the pair table marks exactly the pairs of the pair filter")
  func pairTable() {
    let triggers = SecretByteClass.triggerAnywhere | SecretByteClass.triggerAtWordStart
    var mismatches: [Int] = []
    for first in 0..<256 {
      for second in 0..<256 {
        let own =
          SecretByteClass.table[first] & triggers != 0
          && SecretScanner.pairMayTrigger(UInt8(first), UInt8(second))
        let next = SecretScanner.isQuote(UInt8(first)) && second == Int(UInt8(ascii: ":"))
        let expected = UInt8(own ? 1 : 0) | UInt8(next ? 2 : 0)
        if SecretByteClass.pairs[first | second << 8] != expected {
          mismatches.append(first | second << 8)
        }
      }
    }
    #expect(mismatches.isEmpty)
  }
}
