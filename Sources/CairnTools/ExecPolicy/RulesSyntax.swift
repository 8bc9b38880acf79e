/// The Starlark subset `.rules` files use: top-level calls `name(arg, key=value, …)` whose
/// values are strings, lists and `None`, with `#` comments. Anything else is an error at
/// its position rather than a guess.
struct RulesSyntax {
  struct Position: Equatable {
    var line: Int
    var column: Int
  }

  indirect enum Value: Equatable {
    case string(String)
    case list([Value])
    case none

    var typeName: String {
      switch self {
      case .string: "string"
      case .list: "list"
      case .none: "NoneType"
      }
    }
  }

  struct Argument: Equatable {
    var keyword: String?
    var value: Value
    var position: Position
  }

  struct Call: Equatable {
    var name: String
    var arguments: [Argument]
    var position: Position
  }

  private let bytes: [UInt8]
  private let path: String
  private var index = 0
  private var line = 1
  private var lineStart = 0
  /// Nesting of brackets: Starlark ignores line breaks inside them.
  private var depth = 0

  init(source: String, path: String) {
    self.bytes = Array(source.utf8)
    self.path = path
  }

  private var position: Position { Position(line: line, column: index - lineStart + 1) }

  func error(_ message: String, at position: Position) -> ExecPolicyError {
    ExecPolicyError(path: path, line: position.line, column: position.column, message: message)
  }

  /// Every top-level call, in order.
  mutating func calls() throws(ExecPolicyError) -> [Call] {
    var calls: [Call] = []
    while true {
      skipBlank(newlines: true)
      guard index < bytes.count else { return calls }
      let start = position
      guard let name = identifier() else {
        throw error("expected a call such as prefix_rule(...), found \(describeNext())", at: start)
      }
      skipBlank(newlines: false)
      guard peek == UInt8(ascii: "(") else {
        throw error("expected '(' after \(name), found \(describeNext())", at: position)
      }
      index += 1
      depth += 1
      let arguments = try argumentList()
      depth -= 1
      skipBlank(newlines: false)
      if index < bytes.count, peek != UInt8(ascii: "\n") {
        throw error("expected a new line after the call, found \(describeNext())", at: position)
      }
      calls.append(Call(name: name, arguments: arguments, position: start))
    }
  }

  private mutating func argumentList() throws(ExecPolicyError) -> [Argument] {
    var arguments: [Argument] = []
    while true {
      skipBlank(newlines: true)
      if peek == UInt8(ascii: ")") {
        index += 1
        return arguments
      }
      let start = position
      var keyword: String?
      let save = (index, line, lineStart)
      if let name = identifier(), name != "None" {
        skipBlank(newlines: true)
        if peek == UInt8(ascii: "=") {
          index += 1
          keyword = name
        } else {
          (index, line, lineStart) = save
        }
      } else {
        (index, line, lineStart) = save
      }
      skipBlank(newlines: true)
      let value = try value()
      arguments.append(Argument(keyword: keyword, value: value, position: start))
      skipBlank(newlines: true)
      if peek == UInt8(ascii: ",") {
        index += 1
      } else if peek != UInt8(ascii: ")") {
        throw error("expected ',' or ')' in the call, found \(describeNext())", at: position)
      }
    }
  }

  private mutating func value() throws(ExecPolicyError) -> Value {
    let start = position
    guard let byte = peek else {
      throw error("expected a value, found the end of the file", at: start)
    }
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return .string(try string()) }
    if byte == UInt8(ascii: "[") {
      index += 1
      depth += 1
      defer { depth -= 1 }
      var items: [Value] = []
      while true {
        skipBlank(newlines: true)
        if peek == UInt8(ascii: "]") {
          index += 1
          return .list(items)
        }
        items.append(try value())
        skipBlank(newlines: true)
        if peek == UInt8(ascii: ",") {
          index += 1
        } else if peek != UInt8(ascii: "]") {
          throw error("expected ',' or ']' in the list, found \(describeNext())", at: position)
        }
      }
    }
    let save = index
    if identifier() == "None" { return .none }
    index = save
    throw error("expected a string, a list or None, found \(describeNext())", at: start)
  }

  /// A quoted string with Starlark's common escapes; no triple quotes or raw strings.
  private mutating func string() throws(ExecPolicyError) -> String {
    let start = position
    let quote = bytes[index]
    index += 1
    var out: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == quote {
        index += 1
        return String(decoding: out, as: UTF8.self)
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
        let next = bytes[index + 1]
        switch next {
        case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(next)
        default:
          throw error(
            "unsupported escape '\\\(Character(Unicode.Scalar(next)))' in a string", at: position)
        }
        index += 2
        continue
      }
      out.append(byte)
      index += 1
    }
    throw error("the string is not closed on its line", at: start)
  }

  private mutating func identifier() -> String? {
    let start = index
    while let byte = peek,
      byte == UInt8(ascii: "_")
        || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        || (index > start && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    {
      index += 1
    }
    return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
  }

  private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipBlank(newlines: Bool) {
    while let byte = peek {
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
        index += 1
      } else if byte == UInt8(ascii: "#") {
        while let next = peek, next != UInt8(ascii: "\n") { index += 1 }
      } else if byte == UInt8(ascii: "\n"), newlines || depth > 0 {
        index += 1
        line += 1
        lineStart = index
      } else {
        return
      }
    }
  }

  private func describeNext() -> String {
    guard let byte = peek else { return "the end of the file" }
    if byte == UInt8(ascii: "\n") { return "a line break" }
    var end = index
    while end < bytes.count, end - index < 20, bytes[end] != UInt8(ascii: "\n") { end += 1 }
    return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
  }
}
