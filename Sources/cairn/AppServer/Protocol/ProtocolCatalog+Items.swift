/// Turns and their items, as Cairn renders them from a session's log
/// (AppServerTurnRenderer), and the user input turn/start and turn/steer accept.
extension ProtocolCatalog {
  static var itemTypes: [ProtocolType] {
    let itemBase: [ProtocolField] = [.required("id", .string)]
    return [
      .shared(
        "Turn",
        .object([
          .required("id", .string), .required("items", .array(.ref("ThreadItem"))),
          .optional("itemsView", .ref("TurnItemsView")), .required("status", .ref("TurnStatus")),
          .maybeNull("error", .ref("TurnError")),
          .maybeNull("startedAt", .int64, "Unix seconds; null for a turn not started yet."),
          .maybeNull("completedAt", .int64, "Unix seconds."),
          .maybeNull("durationMs", .int64),
        ]), "One user request and the work it caused."),
      .shared("TurnStatus", .stringEnum(["completed", "interrupted", "failed", "inProgress"])),
      .shared(
        "TurnItemsView", .stringEnum(["notLoaded", "summary", "full"]),
        "Which items a turn carries: none, the last agent message, or all."),
      .shared(
        "TurnError",
        .object([
          .required("message", .string), .maybeNull("codexErrorInfo", .ref("CodexErrorInfo")),
          .maybeNull("additionalDetails", .string),
        ])),
      .shared(
        "CodexErrorInfo",
        .union([
          .stringEnum(["other"]),
          .object([
            .required(
              "responseStreamDisconnected",
              .object([.maybeNull("httpStatusCode", .integer(format: "uint16"))]))
          ]),
        ]), "What kind of failure a turn error is: Cairn tells a dropped stream from the rest."),
      .shared(
        "ThreadItem",
        .kinds(
          of: "ThreadItem",
          [
            (
              "userMessage",
              itemBase + [
                .maybeNull("clientId", .null), .required("content", .array(.ref("UserInput"))),
              ]
            ),
            (
              "agentMessage",
              itemBase + [
                .required("text", .string), .maybeNull("phase", .null),
                .maybeNull("memoryCitation", .null),
              ]
            ),
            (
              "reasoning",
              itemBase + [
                .optional("summary", .array(.string)), .optional("content", .array(.string)),
              ]
            ),
            (
              "commandExecution",
              itemBase + [
                .maybeNull("pluginId", .null), .maybeNull("scriptPath", .null),
                .required("command", .string), .required("cwd", .string),
                .maybeNull("processId", .null),
                .optional("source", .ref("CommandExecutionSource")),
                .required("status", .ref("CommandExecutionStatus")),
                .required("commandActions", .array(.ref("CommandAction"))),
                .maybeNull("aggregatedOutput", .string),
                .maybeNull("exitCode", .int32), .maybeNull("durationMs", .int64),
              ]
            ),
            (
              "fileChange",
              itemBase + [
                .required("changes", .array(.ref("FileUpdateChange"))),
                .required("status", .ref("PatchApplyStatus")),
              ]
            ),
            ("contextCompaction", itemBase),
            ("mcpToolCall", itemBase + mcpToolCallFields),
            (
              "enteredReviewMode",
              itemBase + [.required("review", .string, "The review's label (its target).")]
            ),
            (
              "exitedReviewMode",
              itemBase + [.required("review", .string, "The review: the model's last message.")]
            ),
          ]), "One step of a turn."),
      .shared(
        "UserInput",
        .kinds(
          of: "UserInput",
          [
            (
              "text",
              [.required("text", .string), .optional("text_elements", .array(.ref("TextElement")))]
            )
          ]), "Input from the user; Cairn accepts text."),
      .shared(
        "TextElement",
        .object([.required("byteRange", .ref("ByteRange")), .maybeNull("placeholder", .string)])),
      .shared(
        "ByteRange",
        .object([
          .required("start", .integer(format: "uint")), .required("end", .integer(format: "uint")),
        ])),
      .shared(
        "CommandExecutionSource", .stringEnum(["agent", "userShell"]),
        "`userShell`: a thread/shellCommand."),
      .shared(
        "CommandExecutionStatus", .stringEnum(["inProgress", "completed", "failed", "declined"])),
      .shared(
        "CommandAction",
        .kinds(of: "CommandAction", [("unknown", [.required("command", .string)])]),
        "What a command does; Cairn does not classify commands yet."),
      .shared(
        "FileUpdateChange",
        .object([
          .required("path", .string), .required("kind", .ref("PatchChangeKind")),
          .required("diff", .string, "A new file's content; empty for other kinds."),
        ])),
      .shared(
        "PatchChangeKind",
        .kinds(of: "PatchChangeKind", [("add", []), ("delete", []), ("update", [])])),
      .shared("PatchApplyStatus", .stringEnum(["inProgress", "completed", "failed", "declined"])),
    ]
  }

  static var turnMethods: [ProtocolType] {
    let threadID = ProtocolField.required("threadId", .string)
    return [
      .message("TurnStartParams", [threadID, .required("input", .array(.ref("UserInput")))]),
      .message("TurnStartResponse", [.required("turn", .ref("Turn"))]),
      .message("TurnInterruptParams", [threadID, .required("turnId", .string)]),
      .message("TurnInterruptResponse", []),
      .message(
        "TurnSteerParams",
        [
          threadID, .required("expectedTurnId", .string),
          .required("input", .array(.ref("UserInput"))),
        ]),
      .message("TurnSteerResponse", [.required("turnId", .string)]),
    ]
  }
}
