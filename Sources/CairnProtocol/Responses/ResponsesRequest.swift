/// The body of `POST {base_url}/responses` as Codex 0.147 sends it (CODEX_OBSERVED.md §5,
/// docs/RESPONSES_API.md): stateless (`store: false`, the whole history in `input`),
/// streamed, with the keys in Codex's order.
///
/// ```swift
/// let request = ResponsesRequest(
///   model: "gpt-5.5", instructions: base, input: [.message(.init(role: "user", text: "hi"))],
///   tools: [])
/// let body = request.encodedJSON()   // {"model":"gpt-5.5","instructions":…}
/// ```
public struct ResponsesRequest: Sendable, Equatable {
  public var model: String
  /// The base instructions; identical in every request of a session.
  public var instructions: String
  /// The whole model-visible history, oldest first, then the new items.
  public var input: [ResponseInputItem]
  public var tools: [ResponseTool]
  /// `"auto"` in every request Codex sends.
  public var toolChoice: String
  /// True for turns, false for the compaction request.
  public var parallelToolCalls: Bool
  /// Omitted when nil (a model without reasoning).
  public var reasoning: ResponseReasoning?
  /// Always false in Codex: nothing is kept server-side.
  public var store: Bool
  public var stream: Bool
  /// `["reasoning.encrypted_content"]` when reasoning is on, so reasoning items can be
  /// sent back in later requests.
  public var include: [String]
  /// The thread id in Codex; omitted when nil.
  public var promptCacheKey: String?
  /// Omitted when nil.
  public var text: ResponseTextControls?
  /// Written in the given order; omitted when empty.
  public var clientMetadata: [ResponseMetadataEntry]

  public init(
    model: String, instructions: String, input: [ResponseInputItem], tools: [ResponseTool],
    toolChoice: String = "auto", parallelToolCalls: Bool = true,
    reasoning: ResponseReasoning? = nil, store: Bool = false, stream: Bool = true,
    include: [String]? = nil, promptCacheKey: String? = nil,
    text: ResponseTextControls? = nil, clientMetadata: [ResponseMetadataEntry] = []
  ) {
    self.model = model
    self.instructions = instructions
    self.input = input
    self.tools = tools
    self.toolChoice = toolChoice
    self.parallelToolCalls = parallelToolCalls
    self.reasoning = reasoning
    self.store = store
    self.stream = stream
    self.include = include ?? (reasoning == nil ? [] : ["reasoning.encrypted_content"])
    self.promptCacheKey = promptCacheKey
    self.text = text
    self.clientMetadata = clientMetadata
  }
}

/// `reasoning`: `{"effort":"medium"}`, with `summary` when set.
public struct ResponseReasoning: Sendable, Equatable {
  /// `minimal`, `low`, `medium`, `high`, `xhigh`; omitted when nil.
  public var effort: String?
  /// `auto`, `concise`, `detailed`; omitted when nil.
  public var summary: String?

  public init(effort: String? = nil, summary: String? = nil) {
    self.effort = effort
    self.summary = summary
  }
}

/// `text`: `{"verbosity":"low"}`, plus `format` for `codex exec --output-schema`.
public struct ResponseTextControls: Sendable, Equatable {
  /// `low`, `medium`, `high`; omitted when nil.
  public var verbosity: String?
  public var format: ResponseTextFormat?

  public init(verbosity: String? = nil, format: ResponseTextFormat? = nil) {
    self.verbosity = verbosity
    self.format = format
  }
}

/// `text.format`: a JSON schema the final message must follow, written as
/// `{"type":"json_schema","strict":true,"schema":…,"name":"codex_output_schema"}`.
public struct ResponseTextFormat: Sendable, Equatable {
  /// Codex names it `codex_output_schema`.
  public var name: String
  public var schema: RawJSON
  public var strict: Bool

  public init(name: String = "codex_output_schema", schema: RawJSON, strict: Bool = true) {
    self.name = name
    self.schema = schema
    self.strict = strict
  }
}

/// One member of `client_metadata` (an object of strings, in the order given).
public struct ResponseMetadataEntry: Sendable, Equatable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}
