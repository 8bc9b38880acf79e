/// The notifications Cairn sends (AppServerMethods.sentNotifications) and the requests it
/// sends the client (command and file-change approvals).
extension ProtocolCatalog {
  /// Notification method → params type, in `sentNotifications`' order.
  static let notificationParams: [(method: String, type: String)] = [
    ("thread/started", "ThreadStartedNotification"),
    ("thread/status/changed", "ThreadStatusChangedNotification"),
    ("thread/archived", "ThreadArchivedNotification"),
    ("thread/unarchived", "ThreadUnarchivedNotification"),
    ("thread/deleted", "ThreadDeletedNotification"),
    ("thread/name/updated", "ThreadNameUpdatedNotification"),
    ("thread/goal/cleared", "ThreadGoalClearedNotification"),
    ("thread/tokenUsage/updated", "ThreadTokenUsageUpdatedNotification"),
    ("turn/started", "TurnStartedNotification"), ("turn/completed", "TurnCompletedNotification"),
    ("turn/plan/updated", "TurnPlanUpdatedNotification"),
    ("item/started", "ItemStartedNotification"), ("item/completed", "ItemCompletedNotification"),
    ("item/agentMessage/delta", "AgentMessageDeltaNotification"),
    ("item/reasoning/summaryTextDelta", "ReasoningSummaryTextDeltaNotification"),
    ("item/reasoning/summaryPartAdded", "ReasoningSummaryPartAddedNotification"),
    ("item/commandExecution/outputDelta", "CommandExecutionOutputDeltaNotification"),
    ("serverRequest/resolved", "ServerRequestResolvedNotification"),
    ("account/rateLimits/updated", "AccountRateLimitsUpdatedNotification"),
    ("remoteControl/status/changed", "RemoteControlStatusChangedNotification"),
    ("error", "ErrorNotification"),
    ("command/exec/outputDelta", "CommandExecOutputDeltaNotification"),
    ("fs/changed", "FsChangedNotification"),
    ("deprecationNotice", "DeprecationNoticeNotification"),
    ("thread/closed", "ThreadClosedNotification"),
    ("turn/diff/updated", "TurnDiffUpdatedNotification"),
    ("mcpServer/startupStatus/updated", "McpServerStatusUpdatedNotification"),
  ]

  /// Server request method → params and response types.
  static let serverRequestTypes: [(method: String, params: String, response: String)] = [
    (
      "item/commandExecution/requestApproval", "CommandExecutionRequestApprovalParams",
      "CommandExecutionRequestApprovalResponse"
    ),
    (
      "item/fileChange/requestApproval", "FileChangeRequestApprovalParams",
      "FileChangeRequestApprovalResponse"
    ),
  ]

  static var notifications: [ProtocolType] {
    let threadID = ProtocolField.required("threadId", .string)
    let turnID = ProtocolField.required("turnId", .string)
    let itemID = ProtocolField.required("itemId", .string)
    return [
      .message("ThreadStartedNotification", [.required("thread", .ref("Thread"))]),
      .message(
        "ThreadStatusChangedNotification", [threadID, .required("status", .ref("ThreadStatus"))]),
      .message("ThreadArchivedNotification", [threadID]),
      .message("ThreadUnarchivedNotification", [threadID]),
      .message("ThreadDeletedNotification", [threadID]),
      .message("ThreadNameUpdatedNotification", [threadID, .maybeNull("threadName", .string)]),
      .message("ThreadGoalClearedNotification", [threadID]),
      .message(
        "ThreadTokenUsageUpdatedNotification",
        [threadID, turnID, .required("tokenUsage", .ref("ThreadTokenUsage"))]),
      .shared(
        "ThreadTokenUsage",
        .object([
          .required("total", .ref("TokenUsageBreakdown"), "The thread's running total."),
          .required("last", .ref("TokenUsageBreakdown"), "The last model response's counts."),
          .maybeNull("modelContextWindow", .int64),
        ])),
      .shared(
        "TokenUsageBreakdown",
        .object([
          .required("totalTokens", .int64), .required("inputTokens", .int64),
          .required("cachedInputTokens", .int64), .optional("cacheWriteInputTokens", .int64),
          .required("outputTokens", .int64), .required("reasoningOutputTokens", .int64),
        ])),
      .message("TurnStartedNotification", [threadID, .required("turn", .ref("Turn"))]),
      .message("TurnCompletedNotification", [threadID, .required("turn", .ref("Turn"))]),
      .message(
        "TurnPlanUpdatedNotification",
        [
          threadID, turnID, .maybeNull("explanation", .string),
          .required("plan", .array(.ref("TurnPlanStep"))),
        ]),
      .shared(
        "TurnPlanStep",
        .object([
          .required("step", .string), .required("status", .ref("TurnPlanStepStatus")),
        ])),
      .shared("TurnPlanStepStatus", .stringEnum(["pending", "inProgress", "completed"])),
      .message(
        "ItemStartedNotification",
        [.required("item", .ref("ThreadItem")), threadID, turnID, .required("startedAtMs", .int64)]
      ),
      .message(
        "ItemCompletedNotification",
        [
          .required("item", .ref("ThreadItem")), threadID, turnID,
          .required("completedAtMs", .int64),
        ]),
      .message(
        "AgentMessageDeltaNotification", [threadID, turnID, itemID, .required("delta", .string)]),
      .message(
        "ReasoningSummaryTextDeltaNotification",
        [threadID, turnID, itemID, .required("delta", .string), .required("summaryIndex", .int64)]),
      .message(
        "ReasoningSummaryPartAddedNotification",
        [threadID, turnID, itemID, .required("summaryIndex", .int64)]),
      .message(
        "CommandExecutionOutputDeltaNotification",
        [threadID, turnID, itemID, .required("delta", .string)]),
      .message(
        "ServerRequestResolvedNotification", [threadID, .required("requestId", .ref("RequestId"))]),
      .message(
        "AccountRateLimitsUpdatedNotification",
        [.required("rateLimits", .ref("RateLimitSnapshot"))]),
      .shared(
        "RateLimitSnapshot",
        .object([
          .maybeNull("limitId", .string), .maybeNull("limitName", .null),
          .maybeNull("primary", .null), .maybeNull("secondary", .null),
          .maybeNull("credits", .null), .maybeNull("individualLimit", .null),
          .maybeNull("spendControlReached", .null), .maybeNull("planType", .null),
          .maybeNull("rateLimitReachedType", .null),
        ]), "Cairn's providers report no limits: every window is null."),
      .message(
        "RemoteControlStatusChangedNotification",
        [
          .required("status", .stringEnum(["disabled"])), .required("serverName", .string),
          .required("installationId", .string), .maybeNull("environmentId", .null),
        ], "Remote control needs a ChatGPT account: it is always disabled in Cairn."),
      .message(
        "ErrorNotification",
        [
          .required("error", .ref("TurnError")), .required("willRetry", .boolean), threadID,
          turnID,
        ]),
      .message(
        "CommandExecOutputDeltaNotification",
        [
          .required("processId", .string),
          .required("stream", .ref("CommandExecOutputStream")),
          .required("deltaBase64", .string), .required("capReached", .boolean),
        ]),
      .shared("CommandExecOutputStream", .stringEnum(["stdout", "stderr"])),
      .message(
        "FsChangedNotification",
        [
          .required("watchId", .string),
          .required("changedPaths", .array(.string), "Absolute paths, batched."),
        ]),
    ]
  }

  static var serverRequests: [ProtocolType] {
    let common: [ProtocolField] = [
      .required("threadId", .string), .required("turnId", .string), .required("itemId", .string),
      .required("startedAtMs", .int64),
    ]
    var types: [ProtocolType] = [
      .message(
        "CommandExecutionRequestApprovalParams", .v2, file: "",
        common + [
          .maybeNull("environmentId", .string), .maybeNull("command", .string),
          .maybeNull("cwd", .string), .maybeNull("commandActions", .array(.ref("CommandAction"))),
          .maybeNull("proposedExecpolicyAmendment", .null),
          ProtocolField.maybeNull(
            "availableDecisions", .array(.ref("CommandExecutionApprovalDecision"))
          ).experimentalOnly,
        ], "Asks the client whether the agent may run a command."),
      .message(
        "CommandExecutionRequestApprovalResponse", .v2, file: "",
        [.required("decision", .ref("CommandExecutionApprovalDecision"))]),
      .shared(
        "CommandExecutionApprovalDecision",
        .stringEnum(["accept", "acceptForSession", "decline", "cancel"])),
      .message(
        "FileChangeRequestApprovalParams", .v2, file: "",
        common + [.maybeNull("reason", .null), .maybeNull("grantRoot", .null)],
        "Asks the client whether the agent may apply a patch."),
      .message(
        "FileChangeRequestApprovalResponse", .v2, file: "",
        [.required("decision", .ref("FileChangeApprovalDecision"))]),
      .shared(
        "FileChangeApprovalDecision",
        .stringEnum(["accept", "acceptForSession", "decline", "cancel"])
      ),
    ]
    // Codex's JSON bundle keeps the server requests' types at its top.
    for index in types.indices { types[index].jsonNamespaceOverride = .root }
    return types
  }
}
