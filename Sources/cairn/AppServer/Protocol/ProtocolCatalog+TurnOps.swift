/// thread/compact/start, thread/rollback, thread/shellCommand and review/start
/// (AppServerTurnOps.swift), and the notifications they and other turns add.
extension ProtocolCatalog {
  static var turnOpsMethods: [ProtocolType] {
    let threadID = ProtocolField.required("threadId", .string)
    return [
      .message("ThreadCompactStartParams", [threadID]),
      .message(
        "ThreadCompactStartResponse", [],
        "The compaction runs as a turn after the answer, with a `contextCompaction` item."),
      .message(
        "ThreadRollbackParams",
        [
          threadID,
          .required(
            "numTurns", .integer(format: "uint32"),
            "How many of the latest turns to drop (at least 1). Files are not reverted."),
        ], "Deprecated, as in Codex: a `deprecationNotice` comes first."),
      .message(
        "ThreadRollbackResponse",
        [.required("thread", .ref("Thread"), "The thread after the rollback, with its turns.")]),
      .message(
        "ThreadShellCommandParams",
        [
          threadID,
          .required(
            "command", .string,
            "Run by the user's shell, unsandboxed, as a turn of its own; the model sees it and "
              + "its output in the next turn."),
        ]),
      .message("ThreadShellCommandResponse", []),
      .message(
        "ReviewStartParams",
        [
          threadID, .required("target", .ref("ReviewTarget")),
          .maybeNull(
            "delivery", .ref("ReviewDelivery"),
            "Inline (on this thread) only: `detached` is answered not supported."),
        ]),
      .shared("ReviewDelivery", .stringEnum(["inline"])),
      .shared(
        "ReviewTarget",
        .kinds(
          of: "ReviewTarget",
          [
            ("uncommittedChanges", []),
            ("baseBranch", [.required("branch", .string)]),
            ("commit", [.required("sha", .string), .maybeNull("title", .string)]),
            ("custom", [.required("instructions", .string)]),
          ]), "What the review looks at."),
      .message(
        "ReviewStartResponse",
        [
          .required("turn", .ref("Turn"), "The review turn, not started yet."),
          .required("reviewThreadId", .string, "The thread itself (inline reviews)."),
        ]),
    ]
  }

  static var turnOpsNotifications: [ProtocolType] {
    [
      .message(
        "DeprecationNoticeNotification",
        [.required("summary", .string), .maybeNull("details", .string)]),
      .message(
        "ThreadClosedNotification", [.required("threadId", .string)],
        "The thread was unloaded: its last subscriber left."),
      .message(
        "TurnDiffUpdatedNotification",
        [
          .required("threadId", .string), .required("turnId", .string),
          .required("diff", .string, "The turn's changes so far, as one unified diff."),
        ]),
    ]
  }
}
