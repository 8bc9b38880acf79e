/// `response_item`: one item of the model-visible history, by `payload.type`. Codex
/// re-sends these on resume; the UI facts are in `event_msg`.
public enum ResponseItem: Sendable, Equatable {
  /// `message` with role `user`, `assistant`, `developer` or `system`.
  case message(Message)
  /// `reasoning`: summary parts, optional raw content, and `encrypted_content`.
  case reasoning(Reasoning)
  /// `function_call`: `name` and JSON-encoded `arguments` (the shell tool and others).
  case functionCall(ToolCall)
  /// `function_call_output`: the `output` string (or content parts) for a `call_id`.
  case functionCallOutput(ToolOutput)
  /// `custom_tool_call`: a freeform tool such as `apply_patch`, with its raw `input`.
  case customToolCall(ToolCall)
  case customToolCallOutput(ToolOutput)
  /// `local_shell_call`: the hosted local-shell tool; `input` is its `action.command`.
  case localShellCall(ToolCall)
  /// `web_search_call`: `input` is the search query when Codex recorded one.
  case webSearchCall(ToolCall)
  /// `tool_search_call` and its output.
  case toolSearchCall(ToolCall)
  case toolSearchOutput(ToolOutput)
  /// `image_generation_call`.
  case imageGenerationCall(ToolCall)
  /// `ghost_snapshot`: an undo point (a git commit), not model input.
  case ghostSnapshot
  /// `compaction` (also `compaction_summary`): a server-side compaction's opaque summary.
  case compaction(encryptedContentBytes: Int?)
  /// A `payload.type` this reader does not know.
  case unknown(type: String)

  /// The `payload.type` as written.
  public var typeName: String {
    switch self {
    case .message: return "message"
    case .reasoning: return "reasoning"
    case .functionCall: return "function_call"
    case .functionCallOutput: return "function_call_output"
    case .customToolCall: return "custom_tool_call"
    case .customToolCallOutput: return "custom_tool_call_output"
    case .localShellCall: return "local_shell_call"
    case .webSearchCall: return "web_search_call"
    case .toolSearchCall: return "tool_search_call"
    case .toolSearchOutput: return "tool_search_output"
    case .imageGenerationCall: return "image_generation_call"
    case .ghostSnapshot: return "ghost_snapshot"
    case .compaction: return "compaction"
    case .unknown(let type): return type
    }
  }

  public struct Message: Sendable, Equatable {
    /// 0.147+ (and assistant messages with a server id).
    public var id: String?
    public var role: String
    /// The content parts kept (at most `RolloutParseOptions.partsMax`).
    public var parts: [ContentPart]
    /// All content parts, kept or not.
    public var partCount: Int

    public init(id: String? = nil, role: String, parts: [ContentPart], partCount: Int) {
      self.id = id
      self.role = role
      self.parts = parts
      self.partCount = partCount
    }
  }

  public struct Reasoning: Sendable, Equatable {
    public var id: String?
    /// `summary[]` parts (`summary_text`).
    public var summary: [ContentPart]
    /// `content[]` parts (`reasoning_text`), usually null.
    public var content: [ContentPart]
    /// Bytes of `encrypted_content` (measured, never kept: it is opaque).
    public var encryptedContentBytes: Int?

    public init(
      id: String? = nil, summary: [ContentPart], content: [ContentPart],
      encryptedContentBytes: Int?
    ) {
      self.id = id
      self.summary = summary
      self.content = content
      self.encryptedContentBytes = encryptedContentBytes
    }
  }

  /// A call of any tool kind.
  public struct ToolCall: Sendable, Equatable {
    public var id: String?
    /// Links the call to its output, in every version.
    public var callID: String?
    /// The tool's name (`shell`, `shell_command`, `exec_command`, `apply_patch`, …); nil
    /// for hosted tools, which have none.
    public var name: String?
    public var namespace: String?
    /// `arguments` (function calls), `input` (custom tools), `action.command` (local
    /// shell) or `action.query` (web search), kept up to the text bound.
    public var input: JSONText?
    public var status: String?
    /// `action.type` of hosted tools (`exec`, `search`, …).
    public var actionType: String?

    public init(
      id: String? = nil, callID: String? = nil, name: String? = nil, namespace: String? = nil,
      input: JSONText? = nil, status: String? = nil, actionType: String? = nil
    ) {
      self.id = id
      self.callID = callID
      self.name = name
      self.namespace = namespace
      self.input = input
      self.status = status
      self.actionType = actionType
    }
  }

  /// The output of a tool call.
  public struct ToolOutput: Sendable, Equatable {
    public var id: String?
    public var callID: String?
    /// `output` when it is a string (plain text, or JSON text in 0.46's shell and in
    /// apply_patch up to 0.125), as bytes: it goes on to the log as a byte chunk.
    public var output: JSONTextBytes?
    /// `output` when it is a list of content parts.
    public var parts: [ContentPart]
    public var status: String?

    public init(
      id: String? = nil, callID: String? = nil, output: JSONTextBytes? = nil,
      parts: [ContentPart] = [], status: String? = nil
    ) {
      self.id = id
      self.callID = callID
      self.output = output
      self.parts = parts
      self.status = status
    }
  }
}

/// One part of a message, reasoning or tool output: `input_text`, `output_text`,
/// `summary_text`, `reasoning_text`, `input_image`, …, with its text when it has one.
public struct ContentPart: Sendable, Equatable {
  public var kind: String
  public var text: JSONText?

  public init(kind: String, text: JSONText? = nil) {
    self.kind = kind
    self.text = text
  }
}
