import CairnCore
import CairnProtocol

/// What a `tools/call` gave back: the content blocks, the structured content when the tool
/// has an output schema, and whether the tool reported an error.
public struct MCPToolResult: Sendable, Equatable {
  /// The `content` array, compacted.
  public var content: RawJSON
  /// `structuredContent`, compacted; nil when absent or null.
  public var structuredContent: RawJSON?
  public var isError: Bool

  public init(content: RawJSON, structuredContent: RawJSON? = nil, isError: Bool = false) {
    self.content = content
    self.structuredContent = structuredContent
    self.isError = isError
  }

  /// A failed call described to the model as Codex does: one text block.
  public static func error(_ text: String) -> MCPToolResult {
    let block = #"[{"type":"text","text":"# + JSONValue.quoted(text) + "}]"
    return MCPToolResult(content: (try? RawJSON(validating: block)) ?? emptyContent, isError: true)
  }

  /// The `function_call_output` text the model gets, as Codex makes it: the structured
  /// content's JSON when there is some, else the content blocks' JSON array.
  public var functionCallOutput: String {
    (structuredContent ?? content).text
  }

  /// Whether the call succeeded (Codex's `success`: anything but `isError: true`).
  public var success: Bool { !isError }

  static let emptyContent = try! RawJSON(validating: "[]")

  static func parse(_ bytes: [UInt8]) throws(MCPJSON.Malformed) -> MCPToolResult {
    let fields = try MCPJSON.members(bytes[...])
    var content = emptyContent
    if let raw = fields[member: "content"], MCPJSON.kind(raw) == .array {
      content = try MCPJSON.compact(raw)
    }
    var structured: RawJSON?
    if let raw = fields[member: "structuredContent"], let kind = MCPJSON.kind(raw), kind != .null {
      structured = try MCPJSON.compact(raw)
    }
    return MCPToolResult(
      content: content, structuredContent: structured,
      isError: fields[member: "isError"].flatMap(MCPJSON.bool) ?? false)
  }
}
