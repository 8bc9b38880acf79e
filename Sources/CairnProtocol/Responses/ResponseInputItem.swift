/// One item of a request's `input`: the history Codex re-sends with every request
/// (docs/RESPONSES_API.md lists each kind's keys in order).
public enum ResponseInputItem: Sendable, Equatable {
  /// `{"type":"message","id"?,"role","content":[…]}`, role `developer`, `user` or
  /// `assistant`.
  case message(ResponseInputMessage)
  /// `{"type":"function_call","id"?,"name","arguments","call_id"}` (Codex drops `status`).
  case functionCall(ResponseFunctionCall)
  /// `{"type":"function_call_output","id"?,"call_id","output"}`.
  case functionCallOutput(ResponseToolOutput)
  /// `{"type":"custom_tool_call","id"?,"status"?,"call_id","name","input"}`.
  case customToolCall(ResponseCustomToolCall)
  /// `{"type":"custom_tool_call_output","id"?,"call_id","output"}`.
  case customToolCallOutput(ResponseToolOutput)
  /// `{"type":"reasoning","id","summary":[{"type":"summary_text","text"}…],"content":null,
  /// "encrypted_content"?}`.
  case reasoning(ResponseReasoningItem)
}

public struct ResponseInputMessage: Sendable, Equatable {
  /// `msg_<uuidv7>` for what Codex writes; the server's id for assistant messages.
  public var id: String?
  public var role: String
  public var content: [ResponseContentPart]

  public init(id: String? = nil, role: String, content: [ResponseContentPart]) {
    self.id = id
    self.role = role
    self.content = content
  }

  /// A message of one text part: `input_text`, or `output_text` for the assistant.
  public init(id: String? = nil, role: String, text: String) {
    self.init(
      id: id, role: role, content: [role == "assistant" ? .outputText(text) : .inputText(text)])
  }
}

/// A part of a message's `content`.
public enum ResponseContentPart: Sendable, Equatable {
  /// `{"type":"input_text","text"}`.
  case inputText(String)
  /// `{"type":"output_text","text"}` (assistant messages sent back as history).
  case outputText(String)
  /// `{"type":"input_image","image_url","detail"?}`; `imageURL` is usually a
  /// `data:image/png;base64,…` URL, and Codex sends `detail: "high"` for `-i` images.
  case inputImage(imageURL: String, detail: String? = nil)
}

public struct ResponseFunctionCall: Sendable, Equatable {
  /// The server's item id (`fc_…`), kept.
  public var id: String?
  public var callID: String
  public var name: String
  /// The arguments as the JSON text the model produced (a string on the wire).
  public var arguments: String

  public init(id: String? = nil, callID: String, name: String, arguments: String) {
    self.id = id
    self.callID = callID
    self.name = name
    self.arguments = arguments
  }
}

/// The output of a function or custom tool call, as text.
public struct ResponseToolOutput: Sendable, Equatable {
  /// `fco_<uuidv7>` / `ctco_<uuidv7>` in Codex.
  public var id: String?
  public var callID: String
  public var output: String

  public init(id: String? = nil, callID: String, output: String) {
    self.id = id
    self.callID = callID
    self.output = output
  }
}

public struct ResponseCustomToolCall: Sendable, Equatable {
  public var id: String?
  /// Codex keeps the server's `status` (`completed`) on custom tool calls, unlike on
  /// function calls; omitted when nil.
  public var status: String?
  public var callID: String
  public var name: String
  /// The free-form input (e.g. an `apply_patch` patch).
  public var input: String

  public init(
    id: String? = nil, status: String? = nil, callID: String, name: String, input: String
  ) {
    self.id = id
    self.status = status
    self.callID = callID
    self.name = name
    self.input = input
  }
}

public struct ResponseReasoningItem: Sendable, Equatable {
  public var id: String
  /// The summary parts' texts.
  public var summary: [String]
  /// The opaque reasoning the server returned (`include: ["reasoning.encrypted_content"]`);
  /// omitted when nil.
  public var encryptedContent: String?

  public init(id: String, summary: [String], encryptedContent: String? = nil) {
    self.id = id
    self.summary = summary
    self.encryptedContent = encryptedContent
  }
}
