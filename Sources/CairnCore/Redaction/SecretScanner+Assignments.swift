// Assignments whose name looks secret: `NAME=value`, `export NAME="value"`, `NAME: value`,
// `"name": "value"`, `--name=value`, `?name=value&…`. Only the value is a secret, and only
// when it looks like one (docs/REDACTION.md, "Assignments").

extension SecretScanner {
  /// The secret value of the assignment whose separator (`=` or `:`) is at `separator`.
  mutating func assignment(separatorAt separator: Int, isColon: Bool) -> SecretFinding? {
    guard separator > floor else { return nil }
    var nameEnd = separator
    var isQuotedName = false
    var isSpaced = isColon
    if isColon {
      let before = self[separator - 1]
      if before == UInt8(ascii: "\"") || before == UInt8(ascii: "'") {
        // `"name": value`, or `\"name\": value` inside a JSON string.
        isQuotedName = true
        nameEnd = separator - 1
        if nameEnd > floor && self[nameEnd - 1] == UInt8(ascii: "\\") { nameEnd -= 1 }
      } else {
        // `name: value` needs a blank (YAML, HTTP headers) or a quote (`{token:"…"}`) after
        // the colon, which keeps out `http:`, `C:\`, `12:30` and `a::b`.
        let after = self[separator + 1]
        guard isBlank(after) || after == UInt8(ascii: "\"") || after == UInt8(ascii: "'") else {
          return nil
        }
      }
    } else {
      // Not `==`, `=~`, `=>`; and not `!=`, `<=`, `+=`, … since the name must end right
      // before the `=`. Go's `:=` is an assignment.
      let after = self[separator + 1]
      guard after != UInt8(ascii: "="), after != UInt8(ascii: "~"), after != UInt8(ascii: ">")
      else { return nil }
      if nameEnd > floor && self[nameEnd - 1] == UInt8(ascii: ":") { nameEnd -= 1 }
      let paddingEnd = nameEnd
      while nameEnd > floor && paddingEnd - nameEnd < RedactionLimits.separatorPaddingBytesMax
        && isBlank(self[nameEnd - 1])
      {
        nameEnd -= 1
      }
      isSpaced = nameEnd < paddingEnd
    }
    var nameStart = nameEnd
    var letters: UInt32 = 0
    while nameStart > floor && nameEnd - nameStart < RedactionLimits.nameBytesMax
      && byte(at: nameStart - 1, isIn: SecretByteClass.name)
    {
      nameStart -= 1
      letters |= letterBit(self[nameStart])
    }
    guard nameStart < nameEnd, SecretWordLetters.mayHoldSecretWord(letters) else { return nil }
    if nameStart > floor && byte(at: nameStart - 1, isIn: SecretByteClass.name) {
      return nil  // Longer than any name we take.
    }
    if isQuotedName {
      guard nameStart > floor,
        self[nameStart - 1] == UInt8(ascii: "\"") || self[nameStart - 1] == UInt8(ascii: "'")
      else { return nil }
    }
    // In JSON-escaped text a name can follow an escape: `\nPASSWORD=…`.
    if nameStart > floor && self[nameStart - 1] == UInt8(ascii: "\\") {
      switch self[nameStart] {
      case UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): nameStart += 1
      default: break
      }
    }
    guard nameStart < nameEnd, let traits = secretName(nameStart, nameEnd) else { return nil }
    let valueStart = skipBlanks(from: separator + 1)
    isSpaced = isSpaced || valueStart > separator + 1
    if traits.isAuthorization, let credential = authorizationCredential(from: valueStart) {
      return credential
    }
    return assignedValue(from: valueStart, traits: traits, isSpaced: isSpaced)
  }

  /// The value at `start`, quoted (`"…"`, `'…'`, or `\"…\"` inside a JSON string, on one
  /// line) or unquoted (up to a ``SecretByteClass/valueStop`` byte), when it is a secret.
  private mutating func assignedValue(
    from start: Int, traits: SecretNameTraits, isSpaced: Bool
  ) -> SecretFinding? {
    guard start < count else { return nil }
    let first = self[start]
    let valueStart: Int
    var valueEnd: Int
    let isQuoted: Bool
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
      || (first == UInt8(ascii: "\\") && self[start + 1] == UInt8(ascii: "\""))
    {
      // The value ends at the next quote of its kind, ignoring backslash escapes: then each
      // quote closes at most one value, and the scans for values stay disjoint.
      let isEscaped = first == UInt8(ascii: "\\")
      let quote = isEscaped ? UInt8(ascii: "\"") : first
      valueStart = start + (isEscaped ? 2 : 1)
      var index = valueStart
      while index < count {
        let byte = self[index]
        if byte == quote || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
        index += 1
      }
      guard index < count, self[index] == quote else { return nil }
      valueEnd = index
      if isEscaped && valueEnd > valueStart && self[valueEnd - 1] == UInt8(ascii: "\\") {
        valueEnd -= 1
      }
      isQuoted = true
    } else {
      valueStart = start
      valueEnd = unquotedRunEnd(from: start)
      // `let token = parse(input)`: a call is code, not a secret.
      if self[valueEnd] == UInt8(ascii: "(") && valueEnd < count { return nil }
      isQuoted = false
    }
    guard valueStart < valueEnd else { return nil }
    // A provider token keeps its kind and its own extent (`token: xoxb-….` leaves the dot).
    if let token = providerToken(at: valueStart, endingBy: valueEnd) { return token }
    guard
      isSecretValue(
        valueStart, valueEnd, traits: traits, isQuoted: isQuoted, isSpaced: isSpaced,
        isFollowedByWord: !isQuoted && isLetter(self[skipBlanks(from: valueEnd)])
          && isBlank(self[valueEnd]))
    else { return nil }
    let kind: SecretKind = traits.isAWSSecretAccessKey ? .awsSecretAccessKey : .secretAssignment
    return SecretFinding(kind: kind, range: valueStart..<valueEnd)
  }

  /// The end of the unquoted value run that starts at `start`. A run holding several `=`
  /// after secret names (`token=token=token=…`) is measured once.
  private mutating func unquotedRunEnd(from start: Int) -> Int {
    if start > unquotedRun.lowerBound && start < unquotedRun.upperBound {
      return unquotedRun.upperBound
    }
    var index = start
    while index < count && !byte(at: index, isIn: SecretByteClass.valueStop) { index += 1 }
    unquotedRun = start..<index
    return index
  }

  /// Whether the value `start..<end` of a secret-looking name is a secret. The rules, in
  /// order (docs/REDACTION.md, "What survives"):
  ///
  /// - a PEM block is left to ``privateKeyBlock(at:)``;
  /// - references (`$VAR`, `${VAR}`), structures (`{…}`, `[…]`) and placeholders survive;
  /// - numbers survive unless the name is a password name;
  /// - URLs and file paths survive (a password inside a URL is found by itself);
  /// - quoted values with interpolation (`"\(token)"`, `"${TOKEN}"`, `"{{ token }}"`) survive;
  /// - values shorter than 8 bytes survive unless the name is a password name;
  /// - written with blanks around the separator, or quoted, after a name that is not all
  ///   upper-case: prose and single words in one case survive unless the name is a password
  ///   name; unquoted identifiers and member paths without digits (`String`,
  ///   `config.apiKey`) survive as code, but after a password name only when they do not
  ///   look like a plain lower-case word (`password: postgres` is a secret) or when more
  ///   words follow on the line (`Password: enter it below` is prose);
  /// - values already holding `[REDACTED:` survive, so redaction is idempotent.
  private func isSecretValue(
    _ start: Int, _ end: Int, traits: SecretNameTraits, isQuoted: Bool, isSpaced: Bool,
    isFollowedByWord: Bool
  ) -> Bool {
    if matches("-----BEGIN", at: start) { return false }
    switch self[start] {
    case UInt8(ascii: "$"), UInt8(ascii: "{"), UInt8(ascii: "["): return false
    default: break
    }
    if isPlaceholder(start, end) { return false }
    if isNumeric(start, end) { return traits.isPassword }
    if startsWithURLScheme(start, end) || isPath(start, end) { return false }
    if isQuoted && hasInterpolation(start, end) { return false }
    if !traits.isPassword && end - start < RedactionLimits.valueBytesMin { return false }
    if (isQuoted || isSpaced) && !traits.isConfigurationName {
      if !traits.isPassword && isWordLike(start, end) { return false }
      if !isQuoted
        && isIdentifierPath(start, end, isPasswordName: traits.isPassword && !isFollowedByWord)
      {
        return false
      }
    }
    return !containsRedactionMark(start, end)
  }
}
