// Shapes of values that are not secrets even under a secret-looking name.

extension SecretScanner {
  /// Whether `start..<end` is a placeholder: `<…>`; three or more mask characters
  /// (`***`, `xxxxxxxx`, `...`, `---`, `###`) or any run of `*`; a value starting with `your`
  /// (`your-token`, `YOUR_API_KEY`); or, ignoring case and `_`/`-`, one of `changeme`,
  /// `changeit`, `password`, `passwd`, `placeholder`, `secret`, `sample`, `token`, `test`,
  /// `todo`, `true`, `apikey`, `redacted`, `required`, `none`, `null`, `nil`, `notset`,
  /// `no`, `undefined`, `unset`, `empty`, `example`, `dummy`, `fixme`, `false`, `hidden`,
  /// `masked`, `yes`, `on`, `off`, `optional`.
  func isPlaceholder(_ start: Int, _ end: Int) -> Bool {
    guard start < end else { return true }
    if self[start] == UInt8(ascii: "<") && self[end - 1] == UInt8(ascii: ">") { return true }
    var isMask = true
    var hasStar = false
    for index in start..<end {
      switch self[index] {
      case UInt8(ascii: "*"): hasStar = true
      case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "."), UInt8(ascii: "#"),
        UInt8(ascii: "-"), UInt8(ascii: "_"):
        break
      default: isMask = false
      }
      if !isMask { break }
    }
    if isMask && (hasStar || end - start >= 3) { return true }
    if matchesIgnoringCase("your", at: start) && end - start >= 4 { return true }
    return isPlaceholderWord(start, end)
  }

  private func isPlaceholderWord(_ start: Int, _ end: Int) -> Bool {
    func equals(_ word: StaticString) -> Bool {
      normalizedMatchEnd(word, at: start, end: end) == end
    }
    switch lowercased(self[start]) {
    case UInt8(ascii: "a"): return equals("apikey")
    case UInt8(ascii: "c"): return equals("changeme") || equals("changeit")
    case UInt8(ascii: "d"): return equals("dummy")
    case UInt8(ascii: "e"): return equals("empty") || equals("example")
    case UInt8(ascii: "f"): return equals("false") || equals("fixme")
    case UInt8(ascii: "h"): return equals("hidden")
    case UInt8(ascii: "m"): return equals("masked")
    case UInt8(ascii: "n"):
      return equals("none") || equals("null") || equals("nil") || equals("notset") || equals("no")
    case UInt8(ascii: "o"): return equals("on") || equals("off") || equals("optional")
    case UInt8(ascii: "p"): return equals("password") || equals("passwd") || equals("placeholder")
    case UInt8(ascii: "r"): return equals("redacted") || equals("required")
    case UInt8(ascii: "s"): return equals("secret") || equals("sample")
    case UInt8(ascii: "t"):
      return equals("token") || equals("test") || equals("todo") || equals("true")
    case UInt8(ascii: "u"): return equals("undefined") || equals("unset")
    case UInt8(ascii: "y"): return equals("yes")
    default: return false
    }
  }

  /// Whether `start..<end` is a number, a date or a time: digits with `. - + : _ /`.
  func isNumeric(_ start: Int, _ end: Int) -> Bool {
    var hasDigit = false
    for index in start..<end {
      let byte = self[index]
      if isDigit(byte) {
        hasDigit = true
        continue
      }
      switch byte {
      case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: ":"),
        UInt8(ascii: "_"), UInt8(ascii: "/"):
        continue
      default:
        return false
      }
    }
    return hasDigit
  }

  /// Whether `start..<end` starts with `scheme://`.
  func startsWithURLScheme(_ start: Int, _ end: Int) -> Bool {
    guard isLetter(self[start]) else { return false }
    var index = start + 1
    while index < end && index - start < RedactionLimits.urlSchemeBytesMax {
      let byte = self[index]
      if byte == UInt8(ascii: ":") {
        return index + 2 < end && self[index + 1] == UInt8(ascii: "/")
          && self[index + 2] == UInt8(ascii: "/")
      }
      guard
        isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
          || byte == UInt8(ascii: "-")
      else { return false }
      index += 1
    }
    return false
  }

  /// Whether `start..<end` is a file path: `~/…`, `./…`, `../…`, or an absolute path of at
  /// least two components made of `[A-Za-z0-9._/-]` (no `+` or `=`, which base64 secrets
  /// hold).
  func isPath(_ start: Int, _ end: Int) -> Bool {
    if matches("~/", at: start) || matches("./", at: start) || matches("../", at: start) {
      return true
    }
    guard self[start] == UInt8(ascii: "/") else { return false }
    var slashes = 0
    for index in start..<end {
      let byte = self[index]
      if byte == UInt8(ascii: "/") {
        slashes += 1
      } else if !(isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: "-"))
      {
        return false
      }
    }
    return slashes >= 2
  }

  /// Whether `start..<end` interpolates something: `\(`, `${`, `{{`, `#{` or `%(`.
  func hasInterpolation(_ start: Int, _ end: Int) -> Bool {
    var index = start
    while index + 1 < end {
      let next = self[index + 1]
      switch self[index] {
      case UInt8(ascii: "\\"), UInt8(ascii: "%"):
        if next == UInt8(ascii: "(") { return true }
      case UInt8(ascii: "$"), UInt8(ascii: "{"), UInt8(ascii: "#"):
        if next == UInt8(ascii: "{") { return true }
      default:
        break
      }
      index += 1
    }
    return false
  }

  /// Whether `start..<end` reads as words rather than a secret: no digits, only letters
  /// (any script), blanks and `_ - . , ! ? ' : ; / ( )`, and either a blank (prose) or a
  /// single case (`github-oauth`, `SESSION_COOKIE`). Random tokens mix cases and digits.
  func isWordLike(_ start: Int, _ end: Int) -> Bool {
    var hasBlank = false
    var hasUpper = false
    var hasLower = false
    for index in start..<end {
      let byte = self[index]
      if isUpper(byte) {
        hasUpper = true
      } else if isLower(byte) {
        hasLower = true
      } else if isBlank(byte) {
        hasBlank = true
      } else if byte >= 0x80 {
        continue
      } else {
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","),
          UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: ":"),
          UInt8(ascii: ";"), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"):
          continue
        default:
          return false
        }
      }
    }
    return hasBlank || !(hasUpper && hasLower)
  }

  /// Whether `start..<end` is an identifier or member path without digits, as code has on
  /// the right of `=` or after a type colon: `String`, `String?`, `config.apiKey`,
  /// `Optional<Token>`, `tokens[index` (an unquoted value ends before `]`). After a password
  /// name it must also look like code rather than a lower-case word: hold an upper-case
  /// letter or one of `. < > [ ? !` (`password: String` and `password: newPassword`
  /// survive, `password: postgres` does not).
  func isIdentifierPath(_ start: Int, _ end: Int, isPasswordName: Bool) -> Bool {
    var atSegmentStart = true
    var looksLikeCode = !isPasswordName
    for index in start..<end {
      let byte = self[index]
      if isLetter(byte) || byte == UInt8(ascii: "_") {
        atSegmentStart = false
        looksLikeCode = looksLikeCode || isUpper(byte)
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        || byte == UInt8(ascii: "[")
      {
        guard !atSegmentStart else { return false }
        atSegmentStart = byte != UInt8(ascii: ">")
        looksLikeCode = true
      } else if (byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!")) && index == end - 1 {
        return !atSegmentStart
      } else {
        return false
      }
    }
    return !atSegmentStart && looksLikeCode
  }

  /// Whether `start..<end` already holds a `[REDACTED:` mark.
  func containsRedactionMark(_ start: Int, _ end: Int) -> Bool {
    var index = start
    while index < end {
      if self[index] == UInt8(ascii: "["), index + 10 <= end, matches("[REDACTED:", at: index) {
        return true
      }
      index += 1
    }
    return false
  }
}
