import CairnProtocol

/// One tool an MCP server lists (`tools/list`): what the model is offered and what the
/// approval policy looks at.
public struct MCPTool: Sendable, Equatable {
  /// The server's own name for it (what `tools/call` names).
  public var name: String
  public var title: String?
  public var description: String?
  /// The JSON schema of its arguments, as the server wrote it (compacted).
  public var inputSchema: RawJSON
  /// The hints of its `annotations`, when the server gave them.
  public var annotations: Annotations?
  /// The whole `tools/list` entry as the server wrote it (compacted), for clients that
  /// show tools (app-server `mcpServerStatus/list`).
  public var definition: RawJSON?

  /// MCP's tool annotations that bear on approval.
  public struct Annotations: Sendable, Equatable {
    public var readOnlyHint: Bool?
    public var destructiveHint: Bool?
    public var openWorldHint: Bool?

    public init(readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, openWorldHint: Bool? = nil)
    {
      self.readOnlyHint = readOnlyHint
      self.destructiveHint = destructiveHint
      self.openWorldHint = openWorldHint
    }
  }

  public init(
    name: String, title: String? = nil, description: String? = nil, inputSchema: RawJSON,
    annotations: Annotations? = nil
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.inputSchema = inputSchema
    self.annotations = annotations
  }

  /// Reads one entry of `tools/list`'s `tools`.
  static func parse(_ bytes: ArraySlice<UInt8>) throws(MCPJSON.Malformed) -> MCPTool {
    let fields = try MCPJSON.members(bytes)
    guard let name = fields[member: "name"].flatMap(MCPJSON.string) else {
      throw MCPJSON.Malformed(reason: "a tool without a name")
    }
    let schema: RawJSON
    if let raw = fields[member: "inputSchema"], MCPJSON.kind(raw) == .object {
      schema = try MCPJSON.compact(raw)
    } else {
      // The model's API wants an object schema; a tool without one takes no arguments.
      schema = try MCPJSON.compact(Array(#"{"type":"object","properties":{}}"#.utf8)[...])
    }
    var annotations: Annotations?
    if let raw = fields[member: "annotations"], MCPJSON.kind(raw) == .object {
      let hints = try MCPJSON.members(raw)
      annotations = Annotations(
        readOnlyHint: hints[member: "readOnlyHint"].flatMap(MCPJSON.bool),
        destructiveHint: hints[member: "destructiveHint"].flatMap(MCPJSON.bool),
        openWorldHint: hints[member: "openWorldHint"].flatMap(MCPJSON.bool))
    }
    var tool = MCPTool(
      name: name, title: fields[member: "title"].flatMap(MCPJSON.string),
      description: fields[member: "description"].flatMap(MCPJSON.string), inputSchema: schema,
      annotations: annotations)
    tool.definition = try MCPJSON.compact(bytes)
    return tool
  }
}
