/// mcpServerStatus/list, mcpServer/tool/call, mcpServer/resource/read,
/// config/mcpServer/reload (AppServerMCPMethods.swift), mcpServer/startupStatus/updated, and
/// the MCP objects they pass on as the server sent them.
extension ProtocolCatalog {
  static var mcpMethods: [ProtocolType] {
    let server = ProtocolField.required("server", .string, "The server's name in config.toml.")
    let thread = ProtocolField.maybeNull(
      "threadId", .string,
      "A loaded thread whose servers answer; without one the configured servers are started "
        + "for the request.")
    return [
      .message(
        "ListMcpServerStatusParams",
        [
          .maybeNull("cursor", .string), .maybeNull("limit", .integer(format: "uint32")),
          .maybeNull("detail", .ref("McpServerStatusDetail")), thread,
        ]),
      .shared(
        "McpServerStatusDetail", .stringEnum(["full", "toolsAndAuthOnly"]),
        "`toolsAndAuthOnly` leaves resources and templates empty."),
      .message(
        "ListMcpServerStatusResponse",
        [
          .required("data", .array(.ref("McpServerStatus"))),
          .maybeNull("nextCursor", .string),
        ]),
      .shared(
        "McpServerStatus",
        .object([
          .required("name", .string),
          .maybeNull(
            "serverInfo", .ref("McpServerInfo"), "Null for a server that is not running."),
          .required(
            "tools", .map(.nullable(.ref("Tool"))),
            "The tools config.toml lets through, by name, as the server defines them."),
          .required("resources", .array(.ref("Resource"))),
          .required("resourceTemplates", .array(.ref("ResourceTemplate"))),
          .required("authStatus", .ref("McpAuthStatus")),
        ])),
      .mcpShared(
        "McpServerInfo",
        .object([
          .required("name", .nullable(.string), "Null when the server gave none."),
          .maybeNull("title", .string),
          .required("version", .nullable(.string), "Null when the server gave none."),
          .maybeNull("description", .string), .maybeNull("icons", .array(.any)),
          .maybeNull("websiteUrl", .string),
        ]), "The server's `serverInfo` from its initialize answer."),
      .shared(
        "McpAuthStatus", .stringEnum(["unsupported", "bearerToken"]),
        "Cairn keeps no OAuth logins: stdio servers and HTTP ones without a token variable are "
          + "`unsupported`."),
      .mcpShared(
        "Tool",
        .object([
          .required("name", .string), .maybeNull("title", .string),
          .maybeNull("description", .string), .required("inputSchema", .any),
          .optional("outputSchema", .any), .optional("annotations", .any),
          .maybeNull("icons", .array(.any)), .optional("_meta", .any),
        ]), "An MCP tool definition, as the server sent it."),
      .mcpShared(
        "Resource",
        .object([
          .required("uri", .string), .required("name", .string), .maybeNull("title", .string),
          .maybeNull("description", .string), .maybeNull("mimeType", .string),
          .maybeNull("size", .int64), .optional("annotations", .any),
          .maybeNull("icons", .array(.any)), .optional("_meta", .any),
        ]), "An MCP resource, as the server listed it."),
      .mcpShared(
        "ResourceTemplate",
        .object([
          .required("uriTemplate", .string), .required("name", .string),
          .maybeNull("title", .string), .maybeNull("description", .string),
          .maybeNull("mimeType", .string), .optional("annotations", .any),
        ]), "An MCP resource template, as the server listed it."),
      .message(
        "McpServerToolCallParams",
        [
          .required("threadId", .string, "The loaded thread whose server runs the tool."),
          server, .required("tool", .string), .optional("arguments", .any),
        ]),
      .message(
        "McpServerToolCallResponse",
        [
          .required("content", .array(.any), "The tool's content blocks."),
          .optional("structuredContent", .any, "Present when the tool gave one."),
          .maybeNull("isError", .boolean),
        ]),
      .message(
        "McpResourceReadParams", [thread, server, .required("uri", .string)]),
      .message(
        "McpResourceReadResponse", [.required("contents", .array(.ref("ResourceContent")))]),
      .mcpShared(
        "ResourceContent",
        .union([
          .object([
            .required("uri", .string), .maybeNull("mimeType", .string),
            .required("text", .string), .optional("_meta", .any),
          ]),
          .object([
            .required("uri", .string), .maybeNull("mimeType", .string),
            .required("blob", .string, "Base64."), .optional("_meta", .any),
          ]),
        ]), "A resource's text or bytes, as the server sent them."),
      .message(
        "McpServerRefreshResponse", [],
        "The servers of every idle loaded thread restart with config.toml's `mcp_servers`."),
      .message(
        "McpServerStatusUpdatedNotification",
        [
          .maybeNull("threadId", .string, "The thread whose servers these are."),
          .required("name", .string), .required("status", .ref("McpServerStartupState")),
          .maybeNull("error", .string, "Why it failed (or exited)."),
          .maybeNull("failureReason", .null),
        ]),
      .shared("McpServerStartupState", .stringEnum(["starting", "ready", "failed"])),
    ]
  }

  /// The `mcpToolCall` thread item's members (after `id`).
  static var mcpToolCallFields: [ProtocolField] {
    [
      .required("server", .string), .required("tool", .string),
      .required("status", .ref("McpToolCallStatus")),
      .required("arguments", .any, "The model's arguments; null when they were not JSON."),
      .maybeNull("appContext", .null), .maybeNull("pluginId", .null),
      .maybeNull("readOnlyHint", .boolean, "The tool's annotation, when it has one."),
      .maybeNull("result", .ref("McpToolCallResult")),
      .maybeNull("error", .ref("McpToolCallError")),
      .maybeNull("durationMs", .int64),
    ]
  }

  static var mcpItemTypes: [ProtocolType] {
    [
      .shared("McpToolCallStatus", .stringEnum(["inProgress", "completed", "failed"])),
      .shared(
        "McpToolCallResult",
        .object([
          .required("content", .array(.any)), .optional("structuredContent", .any),
          .optional("_meta", .null),
        ])),
      .shared("McpToolCallError", .object([.required("message", .string)])),
    ]
  }
}

extension ProtocolType {
  /// A type of the MCP specification: at the top of the TypeScript tree and in `v2` of the
  /// JSON bundle, where Codex puts them.
  static func mcpShared(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolType
  {
    var type = shared(name, .root, shape, description)
    type.jsonNamespaceOverride = .v2
    return type
  }
}
