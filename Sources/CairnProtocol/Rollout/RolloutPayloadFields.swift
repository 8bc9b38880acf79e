/// The members of a rollout payload that any line type keeps, collected in one pass
/// whatever their order, then typed by `RolloutLineParser` once the line's `type` is
/// known. A member whose JSON kind is not the expected one is skipped (versions changed
/// some kinds); text is kept up to one per-line budget.
struct RolloutPayloadFields {
  enum Key: String, CaseIterable {
    case type, id, timestamp, cwd, originator, source, instructions, git, model, summary,
      effort, personality, timezone, full, state, role, content, name, namespace, arguments,
      output, input, status, action, message, text, info, reason, success, error, changes,
      images
    case sessionID = "session_id"
    case cliVersion = "cli_version"
    case threadSource = "thread_source"
    case modelProvider = "model_provider"
    case baseInstructions = "base_instructions"
    case historyMode = "history_mode"
    case forkedFromID = "forked_from_id"
    case turnID = "turn_id"
    case approvalPolicy = "approval_policy"
    case sandboxPolicy = "sandbox_policy"
    case currentDate = "current_date"
    case callID = "call_id"
    case encryptedContent = "encrypted_content"
    case startedAt = "started_at"
    case completedAt = "completed_at"
    case durationMilliseconds = "duration_ms"
    case timeToFirstTokenMilliseconds = "time_to_first_token_ms"
    case lastAgentMessage = "last_agent_message"
    case modelContextWindow = "model_context_window"
    case exitCode = "exit_code"
    case threadSettings = "thread_settings"
    case replacementHistory = "replacement_history"
  }

  static let keys = JSONKeyTable(Key.allCases.map(\.rawValue))
  static let keyList = Key.allCases

  let options: RolloutParseOptions
  /// Bytes of text this line may still keep.
  var textBudget: Int

  var type: String?
  var id: String?
  var sessionID: String?
  var timestamp: String?
  var cwd: String?
  var originator: String?
  var cliVersion: String?
  var source: String?
  var threadSource: String?
  var modelProvider: String?
  var instructionsBytes: Int?
  var baseInstructionsBytes: Int?
  var historyMode: String?
  var forkedFromID: String?
  var git: GitInfo?
  var turnID: String?
  var model: String?
  var approvalPolicy: String?
  var sandboxMode: String?
  var summaryText: String?
  var effort: String?
  var personality: String?
  var currentDate: String?
  var timezone: String?
  var full: Bool?
  var stateKeys: [String] = []
  var stateKeyCount = 0
  var role: String?
  var content: [ContentPart] = []
  var contentCount = 0
  var summaryParts: [ContentPart] = []
  var name: String?
  var namespace: String?
  var callID: String?
  var arguments: JSONText?
  var output: JSONTextBytes?
  var outputParts: [ContentPart] = []
  var input: JSONText?
  var status: String?
  var encryptedContentBytes: Int?
  var actionType: String?
  var actionInput: JSONText?
  var message: JSONText?
  var text: JSONText?
  var lastAgentMessage: JSONText?
  var info: TokenCountInfo?
  var startedAt: Int64?
  var completedAt: Int64?
  var durationMilliseconds: Int64?
  var timeToFirstTokenMilliseconds: Int64?
  var modelContextWindow: Int64?
  var exitCode: Int64?
  var errorMessage: JSONText?
  var reason: String?
  var success: Bool?
  var changesCount: Int?
  var imagesCount = 0
  var settingsModel: String?
  var replacementHistoryCount: Int?

  init(options: RolloutParseOptions) {
    self.options = options
    textBudget = options.textBytesMax
  }

  // MARK: - Collecting

  mutating func collect(from scanner: JSONScanner) throws {
    try scanner.beginObject()
    while try scanner.nextMember() {
      guard let index = Self.keys.index(of: scanner) else {
        try scanner.skipValue()
        continue
      }
      try collect(Self.keyList[index], from: scanner)
    }
  }

  private mutating func name(_ scanner: JSONScanner) throws -> String? {
    try scanner.stringIfString(keeping: options.nameBytesMax)?.text
  }

  private mutating func text(_ scanner: JSONScanner) throws -> JSONText? {
    guard let text = try scanner.stringIfString(keeping: max(textBudget, 0)) else { return nil }
    textBudget -= text.text.utf8.count
    return text
  }

  /// Like ``text(_:)``, as bytes: for a text that goes on as bytes (tool output).
  private mutating func textBytes(_ scanner: JSONScanner) throws -> JSONTextBytes? {
    guard try scanner.peekKind() == .string else {
      try scanner.skipValue()
      return nil
    }
    let text = try scanner.readStringBytes(keepingBytes: max(textBudget, 0))
    textBudget -= text.bytes.count
    return text
  }

  // One case per member name: a switch is the table of what is kept.
  // swiftlint:disable:next cyclomatic_complexity
  private mutating func collect(_ key: Key, from scanner: JSONScanner) throws {
    switch key {
    case .type: type = try name(scanner)
    case .id: id = try name(scanner)
    case .sessionID: sessionID = try name(scanner)
    case .timestamp: timestamp = try name(scanner)
    case .cwd: cwd = try name(scanner)
    case .originator: originator = try name(scanner)
    case .cliVersion: cliVersion = try name(scanner)
    case .source:
      if try scanner.peekKind() == .object {
        try scanner.skipValue()
        source = "object"
      } else {
        source = try name(scanner)
      }
    case .threadSource: threadSource = try name(scanner)
    case .modelProvider: modelProvider = try name(scanner)
    case .instructions: instructionsBytes = try scanner.stringLengthIfString()
    case .baseInstructions:
      if try scanner.peekKind() == .string {
        baseInstructionsBytes = try scanner.skipString()
      } else {
        try scanner.members {
          if scanner.keyEquals("text") {
            baseInstructionsBytes = try scanner.stringLengthIfString()
          } else {
            try scanner.skipValue()
          }
        }
      }
    case .historyMode: historyMode = try name(scanner)
    case .forkedFromID: forkedFromID = try name(scanner)
    case .git: try collectGit(scanner)
    case .turnID: turnID = try name(scanner)
    case .model: model = try name(scanner)
    case .approvalPolicy: approvalPolicy = try name(scanner)
    case .sandboxPolicy:
      if try scanner.peekKind() == .string {
        sandboxMode = try name(scanner)
      } else {
        var mode: String?
        try scanner.members {
          if scanner.keyEquals("type") || scanner.keyEquals("mode") {
            mode = try scanner.stringIfString(keeping: options.nameBytesMax)?.text
          } else {
            try scanner.skipValue()
          }
        }
        sandboxMode = mode
      }
    case .summary:
      if try scanner.peekKind() == .array {
        summaryParts = try parts(scanner).parts
      } else {
        summaryText = try name(scanner)
      }
    case .effort: effort = try name(scanner)
    case .personality: personality = try name(scanner)
    case .currentDate: currentDate = try name(scanner)
    case .timezone: timezone = try name(scanner)
    case .full: full = try scanner.boolIfBool()
    case .state: try collectStateKeys(scanner)
    case .role: role = try name(scanner)
    case .content:
      let collected = try parts(scanner)
      content = collected.parts
      contentCount = collected.count
    case .name: name = try name(scanner)
    case .namespace: namespace = try name(scanner)
    case .callID: callID = try name(scanner)
    case .arguments: arguments = try text(scanner)
    case .output:
      if try scanner.peekKind() == .array {
        outputParts = try parts(scanner).parts
      } else {
        output = try textBytes(scanner)
      }
    case .input: input = try text(scanner)
    case .status: status = try name(scanner)
    case .encryptedContent: encryptedContentBytes = try scanner.stringLengthIfString()
    case .action: try collectAction(scanner)
    case .message: message = try text(scanner)
    case .text: text = try text(scanner)
    case .lastAgentMessage: lastAgentMessage = try text(scanner)
    case .info: info = try collectInfo(scanner)
    case .startedAt: startedAt = try scanner.integerIfNumber()
    case .completedAt: completedAt = try scanner.integerIfNumber()
    case .durationMilliseconds: durationMilliseconds = try scanner.integerIfNumber()
    case .timeToFirstTokenMilliseconds: timeToFirstTokenMilliseconds = try scanner.integerIfNumber()
    case .modelContextWindow: modelContextWindow = try scanner.integerIfNumber()
    case .exitCode: exitCode = try scanner.integerIfNumber()
    case .error:
      if try scanner.peekKind() == .string {
        errorMessage = try text(scanner)
      } else {
        var found: JSONText?
        var budget = textBudget
        try scanner.members {
          if scanner.keyEquals("message"), let text = try scanner.stringIfString(keeping: budget) {
            budget -= text.text.utf8.count
            found = text
          } else {
            try scanner.skipValue()
          }
        }
        textBudget = budget
        errorMessage = found
      }
    case .reason: reason = try name(scanner)
    case .success: success = try scanner.boolIfBool()
    case .changes:
      var count = 0
      if try scanner.members({
        count += 1
        try scanner.skipValue()
      }) {
        changesCount = count
      }
    case .images: imagesCount += try scanner.elements { try scanner.skipValue() } ?? 0
    case .threadSettings:
      var model: String?
      try scanner.members {
        if scanner.keyEquals("model") {
          model = try scanner.stringIfString(keeping: options.nameBytesMax)?.text
        } else {
          try scanner.skipValue()
        }
      }
      settingsModel = model
    case .replacementHistory:
      replacementHistoryCount = try scanner.elements { try scanner.skipValue() }
    }
  }

  private mutating func collectGit(_ scanner: JSONScanner) throws {
    var git = GitInfo()
    let limit = options.nameBytesMax
    let isObject = try scanner.members {
      if scanner.keyEquals("commit_hash") {
        git.commitHash = try scanner.stringIfString(keeping: limit)?.text
      } else if scanner.keyEquals("branch") {
        git.branch = try scanner.stringIfString(keeping: limit)?.text
      } else if scanner.keyEquals("repository_url") {
        git.repositoryURL = try scanner.stringIfString(keeping: limit)?.text
      } else {
        try scanner.skipValue()
      }
    }
    if isObject { self.git = git }
  }

  private mutating func collectStateKeys(_ scanner: JSONScanner) throws {
    var keys: [String] = []
    var count = 0
    let namesMax = options.namesMax
    try scanner.members {
      count += 1
      if keys.count < namesMax { keys.append(scanner.keyString) }
      try scanner.skipValue()
    }
    stateKeys = keys
    stateKeyCount = count
  }

  private mutating func collectAction(_ scanner: JSONScanner) throws {
    var type: String?
    var input: JSONText?
    var budget = textBudget
    let limit = options.nameBytesMax
    try scanner.members {
      if scanner.keyEquals("type") {
        type = try scanner.stringIfString(keeping: limit)?.text
      } else if scanner.keyEquals("command") {
        // A list of words (local_shell_call) or one string, kept joined by spaces.
        if try scanner.peekKind() == .array {
          var words: [String] = []
          var total = 0
          var truncated = false
          try scanner.elements {
            if let word = try scanner.stringIfString(keeping: max(budget, 0)) {
              words.append(word.text)
              total += word.totalBytes + (words.count > 1 ? 1 : 0)
              truncated = truncated || word.isTruncated
              budget -= word.text.utf8.count + 1
            }
          }
          let joined = words.joined(separator: " ")
          input = JSONText(
            text: joined, totalBytes: total, isTruncated: truncated || budget < 0)
        } else if let command = try scanner.stringIfString(keeping: max(budget, 0)) {
          budget -= command.text.utf8.count
          input = command
        }
      } else if scanner.keyEquals("query") {
        if let query = try scanner.stringIfString(keeping: max(budget, 0)) {
          budget -= query.text.utf8.count
          input = query
        }
      } else {
        try scanner.skipValue()
      }
    }
    textBudget = budget
    actionType = type
    actionInput = input
  }

  private mutating func collectInfo(_ scanner: JSONScanner) throws -> TokenCountInfo? {
    var info = TokenCountInfo()
    let isObject = try scanner.members {
      if scanner.keyEquals("total_token_usage") {
        info.total = try Self.usage(scanner)
      } else if scanner.keyEquals("last_token_usage") {
        info.last = try Self.usage(scanner)
      } else if scanner.keyEquals("model_context_window") {
        info.modelContextWindow = try scanner.integerIfNumber()
      } else {
        try scanner.skipValue()
      }
    }
    return isObject ? info : nil
  }

  static let usageKeys = JSONKeyTable([
    "input_tokens", "cached_input_tokens", "cache_write_input_tokens", "output_tokens",
    "reasoning_output_tokens", "total_tokens",
  ])

  private static func usage(_ scanner: JSONScanner) throws -> TokenUsage? {
    var usage = TokenUsage()
    let isObject = try scanner.members {
      guard let index = usageKeys.index(of: scanner) else {
        try scanner.skipValue()
        return
      }
      let value = try scanner.integerIfNumber() ?? 0
      switch index {
      case 0: usage.inputTokens = value
      case 1: usage.cachedInputTokens = value
      case 2: usage.cacheWriteInputTokens = value
      case 3: usage.outputTokens = value
      case 4: usage.reasoningOutputTokens = value
      default: usage.totalTokens = value
      }
    }
    return isObject ? usage : nil
  }

  /// A list of content parts (`[{type, text}]`), the first `partsMax` kept.
  private mutating func parts(_ scanner: JSONScanner) throws -> (parts: [ContentPart], count: Int) {
    var parts: [ContentPart] = []
    var budget = textBudget
    let partsMax = options.partsMax
    let limit = options.nameBytesMax
    let count =
      try scanner.elements {
        guard parts.count < partsMax else {
          try scanner.skipValue()
          return
        }
        var part = ContentPart(kind: "")
        let isObject = try scanner.members {
          if scanner.keyEquals("type") {
            part.kind = try scanner.stringIfString(keeping: limit)?.text ?? ""
          } else if scanner.keyEquals("text") || scanner.keyEquals("refusal") {
            if let text = try scanner.stringIfString(keeping: max(budget, 0)) {
              budget -= text.text.utf8.count
              part.text = text
            }
          } else {
            try scanner.skipValue()
          }
        }
        if isObject { parts.append(part) }
      } ?? 0
    textBudget = budget
    return (parts, count)
  }
}
