/// The JSON-RPC envelopes (Codex's dialect: no `"jsonrpc"` member), the method tables that
/// tie each method to its params and result, and the primitives.
extension ProtocolCatalog {
  /// Request method → params type (nil: the method takes none) and result type, for every
  /// method in `AppServerMethods.implemented`.
  static let requestTypes: [(method: String, params: String?, response: String)] = [
    ("initialize", "InitializeParams", "InitializeResponse"),
    ("thread/start", "ThreadStartParams", "ThreadStartResponse"),
    ("thread/list", "ThreadListParams", "ThreadListResponse"),
    ("thread/read", "ThreadReadParams", "ThreadReadResponse"),
    ("thread/resume", "ThreadResumeParams", "ThreadResumeResponse"),
    ("thread/fork", "ThreadForkParams", "ThreadForkResponse"),
    ("thread/name/set", "ThreadSetNameParams", "ThreadSetNameResponse"),
    ("thread/archive", "ThreadArchiveParams", "ThreadArchiveResponse"),
    ("thread/unarchive", "ThreadUnarchiveParams", "ThreadUnarchiveResponse"),
    ("thread/delete", "ThreadDeleteParams", "ThreadDeleteResponse"),
    ("thread/unsubscribe", "ThreadUnsubscribeParams", "ThreadUnsubscribeResponse"),
    ("thread/loaded/list", "ThreadLoadedListParams", "ThreadLoadedListResponse"),
    ("turn/start", "TurnStartParams", "TurnStartResponse"),
    ("turn/interrupt", "TurnInterruptParams", "TurnInterruptResponse"),
    ("turn/steer", "TurnSteerParams", "TurnSteerResponse"),
    ("model/list", "ModelListParams", "ModelListResponse"),
    ("config/read", "ConfigReadParams", "ConfigReadResponse"),
    ("configRequirements/read", nil, "ConfigRequirementsReadResponse"),
    ("account/read", "GetAccountParams", "GetAccountResponse"),
    (
      "modelProvider/capabilities/read", "ModelProviderCapabilitiesReadParams",
      "ModelProviderCapabilitiesReadResponse"
    ),
    ("permissionProfile/list", "PermissionProfileListParams", "PermissionProfileListResponse"),
    ("fs/readFile", "FsReadFileParams", "FsReadFileResponse"),
    ("fs/writeFile", "FsWriteFileParams", "FsWriteFileResponse"),
    ("fs/getMetadata", "FsGetMetadataParams", "FsGetMetadataResponse"),
    ("fs/readDirectory", "FsReadDirectoryParams", "FsReadDirectoryResponse"),
    ("fs/createDirectory", "FsCreateDirectoryParams", "FsCreateDirectoryResponse"),
    ("fuzzyFileSearch", "FuzzyFileSearchParams", "FuzzyFileSearchResponse"),
    ("command/exec", "CommandExecParams", "CommandExecResponse"),
    ("command/exec/terminate", "CommandExecTerminateParams", "CommandExecTerminateResponse"),
    ("command/exec/write", "CommandExecWriteParams", "CommandExecWriteResponse"),
    ("command/exec/resize", "CommandExecResizeParams", "CommandExecResizeResponse"),
    ("config/value/write", "ConfigValueWriteParams", "ConfigWriteResponse"),
    ("config/batchWrite", "ConfigBatchWriteParams", "ConfigWriteResponse"),
    ("fs/remove", "FsRemoveParams", "FsRemoveResponse"),
    ("fs/copy", "FsCopyParams", "FsCopyResponse"),
    ("fs/watch", "FsWatchParams", "FsWatchResponse"),
    ("fs/unwatch", "FsUnwatchParams", "FsUnwatchResponse"),
    ("skills/list", "SkillsListParams", "SkillsListResponse"),
    ("hooks/list", "HooksListParams", "HooksListResponse"),
    ("thread/compact/start", "ThreadCompactStartParams", "ThreadCompactStartResponse"),
    ("thread/rollback", "ThreadRollbackParams", "ThreadRollbackResponse"),
    ("thread/shellCommand", "ThreadShellCommandParams", "ThreadShellCommandResponse"),
    ("review/start", "ReviewStartParams", "ReviewStartResponse"),
    ("mcpServerStatus/list", "ListMcpServerStatusParams", "ListMcpServerStatusResponse"),
    ("mcpServer/tool/call", "McpServerToolCallParams", "McpServerToolCallResponse"),
    ("mcpServer/resource/read", "McpResourceReadParams", "McpResourceReadResponse"),
    ("config/mcpServer/reload", nil, "McpServerRefreshResponse"),
  ]

  static var envelopes: [ProtocolType] {
    let id = ProtocolField.required("id", .ref("RequestId"))
    func envelope(_ name: String, _ shape: ProtocolShape, _ description: String) -> ProtocolType {
      var type = ProtocolType(
        name: name, namespace: .root, shape: shape, description: description,
        jsonFileDirectory: "")
      type.jsonOnly = true
      return type
    }
    let clientRequests = requestTypes.map { entry in
      ProtocolVariant(
        tagValue: entry.method, title: ProtocolJSONSchema.capitalized(entry.method) + "Request",
        fields: [id] + (entry.params.map { [.required("params", .ref($0))] } ?? []))
    }
    let sentNotifications = notificationParams.map { entry in
      ProtocolVariant(
        tagValue: entry.method,
        title: ProtocolJSONSchema.capitalized(entry.method) + "Notification",
        fields: [
          .required("params", .ref(entry.type)),
          .optional("emittedAtMs", .int64, "Unix milliseconds when the server sent it."),
        ])
    }
    let serverRequests = serverRequestTypes.map { entry in
      ProtocolVariant(
        tagValue: entry.method, title: ProtocolJSONSchema.capitalized(entry.method) + "Request",
        fields: [id, .required("params", .ref(entry.params))])
    }
    return [
      .message(
        "RequestId", .root, file: "", [], nil
      ).with(shape: .union([.string, .int64])),
      envelope(
        "JSONRPCRequest",
        .object([id, .required("method", .string), .optional("params", .any)]),
        "A request: it expects a response with the same id."),
      envelope(
        "JSONRPCNotification", .object([.required("method", .string), .optional("params", .any)]),
        "A message that expects no response."),
      envelope(
        "JSONRPCResponse", .object([id, .required("result", .any)]), "A request's result."),
      envelope(
        "JSONRPCError", .object([id, .required("error", .ref("JSONRPCErrorError"))]),
        "A request's failure."),
      envelope(
        "JSONRPCErrorError",
        .object([
          .required("code", .int64), .required("message", .string),
          .optional(
            "data", .any, "Details some errors carry (config writes: `config_write_error_code`)."),
        ]), "The error's code (JSON-RPC's), a message for people and maybe details."),
      envelope(
        "JSONRPCMessage",
        .union(
          ["JSONRPCRequest", "JSONRPCNotification", "JSONRPCResponse", "JSONRPCError"].map {
            .ref($0)
          }), "Any message either side sends."),
      .message("ClientRequest", .root, file: "", [], "A request the client sends.")
        .with(shape: .tagged(tag: "method", clientRequests)),
      .message("ServerNotification", .root, file: "", [], "A notification the server sends.")
        .with(shape: .tagged(tag: "method", sentNotifications)),
      .message("ServerRequest", .root, file: "", [], "A request the server sends the client.")
        .with(shape: .tagged(tag: "method", serverRequests)),
    ]
  }

  static var primitives: [ProtocolType] {
    [
      .shared(
        "JsonValue", .serdeJSON, .any, "Any JSON value (TypeScript only: JSON Schema says `true`).")
    ]
  }
}

extension ProtocolType {
  func with(shape: ProtocolShape) -> ProtocolType {
    var copy = self
    copy.shape = shape
    return copy
  }
}
