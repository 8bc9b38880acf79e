// Credentials introduced by an authentication scheme (`Bearer …`, `Basic …`, the value of
// an `Authorization` header) and passwords in URLs.

extension SecretScanner {
  /// `Bearer <token>` or `Basic <base64>` at the start of a word, in any case, with spaces
  /// or tabs (not a line break) before the credential.
  func schemeCredential(at start: Int) -> SecretFinding? {
    let second = lowercased(self[start + 1])
    guard second == UInt8(ascii: "e") || second == UInt8(ascii: "a") else { return nil }
    if matchesIgnoringCase("bearer", at: start), isBlank(self[start + 6]) {
      let credentialStart = skipBlanks(from: start + 6)
      return credential(from: credentialStart, scheme: .bearer)
    }
    if matchesIgnoringCase("basic", at: start), isBlank(self[start + 5]) {
      let credentialStart = skipBlanks(from: start + 5)
      return credential(from: credentialStart, scheme: .basic)
    }
    return nil
  }

  /// The scheme in front of a credential.
  enum CredentialScheme {
    /// `Bearer`, outside or inside an `Authorization` header.
    case bearer
    /// `Basic`, outside or inside an `Authorization` header.
    case basic
    /// Any other scheme word in an `Authorization` header (`token`, `Digest`, `ApiKey`, …).
    case other
  }

  /// The credential at `start`: the run of `b64token` bytes there, without a sentence's
  /// final dot. A provider token keeps its own kind. A `Basic` credential must decode to
  /// printable `user:password`; any other must look like a credential (see
  /// ``looksLikeCredential(_:_:)``).
  func credential(from start: Int, scheme: CredentialScheme) -> SecretFinding? {
    var end = run(from: start, of: SecretByteClass.credential)
    while end > start && self[end - 1] == UInt8(ascii: ".") { end -= 1 }
    guard end > start else { return nil }
    if let token = providerToken(at: start, endingBy: end) {
      return SecretFinding(kind: token.kind, range: start..<end)
    }
    switch scheme {
    case .basic:
      guard decodesToUserAndPassword(start, end) else { return nil }
      return SecretFinding(kind: .basicCredentials, range: start..<end)
    case .bearer, .other:
      guard looksLikeCredential(start, end) else { return nil }
      return SecretFinding(kind: .bearerToken, range: start..<end)
    }
  }

  /// Whether `start..<end` looks like a credential rather than a word: long enough, not a
  /// placeholder, and holding a digit (or, when long, both cases). `Bearer tokens` and
  /// `Bearer authentication` fail; `Bearer 9f8e7d6c5b4a` passes.
  func looksLikeCredential(_ start: Int, _ end: Int) -> Bool {
    guard end - start >= RedactionLimits.credentialBytesMin, !isPlaceholder(start, end) else {
      return false
    }
    var hasDigit = false
    var hasUpper = false
    var hasLower = false
    for index in start..<end {
      let byte = self[index]
      hasDigit = hasDigit || isDigit(byte)
      hasUpper = hasUpper || isUpper(byte)
      hasLower = hasLower || isLower(byte)
    }
    return hasDigit
      || (end - start >= RedactionLimits.credentialWithoutDigitsBytesMin && hasUpper && hasLower)
  }

  /// Whether `start..<end` is standard base64 of printable text holding a `:`, as HTTP basic
  /// credentials are (`dXNlcjpwYXNz` is `user:pass`).
  func decodesToUserAndPassword(_ start: Int, _ end: Int) -> Bool {
    var dataEnd = end
    while dataEnd > start && end - dataEnd < 2 && self[dataEnd - 1] == UInt8(ascii: "=") {
      dataEnd -= 1
    }
    guard dataEnd - start >= 4, (dataEnd - start) % 4 != 1 else { return false }
    var bits: UInt32 = 0
    var bitCount = 0
    var hasColon = false
    for index in start..<dataEnd {
      let byte = self[index]
      let sextet: UInt32
      if isUpper(byte) {
        sextet = UInt32(byte - UInt8(ascii: "A"))
      } else if isLower(byte) {
        sextet = UInt32(byte - UInt8(ascii: "a")) + 26
      } else if isDigit(byte) {
        sextet = UInt32(byte - UInt8(ascii: "0")) + 52
      } else if byte == UInt8(ascii: "+") {
        sextet = 62
      } else if byte == UInt8(ascii: "/") {
        sextet = 63
      } else {
        return false
      }
      bits = (bits << 6) | sextet
      bitCount += 6
      if bitCount >= 8 {
        bitCount -= 8
        let decoded = UInt8(truncatingIfNeeded: bits >> UInt32(bitCount))
        // Printable ASCII or UTF-8 beyond ASCII; control bytes mean this is not text.
        guard decoded >= 0x20 && decoded != 0x7F else { return false }
        hasColon = hasColon || decoded == UInt8(ascii: ":")
      }
    }
    return hasColon
  }

  /// The credential in the value of an `Authorization` header at `start`: an optional
  /// opening quote, a scheme word, blanks, and the credential.
  func authorizationCredential(from start: Int) -> SecretFinding? {
    var index = start
    if self[index] == UInt8(ascii: "\"") || self[index] == UInt8(ascii: "'") {
      index += 1
    } else if self[index] == UInt8(ascii: "\\") && self[index + 1] == UInt8(ascii: "\"") {
      index += 2
    }
    let schemeStart = index
    while isLetter(self[index])
      && index - schemeStart <= RedactionLimits.authorizationSchemeBytesMax
    {
      index += 1
    }
    guard index > schemeStart, isBlank(self[index]) else { return nil }
    let scheme: CredentialScheme
    if index - schemeStart == 5 && matchesIgnoringCase("basic", at: schemeStart) {
      scheme = .basic
    } else if index - schemeStart == 6 && matchesIgnoringCase("bearer", at: schemeStart) {
      scheme = .bearer
    } else {
      scheme = .other
    }
    return credential(from: skipBlanks(from: index), scheme: scheme)
  }

  /// The password of the URL whose `://` starts at `colon`: `scheme://user:password@host`.
  /// Only the password is reported, unless the user is itself a provider token (as in
  /// `https://ghp_…:x-oauth-basic@github.com`); then the user is reported first and the
  /// password is kept in ``pending``.
  mutating func urlPassword(colonAt colon: Int) -> SecretFinding? {
    guard colon > floor, isAlphanumeric(self[colon - 1]) else { return nil }
    let userStart = colon + 3
    var index = userStart
    var lastAt: Int?
    var firstColon: Int?
    while index < count && !byte(at: index, isIn: SecretByteClass.authorityStop) {
      let byte = self[index]
      if byte == UInt8(ascii: "["), matches("[REDACTED:", at: index) {
        // A user already redacted (`https://[REDACTED:githubToken]@host`): its colon is
        // not the one before a password.
        index += 10
        while index < count && self[index] != UInt8(ascii: "]")
          && !self.byte(at: index, isIn: SecretByteClass.authorityStop)
        {
          index += 1
        }
        continue
      }
      if byte == UInt8(ascii: "@") {
        lastAt = index
      } else if byte == UInt8(ascii: ":") && firstColon == nil {
        firstColon = index
      }
      index += 1
    }
    guard let at = lastAt, let separator = firstColon, separator < at else { return nil }
    let passwordStart = separator + 1
    guard passwordStart < at, self[passwordStart] != UInt8(ascii: "$"),
      !isPlaceholder(passwordStart, at), !containsRedactionMark(passwordStart, at)
    else { return nil }
    let kind = providerToken(at: passwordStart, endingBy: at)?.kind ?? .urlPassword
    let password = SecretFinding(kind: kind, range: passwordStart..<at)
    if let user = providerToken(at: userStart, endingBy: separator) {
      pending = password
      return user
    }
    return password
  }

  /// The first byte at or after `start` that is not a space or tab.
  func skipBlanks(from start: Int) -> Int {
    var index = start
    while index < count && isBlank(self[index]) { index += 1 }
    return index
  }
}
