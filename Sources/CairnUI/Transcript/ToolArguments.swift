/// A small JSON reader for the tool-call arguments the transcript shows (`update_plan`'s
/// plan, a shell call's command). CairnUI depends only on CairnCore, which has no parser;
/// arguments are model output of a few kilobytes, read once a frame at most, so a plain
/// recursive descent over scalars is enough. Bad JSON gives nil, never a crash; nesting is
/// bounded so hostile input cannot exhaust the stack.
enum ToolArguments: Hashable, Sendable {
  case string(String)
  case number(String)
  case bool(Bool)
  case null
  case array([ToolArguments])
  case object([(String, ToolArguments)])

  static let depthMax = 32

  static func parse(_ text: String) -> ToolArguments? {
    var reader = Reader(scalars: Array(text.unicodeScalars))
    guard let value = reader.value(depth: 0) else { return nil }
    reader.skipSpace()
    return reader.index == reader.scalars.count ? value : nil
  }

  subscript(key: String) -> ToolArguments? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var array: [ToolArguments]? {
    if case .array(let items) = self { return items }
    return nil
  }

  static func == (left: ToolArguments, right: ToolArguments) -> Bool {
    switch (left, right) {
    case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  func hash(into hasher: inout Hasher) {
    switch self {
    case .string(let value), .number(let value): hasher.combine(value)
    case .bool(let value): hasher.combine(value)
    case .null: hasher.combine(0)
    case .array(let items): hasher.combine(items)
    case .object(let members):
      for (key, value) in members {
        hasher.combine(key)
        hasher.combine(value)
      }
    }
  }

  private struct Reader {
    let scalars: [Unicode.Scalar]
    var index = 0

    mutating func skipSpace() {
      while index < scalars.count, " \t\r\n".unicodeScalars.contains(scalars[index]) {
        index += 1
      }
    }

    mutating func value(depth: Int) -> ToolArguments? {
      guard depth < ToolArguments.depthMax else { return nil }
      skipSpace()
      guard index < scalars.count else { return nil }
      switch scalars[index] {
      case "\"": return string().map(ToolArguments.string)
      case "{": return object(depth: depth)
      case "[": return array(depth: depth)
      case "t": return literal("true", .bool(true))
      case "f": return literal("false", .bool(false))
      case "n": return literal("null", .null)
      default: return number()
      }
    }

    private mutating func literal(_ word: String, _ value: ToolArguments) -> ToolArguments? {
      let wordScalars = Array(word.unicodeScalars)
      guard index + wordScalars.count <= scalars.count,
        Array(scalars[index..<(index + wordScalars.count)]) == wordScalars
      else { return nil }
      index += wordScalars.count
      return value
    }

    private mutating func number() -> ToolArguments? {
      let start = index
      while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) {
        index += 1
      }
      guard index > start else { return nil }
      var text = String.UnicodeScalarView()
      text.append(contentsOf: scalars[start..<index])
      return .number(String(text))
    }

    private mutating func object(depth: Int) -> ToolArguments? {
      index += 1
      var members: [(String, ToolArguments)] = []
      skipSpace()
      if index < scalars.count, scalars[index] == "}" {
        index += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard index < scalars.count, scalars[index] == "\"", let key = string() else { return nil }
        skipSpace()
        guard index < scalars.count, scalars[index] == ":" else { return nil }
        index += 1
        guard let member = value(depth: depth + 1) else { return nil }
        members.append((key, member))
        skipSpace()
        guard index < scalars.count else { return nil }
        if scalars[index] == "," {
          index += 1
          continue
        }
        guard scalars[index] == "}" else { return nil }
        index += 1
        return .object(members)
      }
    }

    private mutating func array(depth: Int) -> ToolArguments? {
      index += 1
      var items: [ToolArguments] = []
      skipSpace()
      if index < scalars.count, scalars[index] == "]" {
        index += 1
        return .array(items)
      }
      while true {
        guard let item = value(depth: depth + 1) else { return nil }
        items.append(item)
        skipSpace()
        guard index < scalars.count else { return nil }
        if scalars[index] == "," {
          index += 1
          continue
        }
        guard scalars[index] == "]" else { return nil }
        index += 1
        return .array(items)
      }
    }

    /// A string from its opening quote; escapes decoded (surrogate pairs joined).
    private mutating func string() -> String? {
      index += 1
      var result = String.UnicodeScalarView()
      while index < scalars.count {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "\"": return String(result)
        case "\\":
          guard index < scalars.count else { return nil }
          let escape = scalars[index]
          index += 1
          switch escape {
          case "n": result.append("\n")
          case "t": result.append("\t")
          case "r": result.append("\r")
          case "b": result.append("\u{08}")
          case "f": result.append("\u{0C}")
          case "u":
            guard var code = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(code), index + 1 < scalars.count,
              scalars[index] == "\\", scalars[index + 1] == "u"
            {
              index += 2
              guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            result.append(Unicode.Scalar(code) ?? "\u{FFFD}")
          default: result.append(escape)
          }
        default: result.append(scalar)
        }
      }
      return nil
    }

    private mutating func hex4() -> UInt32? {
      guard index + 4 <= scalars.count else { return nil }
      var value: UInt32 = 0
      for scalar in scalars[index..<(index + 4)] {
        guard let digit = Character(scalar).hexDigitValue else { return nil }
        value = value << 4 | UInt32(digit)
      }
      index += 4
      return value
    }
  }
}
