extension ShellScript {
  /// The most bytes of script examined; a longer one is a finding (and so risky).
  static let scriptBytesMax = 256 * 1024

  /// Splits `script` into commands, conservatively (see `ShellScript`).
  static func parse(_ script: String) -> ShellScript {
    var parser = ShellScriptParser(Array(script.utf8))
    if parser.bytes.count > scriptBytesMax {
      return ShellScript(commands: [], findings: ["the script is too long to analyse"])
    }
    parser.run()
    return parser.result
  }
}

/// The byte-level scanner behind `ShellScript.parse`.
private struct ShellScriptParser {
  let bytes: [UInt8]
  var index = 0
  var result = ShellScript()
  var current = ShellScript.Command(joint: .start)
  /// The word being read, if one has started.
  var word: ShellScript.Word?
  var wordBytes: [UInt8] = []
  /// A redirection waiting for its target word.
  var pendingRedirection: String?

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  private func peek(_ offset: Int = 0) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  private mutating func finding(_ text: String) {
    if !result.findings.contains(text) { result.findings.append(text) }
  }

  mutating func run() {
    while let byte = peek() {
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        endWord()
        index += 1
      case UInt8(ascii: "\n"):
        // A newline after `|`, `&&` or `||` continues the command list.
        let awaitingCommand =
          word == nil && current.words.isEmpty && current.redirections.isEmpty
          && [.pipe, .and, .or].contains(current.joint)
        if !awaitingCommand { endCommand(next: .sequence) }
        index += 1
      case UInt8(ascii: "\\") where word == nil && peek(1) == UInt8(ascii: "\n"):
        index += 2  // A line continuation between words.
      case UInt8(ascii: "#") where word == nil:
        while let next = peek(), next != UInt8(ascii: "\n") { index += 1 }
      case UInt8(ascii: ";"):
        if peek(1) == UInt8(ascii: ";") { finding("uses `case` syntax, which is not analysed") }
        endCommand(next: .sequence)
        index += 1
      case UInt8(ascii: "&"):
        if peek(1) == UInt8(ascii: "&") {
          endCommand(next: .and)
          index += 2
        } else if peek(1) == UInt8(ascii: ">") {
          endWord()
          index += 2
          let append = peek() == UInt8(ascii: ">")
          if append { index += 1 }
          pendingRedirection = append ? "&>>" : "&>"
        } else {
          finding("runs a command in the background (`&`)")
          endCommand(next: .background)
          index += 1
        }
      case UInt8(ascii: "|"):
        if peek(1) == UInt8(ascii: "|") {
          endCommand(next: .or)
          index += 2
        } else {
          endCommand(next: .pipe)
          index += peek(1) == UInt8(ascii: "&") ? 2 : 1
        }
      case UInt8(ascii: "("), UInt8(ascii: ")"):
        finding("runs a subshell or defines a function (`(…)`), which is not analysed")
        endCommand(next: .sequence)
        index += 1
      case UInt8(ascii: "<"), UInt8(ascii: ">"):
        if peek(1) == UInt8(ascii: "(") {
          readSubstitution(open: 2, isProcess: true)
        } else {
          readRedirection()
        }
      default:
        readWordPart()
      }
    }
    endCommand(next: .sequence)
  }

  // MARK: - Words

  private mutating func startWord() {
    if word == nil {
      word = ShellScript.Word(text: "")
      wordBytes = []
    }
  }

  private mutating func endWord() {
    guard var finished = word else { return }
    finished.text = String(decoding: wordBytes, as: UTF8.self)
    word = nil
    // A redirection's number (`2>`) was read as a word: it is part of the operator.
    if let symbol = pendingRedirection {
      current.redirections.append(ShellScript.Redirection(symbol: symbol, target: finished))
      pendingRedirection = nil
      if symbol == "<<" || symbol == "<<-" {
        finding("uses a here-document, whose text is not analysed")
      }
      return
    }
    current.words.append(finished)
  }

  private mutating func endCommand(next joint: ShellScript.Joint) {
    endWord()
    if pendingRedirection != nil {
      finding("a redirection has no target")
      pendingRedirection = nil
    }
    if !current.words.isEmpty || !current.redirections.isEmpty {
      result.commands.append(current)
    } else if [.pipe, .and, .or].contains(current.joint) || [.pipe, .and, .or].contains(joint) {
      finding("has an operator with no command on one side")
    }
    current = ShellScript.Command(joint: joint)
  }

  /// Reads one piece of a word: a plain byte, an escape, a quoted string or an expansion.
  private mutating func readWordPart() {
    startWord()
    let byte = bytes[index]
    switch byte {
    case UInt8(ascii: "\\"):
      if let next = peek(1) {
        if next != UInt8(ascii: "\n") { wordBytes.append(next) }
        index += 2
      } else {
        index += 1
      }
    case UInt8(ascii: "'"):
      index += 1
      while let next = peek(), next != UInt8(ascii: "'") {
        wordBytes.append(next)
        index += 1
      }
      if peek() == nil { finding("has an unterminated single quote") }
      index += 1
    case UInt8(ascii: "\""):
      readDoubleQuoted()
    case UInt8(ascii: "$"):
      readDollar(quoted: false)
    case UInt8(ascii: "`"):
      readBackquoted()
    case UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["):
      word?.hasGlob = true
      wordBytes.append(byte)
      index += 1
    case UInt8(ascii: "{"):
      // A brace expansion (`{a,b}`, `{1..9}`) makes several words; a lone `{` opens a group.
      if let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) {
        let inner = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        if inner.contains(",") || inner.contains("..") { word?.hasGlob = true }
      }
      wordBytes.append(byte)
      index += 1
    default:
      wordBytes.append(byte)
      index += 1
    }
  }

  private mutating func readDoubleQuoted() {
    index += 1
    while let byte = peek(), byte != UInt8(ascii: "\"") {
      switch byte {
      case UInt8(ascii: "\\"):
        if let next = peek(1),
          [UInt8(ascii: "$"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "\\")]
            .contains(next)
        {
          wordBytes.append(next)
          index += 2
        } else if peek(1) == UInt8(ascii: "\n") {
          index += 2
        } else {
          wordBytes.append(byte)
          index += 1
        }
      case UInt8(ascii: "$"): readDollar(quoted: true)
      case UInt8(ascii: "`"): readBackquoted()
      default:
        wordBytes.append(byte)
        index += 1
      }
    }
    if peek() == nil { finding("has an unterminated double quote") }
    index += 1
  }

  /// `$name`, `${…}`, `$(…)`, `$((…))`, `$'…'`, `$"…"`: anything but a lone `$`.
  private mutating func readDollar(quoted: Bool) {
    guard let next = peek(1) else {
      wordBytes.append(UInt8(ascii: "$"))
      index += 1
      return
    }
    switch next {
    case UInt8(ascii: "("):
      if peek(2) == UInt8(ascii: "(") {
        word?.isLiteral = false
        wordBytes.append(contentsOf: "$((".utf8)
        index += 3
        skipBalanced(depth: 2)
      } else {
        readSubstitution(open: 2, isProcess: false)
      }
    case UInt8(ascii: "{"):
      word?.isLiteral = false
      let start = index
      index += 2
      while let byte = peek(), byte != UInt8(ascii: "}") { index += 1 }
      if peek() == nil { finding("has an unterminated `${`") }
      index += 1
      wordBytes.append(contentsOf: bytes[start..<min(index, bytes.count)])
    case UInt8(ascii: "'") where !quoted, UInt8(ascii: "\"") where !quoted:
      // ANSI-C and locale quoting: the text may hold escapes the classifier cannot read.
      word?.isLiteral = false
      index += 1
    default:
      if Self.isNameByte(next) || Self.isSpecialParameter(next) {
        word?.isLiteral = false
        wordBytes.append(UInt8(ascii: "$"))
        index += 1
        if Self.isSpecialParameter(next) || Self.isDigit(next) {
          wordBytes.append(next)
          index += 1
        } else {
          while let byte = peek(), Self.isNameByte(byte) || Self.isDigit(byte) {
            wordBytes.append(byte)
            index += 1
          }
        }
      } else {
        wordBytes.append(UInt8(ascii: "$"))
        index += 1
      }
    }
  }

  /// `$(…)` (open 2 bytes) or `<(…)`/`>(…)`: the inner text becomes a substitution.
  private mutating func readSubstitution(open: Int, isProcess: Bool) {
    startWord()
    word?.isLiteral = false
    if isProcess { finding("uses process substitution (`<(…)`)") }
    index += open
    let start = index
    skipBalanced(depth: 1)
    let end = max(start, index - 1)
    word?.substitutions.append(
      String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self))
    wordBytes.append(contentsOf: "$(…)".utf8)
  }

  private mutating func readBackquoted() {
    word?.isLiteral = false
    index += 1
    var inner: [UInt8] = []
    while let byte = peek(), byte != UInt8(ascii: "`") {
      if byte == UInt8(ascii: "\\"), let next = peek(1) {
        inner.append(next)
        index += 2
      } else {
        inner.append(byte)
        index += 1
      }
    }
    if peek() == nil { finding("has an unterminated backquote") }
    index += 1
    word?.substitutions.append(String(decoding: inner, as: UTF8.self))
    wordBytes.append(contentsOf: "$(…)".utf8)
  }

  /// Skips to just past the `)` that closes `depth` open parentheses, stepping over quoted
  /// text; an unterminated one is a finding.
  private mutating func skipBalanced(depth start: Int) {
    var depth = start
    while let byte = peek() {
      index += 1
      switch byte {
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 { return }
      case UInt8(ascii: "'"):
        while let next = peek(), next != UInt8(ascii: "'") { index += 1 }
        index += 1
      case UInt8(ascii: "\\"): index += 1
      default: break
      }
    }
    finding("has an unterminated `$(` or `(`")
  }

  /// `>`, `>>`, `>|`, `<`, `<>`, `<<`, `<<-`, `<<<`, `>&N`, `<&N`, after an optional
  /// descriptor number already read as the current word.
  private mutating func readRedirection() {
    if let current = word, current.isLiteral, !wordBytes.isEmpty,
      wordBytes.allSatisfy(Self.isDigit)
    {
      // `2>`: the number belongs to the operator.
      word = nil
    } else {
      endWord()
    }
    var symbol = String(UnicodeScalar(bytes[index]))
    index += 1
    let first = symbol
    if let next = peek() {
      if first == ">" && (next == UInt8(ascii: ">") || next == UInt8(ascii: "|")) {
        symbol.append(Character(UnicodeScalar(next)))
        index += 1
      } else if first == "<" && next == UInt8(ascii: "<") {
        symbol = "<<"
        index += 1
        if peek() == UInt8(ascii: "<") {
          symbol = "<<<"
          index += 1
        } else if peek() == UInt8(ascii: "-") {
          symbol = "<<-"
          index += 1
        }
      } else if first == "<" && next == UInt8(ascii: ">") {
        symbol = "<>"
        index += 1
      }
      if (symbol == ">" || symbol == "<") && peek() == UInt8(ascii: "&") {
        symbol += "&"
        index += 1
      }
    }
    pendingRedirection = symbol
    while peek() == UInt8(ascii: " ") || peek() == UInt8(ascii: "\t") { index += 1 }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
  }

  private static func isSpecialParameter(_ byte: UInt8) -> Bool {
    "@*#?-$!0123456789".utf8.contains(byte)
  }
}
