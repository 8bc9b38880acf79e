// Whether the name of an assignment looks secret. Names are compared in any case and with
// `_` and `-` ignored, so `API_KEY`, `apiKey`, `api-key` and `X-Api-Key` all hold `apikey`.

extension SecretScanner {
  /// The traits of the name `start..<end` when it looks secret, or `nil`.
  ///
  /// Only the last dot-separated segment counts (`credential.helper` is not secret,
  /// `spring.datasource.password` is), and leading dashes of a command-line flag are
  /// dropped (`--api-key`).
  func secretName(_ start: Int, _ end: Int) -> SecretNameTraits? {
    var segmentStart = start
    while segmentStart < end && self[segmentStart] == UInt8(ascii: "-") { segmentStart += 1 }
    for index in segmentStart..<end where self[index] == UInt8(ascii: ".") {
      segmentStart = index + 1
    }
    guard segmentStart < end else { return nil }
    var traits = SecretNameTraits()
    traits.isPassword = endsWithPasswordWord(segmentStart, end)
    guard traits.isPassword || containsSecretWord(segmentStart, end) else { return nil }
    traits.isAuthorization =
      end - segmentStart >= 13
      && (matchesIgnoringCase("authorization", at: end - 13)
        || matchesIgnoringCase("authorisation", at: end - 13))
    traits.isAWSSecretAccessKey = (segmentStart..<end).contains {
      normalizedMatchEnd("secretaccesskey", at: $0, end: end) != nil
    }
    traits.isConfigurationName = !(start..<end).contains { isLower(self[$0]) }
    return traits
  }

  /// Whether the segment ends with a password word at a word boundary: the segment's start,
  /// `_` or `-`, or a lower-case letter or digit before an upper-case one (`dbPassword`).
  /// `BYPASS` and `compass` do not.
  private func endsWithPasswordWord(_ start: Int, _ end: Int) -> Bool {
    endsWithWord("password", start, end) || endsWithWord("passwd", start, end)
      || endsWithWord("passphrase", start, end) || endsWithWord("pass", start, end)
  }

  private func endsWithWord(_ word: StaticString, _ start: Int, _ end: Int) -> Bool {
    let suffixStart = end - word.utf8CodeUnitCount
    guard suffixStart >= start, matchesIgnoringCase(word, at: suffixStart) else { return false }
    if suffixStart == start { return true }
    let before = self[suffixStart - 1]
    if before == UInt8(ascii: "_") || before == UInt8(ascii: "-") { return true }
    return isUpper(self[suffixStart]) && (isLower(before) || isDigit(before))
  }

  /// Whether the segment holds one of the secret words: `password`, `passwd`, `passphrase`,
  /// `secret`, `token`, `apikey`, `accesskey`, `privatekey`, `auth`, `credential`. Two
  /// look-alikes are skipped: `token` in `tokenizer`, and `auth` in `author` and
  /// `authority` (but not in `authorization`).
  private func containsSecretWord(_ start: Int, _ end: Int) -> Bool {
    for index in start..<end {
      switch lowercased(self[index]) {
      case UInt8(ascii: "p"):
        if normalizedMatchEnd("password", at: index, end: end) != nil
          || normalizedMatchEnd("passwd", at: index, end: end) != nil
          || normalizedMatchEnd("passphrase", at: index, end: end) != nil
          || normalizedMatchEnd("privatekey", at: index, end: end) != nil
        {
          return true
        }
      case UInt8(ascii: "s"):
        if normalizedMatchEnd("secret", at: index, end: end) != nil { return true }
      case UInt8(ascii: "t"):
        if let after = normalizedMatchEnd("token", at: index, end: end),
          normalizedMatchEnd("iz", at: after, end: end) == nil
        {
          return true
        }
      case UInt8(ascii: "a"):
        if normalizedMatchEnd("apikey", at: index, end: end) != nil
          || normalizedMatchEnd("accesskey", at: index, end: end) != nil
        {
          return true
        }
        if let after = normalizedMatchEnd("auth", at: index, end: end) {
          guard let afterOr = normalizedMatchEnd("or", at: after, end: end) else { return true }
          if normalizedMatchEnd("iz", at: afterOr, end: end) != nil
            || normalizedMatchEnd("is", at: afterOr, end: end) != nil
          {
            return true
          }
        }
      case UInt8(ascii: "c"):
        if normalizedMatchEnd("credential", at: index, end: end) != nil { return true }
      default:
        continue
      }
    }
    return false
  }

  /// Where `word` (lower-case letters) ends when it starts at `start`, compared in any case
  /// and skipping `_` and `-` between its letters; `nil` when it is not there.
  func normalizedMatchEnd(_ word: StaticString, at start: Int, end: Int) -> Int? {
    let letters = word.utf8Start
    var index = start
    for offset in 0..<word.utf8CodeUnitCount {
      if offset > 0 {
        while index < end && (self[index] == UInt8(ascii: "_") || self[index] == UInt8(ascii: "-"))
        {
          index += 1
        }
      }
      guard index < end, lowercased(self[index]) == letters[offset] else { return nil }
      index += 1
    }
    return index
  }
}
