// Provider tokens: secrets recognizable by their own shape, wherever they appear. Each is
// checked only at the start of a word (after a byte outside `[A-Za-z0-9_-]`), so
// `task-sk-list` and `risk-free` never start one.

extension SecretScanner {
  /// The provider token (or JWT) that starts at `start`, if any. It covers the whole run of
  /// token bytes from `start`.
  func providerToken(at start: Int) -> SecretFinding? {
    // Most words that start with one of these letters are ordinary ("self", "return",
    // "else"); the second byte turns them away before any prefix is compared.
    let second = self[start + 1]
    switch self[start] {
    case UInt8(ascii: "s"):
      guard second == UInt8(ascii: "k") else { return nil }
      if matches("sk-ant-", at: start) {
        return randomToken(.anthropicKey, start, bodyAt: start + 7, bodyBytesMin: 32, runMin: 16)
      }
      if matches("sk-", at: start) {
        // Covers sk-proj-, sk-svcacct-, sk-admin- and the older sk-<48 characters>.
        return randomToken(.openAIKey, start, bodyAt: start + 3, bodyBytesMin: 20, runMin: 16)
      }
      if matches("sk_live_", at: start) || matches("sk_test_", at: start) {
        return randomToken(.stripeKey, start, bodyAt: start + 8, bodyBytesMin: 16, runMin: 16)
      }
    case UInt8(ascii: "r"):
      guard second == UInt8(ascii: "k") else { return nil }
      if matches("rk_live_", at: start) || matches("rk_test_", at: start) {
        return randomToken(.stripeKey, start, bodyAt: start + 8, bodyBytesMin: 16, runMin: 16)
      }
    case UInt8(ascii: "g"):
      guard
        second == UInt8(ascii: "h") || second == UInt8(ascii: "i") || second == UInt8(ascii: "l")
      else { return nil }
      if matches("gh", at: start), self[start + 3] == UInt8(ascii: "_") {
        switch self[start + 2] {
        case UInt8(ascii: "p"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "s"),
          UInt8(ascii: "r"):
          return randomToken(.githubToken, start, bodyAt: start + 4, bodyBytesMin: 30, runMin: 30)
        default:
          return nil
        }
      }
      if matches("github_pat_", at: start) {
        return randomToken(.githubToken, start, bodyAt: start + 11, bodyBytesMin: 40, runMin: 16)
      }
      if matches("glpat-", at: start) {
        return randomToken(.gitlabToken, start, bodyAt: start + 6, bodyBytesMin: 20, runMin: 0)
      }
    case UInt8(ascii: "A"):
      guard
        second == UInt8(ascii: "K") || second == UInt8(ascii: "S") || second == UInt8(ascii: "I")
      else { return nil }
      if matches("AKIA", at: start) || matches("ASIA", at: start) {
        // Exactly 16 upper-case letters and digits, then no further letter or digit.
        for index in start + 4..<start + 20 {
          let byte = self[index]
          guard isUpper(byte) || isDigit(byte) else { return nil }
        }
        guard !isAlphanumeric(self[start + 20]) else { return nil }
        return SecretFinding(kind: .awsAccessKeyID, range: start..<start + 20)
      }
      if matches("AIza", at: start) {
        // Exactly 35 bytes of [A-Za-z0-9_-].
        let end = run(from: start + 4, of: SecretByteClass.word)
        guard end - start == 39 else { return nil }
        return SecretFinding(kind: .googleAPIKey, range: start..<end)
      }
    case UInt8(ascii: "x"):
      guard second == UInt8(ascii: "o") || second == UInt8(ascii: "a") else { return nil }
      if matches("xox", at: start), self[start + 4] == UInt8(ascii: "-") {
        switch self[start + 3] {
        case UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "a"), UInt8(ascii: "o"),
          UInt8(ascii: "r"), UInt8(ascii: "s"):
          return randomToken(.slackToken, start, bodyAt: start + 5, bodyBytesMin: 20, runMin: 0)
        default:
          return nil
        }
      }
      if matches("xapp-", at: start) {
        return randomToken(.slackToken, start, bodyAt: start + 5, bodyBytesMin: 20, runMin: 0)
      }
    case UInt8(ascii: "e"):
      guard second == UInt8(ascii: "y") else { return nil }
      return jsonWebToken(at: start)
    default:
      return nil
    }
    return nil
  }

  /// A token of `kind` from `start` whose random part (the rest of the word from `bodyAt`)
  /// is long enough and looks random: it holds a letter and a digit, and a run of at least
  /// `runMin` letters and digits. Prose such as `sk-learn-is-a-library` fails the test.
  private func randomToken(
    _ kind: SecretKind, _ start: Int, bodyAt bodyStart: Int, bodyBytesMin: Int, runMin: Int
  ) -> SecretFinding? {
    var index = bodyStart
    var hasLetter = false
    var hasDigit = false
    var runBytes = 0
    var runBytesMax = 0
    while index < count {
      let byte = self[index]
      if isLetter(byte) {
        hasLetter = true
        runBytes += 1
      } else if isDigit(byte) {
        hasDigit = true
        runBytes += 1
      } else if byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") {
        runBytesMax = max(runBytesMax, runBytes)
        runBytes = 0
      } else {
        break
      }
      index += 1
    }
    runBytesMax = max(runBytesMax, runBytes)
    guard index - bodyStart >= bodyBytesMin, hasLetter, hasDigit, runBytesMax >= runMin else {
      return nil
    }
    return SecretFinding(kind: kind, range: start..<index)
  }

  /// A JSON Web Token at `start`: `eyJ…` and at least two more base64url segments joined by
  /// dots (five for an encrypted token). Two segments alone are not a token.
  private func jsonWebToken(at start: Int) -> SecretFinding? {
    guard matches("eyJ", at: start) else { return nil }
    let headerEnd = run(from: start, of: SecretByteClass.word)
    guard headerEnd - start >= 10, self[headerEnd] == UInt8(ascii: ".") else { return nil }
    let payloadEnd = run(from: headerEnd + 1, of: SecretByteClass.word)
    guard payloadEnd - headerEnd - 1 >= 2, self[payloadEnd] == UInt8(ascii: ".") else {
      return nil
    }
    var end = run(from: payloadEnd + 1, of: SecretByteClass.word)
    guard end - payloadEnd - 1 >= 2 else { return nil }
    // Take further segments too (JWE has five), but leave a sentence's final dot alone.
    while self[end] == UInt8(ascii: ".") && byte(at: end + 1, isIn: SecretByteClass.word) {
      end = run(from: end + 1, of: SecretByteClass.word)
    }
    return SecretFinding(kind: .jwt, range: start..<end)
  }

  /// The provider token that starts at `start` and ends at or before `end`, for a value or
  /// credential that another detector already delimited.
  func providerToken(at start: Int, endingBy end: Int) -> SecretFinding? {
    guard let token = providerToken(at: start), token.range.upperBound <= end else {
      return nil
    }
    return token
  }
}
