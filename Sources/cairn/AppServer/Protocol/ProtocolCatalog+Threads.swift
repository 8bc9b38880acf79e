/// Threads: the `Thread` object, its status, and the thread methods' params and results.
extension ProtocolCatalog {
  static var threadTypes: [ProtocolType] {
    [
      .shared(
        "Thread",
        .object([
          .required("id", .string, "The thread's id (the Cairn session id)."),
          ProtocolField.maybeNull("extra", .null).experimentalOnly,
          .required("sessionId", .string, "The session tree's id: the thread's own id in Cairn."),
          .maybeNull("forkedFromId", .string, "The thread this one was forked from."),
          .maybeNull("parentThreadId", .null),
          .required("preview", .string, "The first user message, when there is one."),
          .required("ephemeral", .boolean),
          .maybeNull("section", .null), .maybeNull("sectionEnteredAt", .null),
          ProtocolField.optional("historyMode", .stringEnum(["legacy"])).experimentalOnly,
          .required("modelProvider", .string), .required("createdAt", .int64, "Unix seconds."),
          .required("updatedAt", .int64, "Unix seconds."),
          .maybeNull("recencyAt", .int64, "Unix seconds: the last update."),
          .required("status", .ref("ThreadStatus")),
          .maybeNull("path", .string, "The session's log directory (Cairn keeps no rollout file)."),
          .required("cwd", .string), .required("cliVersion", .string),
          .required("source", .stringEnum(["vscode"])),
          ProtocolField.maybeNull(
            "canAcceptDirectInput", .boolean, "True for a thread this server has loaded."
          ).experimentalOnly,
          .maybeNull("threadSource", .null), .maybeNull("agentNickname", .null),
          .maybeNull("agentRole", .null), .maybeNull("gitInfo", .null),
          .maybeNull("name", .string, "The thread's title."),
          .required(
            "turns", .array(.ref("Turn")),
            "Filled by thread/read with includeTurns and thread/resume; empty elsewhere."),
        ]), "A conversation: a Cairn session."),
      .shared(
        "ThreadStatus",
        .kinds(
          of: "ThreadStatus",
          [
            ("notLoaded", []), ("idle", []), ("systemError", []),
            ("active", [.required("activeFlags", .array(.ref("ThreadActiveFlag")))]),
          ])),
      .shared("ThreadActiveFlag", .stringEnum(["waitingOnApproval"])),
      .shared(
        "SandboxPolicy",
        .kinds(
          of: "SandboxPolicy",
          [
            ("dangerFullAccess", []),
            ("readOnly", [.optional("networkAccess", .boolean)]),
            (
              "workspaceWrite",
              [
                .optional("writableRoots", .array(.string)),
                .optional("networkAccess", .boolean),
                .optional("excludeTmpdirEnvVar", .boolean), .optional("excludeSlashTmp", .boolean),
              ]
            ),
          ])),
      .shared("AskForApproval", .stringEnum(["untrusted", "on-failure", "on-request", "never"])),
      .shared("SandboxMode", .stringEnum(["read-only", "workspace-write", "danger-full-access"])),
    ]
  }

  /// The members thread/start, thread/resume and thread/fork answer with.
  static func threadSettingsFields() -> [ProtocolField] {
    [
      .required("thread", .ref("Thread")), .required("model", .string),
      .required("modelProvider", .string), .maybeNull("serviceTier", .null),
      .required("cwd", .string),
      ProtocolField.optional("runtimeWorkspaceRoots", .array(.string)).experimentalOnly,
      .optional("instructionSources", .array(.string)),
      .required("approvalPolicy", .ref("AskForApproval")),
      .required("approvalsReviewer", .stringEnum(["user"])),
      .required("sandbox", .ref("SandboxPolicy")),
      ProtocolField.maybeNull("activePermissionProfile", .null).experimentalOnly,
      .maybeNull("reasoningEffort", .string),
      ProtocolField.optional("multiAgentMode", .stringEnum(["explicitRequestOnly"]))
        .experimentalOnly,
    ]
  }

  /// The thread settings thread/start, thread/resume and thread/fork accept.
  static func threadSettingsParams() -> [ProtocolField] {
    [
      .maybeNull("cwd", .string), .maybeNull("model", .string),
      .maybeNull("modelProvider", .string), .maybeNull("approvalPolicy", .ref("AskForApproval")),
      .maybeNull("sandbox", .ref("SandboxMode")), .maybeNull("config", .map(.any)),
      .maybeNull("baseInstructions", .string), .maybeNull("developerInstructions", .string),
    ]
  }

  static var threadMethods: [ProtocolType] {
    let threadID = ProtocolField.required("threadId", .string)
    return [
      .message("ThreadStartParams", threadSettingsParams() + [.maybeNull("ephemeral", .boolean)]),
      .message("ThreadStartResponse", threadSettingsFields()),
      .message(
        "ThreadListParams",
        [
          .maybeNull("cursor", .string), .maybeNull("limit", .integer(format: "uint32")),
          .maybeNull("archived", .boolean), .maybeNull("cwd", .string),
          .maybeNull("searchTerm", .string),
          .maybeNull("sortKey", .stringEnum(["created_at", "updated_at"])),
          .maybeNull("sortDirection", .stringEnum(["asc", "desc"])),
        ]),
      .message(
        "ThreadListResponse",
        [
          .required("data", .array(.ref("Thread"))), .maybeNull("nextCursor", .string),
          .maybeNull("backwardsCursor", .string),
        ]),
      .message("ThreadReadParams", [threadID, .optional("includeTurns", .boolean)]),
      .message("ThreadReadResponse", [.required("thread", .ref("Thread"))]),
      .message("ThreadResumeParams", [threadID] + threadSettingsParams()),
      .message(
        "ThreadResumeResponse",
        threadSettingsFields() + [
          ProtocolField.maybeNull("initialTurnsPage", .null).experimentalOnly,
          ProtocolField.maybeNull("turnsBackwardsCursor", .string).experimentalOnly,
          ProtocolField.maybeNull("itemsBackwardsCursor", .null).experimentalOnly,
        ]),
      .message("ThreadForkParams", [threadID] + threadSettingsParams()),
      .message("ThreadForkResponse", threadSettingsFields()),
      .message("ThreadSetNameParams", [threadID, .required("name", .string)]),
      .message("ThreadSetNameResponse", []),
      .message("ThreadArchiveParams", [threadID]),
      .message("ThreadArchiveResponse", []),
      .message("ThreadUnarchiveParams", [threadID]),
      .message("ThreadUnarchiveResponse", [.required("thread", .ref("Thread"))]),
      .message("ThreadDeleteParams", [threadID]),
      .message("ThreadDeleteResponse", []),
      .message("ThreadUnsubscribeParams", [threadID]),
      .message("ThreadUnsubscribeResponse", [.required("status", .ref("ThreadUnsubscribeStatus"))]),
      .shared(
        "ThreadUnsubscribeStatus", .stringEnum(["notLoaded", "notSubscribed", "unsubscribed"])),
      .message(
        "ThreadLoadedListParams",
        [.maybeNull("cursor", .string), .maybeNull("limit", .integer(format: "uint32"))]),
      .message(
        "ThreadLoadedListResponse",
        [.required("data", .array(.string)), .maybeNull("nextCursor", .null)]),
    ]
  }
}
