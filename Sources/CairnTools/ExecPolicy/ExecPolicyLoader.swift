/// Turns the calls of one `.rules` file into rules, checking each argument and running the
/// `match` / `not_match` examples as Codex does when it loads a file.
struct ExecPolicyLoader {
  let path: String
  let home: String?
  var policy: ExecPolicy

  private typealias Value = RulesSyntax.Value

  mutating func load(_ source: String) throws(ExecPolicyError) {
    var syntax = RulesSyntax(source: source, path: path)
    for call in try syntax.calls() {
      switch call.name {
      case "prefix_rule": try prefixRule(call, syntax)
      case "host_executable": try hostExecutable(call, syntax)
      default:
        throw syntax.error(
          "unknown function \(call.name); .rules files may call prefix_rule and host_executable",
          at: call.position)
      }
    }
  }

  /// The arguments by parameter name, positional ones taken in `parameters` order.
  private func bind(_ call: RulesSyntax.Call, _ parameters: [String], _ syntax: RulesSyntax)
    throws(ExecPolicyError) -> [String: (Value, RulesSyntax.Position)]
  {
    var bound: [String: (Value, RulesSyntax.Position)] = [:]
    for (offset, argument) in call.arguments.enumerated() {
      let name: String
      if let keyword = argument.keyword {
        guard parameters.contains(keyword) else {
          throw syntax.error(
            "\(call.name) has no parameter '\(keyword)' (it takes \(parameters.joined(separator: ", ")))",
            at: argument.position)
        }
        name = keyword
      } else {
        guard offset < parameters.count, bound.isEmpty || bound.count == offset else {
          throw syntax.error("too many positional arguments to \(call.name)", at: argument.position)
        }
        name = parameters[offset]
      }
      guard bound[name] == nil else {
        throw syntax.error("\(call.name) got '\(name)' twice", at: argument.position)
      }
      if argument.value != .none { bound[name] = (argument.value, argument.position) }
    }
    return bound
  }

  private mutating func prefixRule(_ call: RulesSyntax.Call, _ syntax: RulesSyntax)
    throws(ExecPolicyError)
  {
    let arguments = try bind(
      call, ["pattern", "decision", "match", "not_match", "justification"], syntax)
    func fail(_ message: String, _ at: RulesSyntax.Position? = nil) -> ExecPolicyError {
      syntax.error(message, at: at ?? call.position)
    }
    guard let (patternValue, patternAt) = arguments["pattern"] else {
      throw fail("prefix_rule needs pattern=[...]")
    }
    guard case .list(let elements) = patternValue else {
      throw fail("pattern must be a list, not a \(patternValue.typeName)", patternAt)
    }
    guard !elements.isEmpty else { throw fail("pattern cannot be empty", patternAt) }
    var tokens: [[String]] = []
    for element in elements {
      switch element {
      case .string(let word): tokens.append([word])
      case .list(let alternatives):
        var words: [String] = []
        for alternative in alternatives {
          guard case .string(let word) = alternative else {
            throw fail(
              "pattern alternatives must be strings, not \(alternative.typeName)", patternAt)
          }
          words.append(word)
        }
        guard !words.isEmpty else { throw fail("pattern alternatives cannot be empty", patternAt) }
        tokens.append(words)
      case .none: throw fail("pattern elements must be strings or lists of strings", patternAt)
      }
    }
    var decision = ExecPolicyDecision.allow
    if let (value, at) = arguments["decision"] {
      guard case .string(let raw) = value, let parsed = ExecPolicyDecision(rawValue: raw) else {
        throw fail("invalid decision \(Self.show(value)); use allow, prompt or forbidden", at)
      }
      decision = parsed
    }
    var justification: String?
    if let (value, at) = arguments["justification"] {
      guard case .string(let raw) = value else {
        throw fail("justification must be a string, not a \(value.typeName)", at)
      }
      guard raw.contains(where: { !$0.isWhitespace }) else {
        throw fail("justification cannot be empty", at)
      }
      justification = raw
    }
    let rules = tokens[0].map {
      ExecPolicyPrefixRule(
        program: $0, rest: Array(tokens.dropFirst()), decision: decision,
        justification: justification, path: path, line: call.position.line)
    }
    var examplePolicy = ExecPolicy()
    examplePolicy.hostExecutablesFrom(policy)
    rules.forEach { examplePolicy.add($0) }
    for (key, mustMatch) in [("not_match", false), ("match", true)] {
      guard let (value, at) = arguments[key] else { continue }
      for example in try examples(value, key: key, at: at, syntax) {
        let matched = !examplePolicy.check(example).matchedRules.isEmpty
        if matched != mustMatch {
          throw fail(
            "the \(key) example \(Self.show(.list(example.map { .string($0) }))) "
              + (mustMatch ? "does not match the rule" : "matches the rule"), at)
        }
      }
    }
    rules.forEach { policy.add($0) }
  }

  private func examples(
    _ value: Value, key: String, at: RulesSyntax.Position, _ syntax: RulesSyntax
  ) throws(ExecPolicyError) -> [[String]] {
    guard case .list(let items) = value else {
      throw syntax.error("\(key) must be a list of examples, not a \(value.typeName)", at: at)
    }
    var result: [[String]] = []
    for item in items {
      switch item {
      case .string(let text):
        guard let words = ShellWords.split(text) else {
          throw syntax.error("the \(key) example \(Self.show(item)) has an unclosed quote", at: at)
        }
        guard !words.isEmpty else {
          throw syntax.error("a \(key) example cannot be an empty string", at: at)
        }
        result.append(words)
      case .list(let tokens):
        var words: [String] = []
        for token in tokens {
          guard case .string(let word) = token else {
            throw syntax.error("\(key) example words must be strings", at: at)
          }
          words.append(word)
        }
        guard !words.isEmpty else {
          throw syntax.error("a \(key) example cannot be an empty list", at: at)
        }
        result.append(words)
      case .none:
        throw syntax.error("\(key) examples must be strings or lists of strings", at: at)
      }
    }
    return result
  }

  private mutating func hostExecutable(_ call: RulesSyntax.Call, _ syntax: RulesSyntax)
    throws(ExecPolicyError)
  {
    let arguments = try bind(call, ["name", "paths"], syntax)
    guard let (nameValue, nameAt) = arguments["name"], case .string(let name) = nameValue else {
      throw syntax.error("host_executable needs name=\"PROGRAM\"", at: call.position)
    }
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw syntax.error(
        "host_executable name must be a bare program name, not \(Self.show(nameValue))", at: nameAt)
    }
    guard let (pathsValue, pathsAt) = arguments["paths"], case .list(let items) = pathsValue else {
      throw syntax.error("host_executable needs paths=[\"/ABSOLUTE/PATH\", ...]", at: call.position)
    }
    var paths: [String] = []
    for item in items {
      guard case .string(var raw) = item else {
        throw syntax.error("host_executable paths must be strings", at: pathsAt)
      }
      if raw.hasPrefix("~/"), let home { raw = home + raw.dropFirst() }
      guard raw.hasPrefix("/") else {
        throw syntax.error(
          "host_executable path \(Self.show(item)) must be absolute or start with ~/", at: pathsAt)
      }
      guard raw.split(separator: "/").last.map(String.init) == name else {
        throw syntax.error(
          "host_executable path \(Self.show(item)) must end in the name '\(name)'", at: pathsAt)
      }
      if !paths.contains(raw) { paths.append(raw) }
    }
    policy.setHostExecutable(name, paths: paths)
  }

  private static func show(_ value: Value) -> String {
    switch value {
    case .string(let text): "\"\(text)\""
    case .list(let items): "[" + items.map(show).joined(separator: ", ") + "]"
    case .none: "None"
    }
  }
}
