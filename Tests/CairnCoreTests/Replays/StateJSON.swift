import CairnCore
import CairnLogFormat

// A readable JSON rendering of the whole state, for the golden replays' expected files:
// every projection and every field, keys in snake case and in declaration order, so the
// text is stable byte for byte. The digest next to it pins the canonical encoding; this is
// what a reviewer reads in the diff. Enums with payloads are flattened into their owner:
// `"status":"failed","message":"…"`.

extension SessionState {
  var goldenJSON: JSONValue {
    .object([
      ("last_seq", .uint(lastSeq.rawValue)),
      ("session", session?.goldenJSON ?? .null),
      ("turns", turns.goldenJSON),
      ("transcript", transcript.goldenJSON),
      ("tools", tools.goldenJSON),
      ("approvals", approvals.goldenJSON),
      ("usage", usage.goldenJSON),
      ("compactions", compactions.goldenJSON),
      ("ui", ui.goldenJSON),
      ("file_changes", fileChanges.goldenJSON),
      ("ignored_event_count", .uint(ignoredEventCount)),
    ])
  }
}

extension SessionProjection {
  var goldenJSON: JSONValue {
    .object([
      ("session_id", .string(sessionID.rawValue)),
      ("created_at_ns", .int(createdAtNanoseconds)),
      ("cwd", .string(cwd)),
      ("model", .string(model)),
      ("provider", .string(provider)),
      ("reasoning_effort", reasoningEffort.goldenJSON),
      ("approval_policy", .string(approvalPolicy.rawValue)),
      ("sandbox_mode", .string(sandboxMode.rawValue)),
      ("origin", origin?.json ?? .null),
      ("title", title.goldenJSON),
      ("archived", .bool(archived)),
    ])
  }
}

extension TurnsProjection {
  var goldenJSON: JSONValue {
    .object([
      ("current", current?.goldenJSON ?? .null),
      ("recent", .array(recent.map(\.goldenJSON))),
      ("completed_count", .uint(completedCount)),
      ("failed_count", .uint(failedCount)),
      ("interrupted_count", .uint(interruptedCount)),
    ])
  }
}

extension TurnRecord {
  var goldenJSON: JSONValue {
    .object(
      [("turn_id", .string(turnID.rawValue))] + status.goldenMembers + [
        ("started_seq", .uint(startedSeq.rawValue)),
        ("ended_seq", endedSeq.map { .uint($0.rawValue) } ?? .null),
      ])
  }
}

extension TurnStatus {
  var goldenMembers: [(String, JSONValue)] {
    switch self {
    case .running: return [("status", .string("running"))]
    case .completed: return [("status", .string("completed"))]
    case .failed(let message):
      return [("status", .string("failed")), ("message", .string(message))]
    case .interrupted(let reason):
      return [("status", .string("interrupted")), ("reason", .string(reason))]
    }
  }
}

extension TranscriptProjection {
  var goldenJSON: JSONValue {
    .object([
      ("window", .array(window.map(\.goldenJSON))),
      ("older_item_seqs", .array(olderItemSeqs.all.map { .uint($0.rawValue) })),
    ])
  }
}

extension TranscriptItem {
  var goldenJSON: JSONValue {
    .object(
      [("seq", .uint(seq.rawValue)), ("turn_id", .string(turnID.rawValue))] + entry.goldenMembers)
  }
}

extension TranscriptEntry {
  var goldenMembers: [(String, JSONValue)] {
    switch self {
    case .user(let text, let images):
      return [
        ("type", .string("user")), ("text", .string(text)),
        ("images", .array(images.map(\.json))),
      ]
    case .assistant(let itemID, let text, let complete):
      return [
        ("type", .string("assistant")), ("item_id", .string(itemID.rawValue)),
        ("text", .string(text)), ("complete", .bool(complete)),
      ]
    case .reasoning(let itemID, let summary, let complete):
      return [
        ("type", .string("reasoning")), ("item_id", .string(itemID.rawValue)),
        ("summary", .array(summary.map { .string($0) })), ("complete", .bool(complete)),
      ]
    case .toolCall(let callID, let name, let arguments):
      return [
        ("type", .string("tool_call")), ("call_id", .string(callID.rawValue)),
        ("name", .string(name)), ("arguments", .string(arguments)),
      ]
    case .turnFailed(let message):
      return [("type", .string("turn_failed")), ("message", .string(message))]
    case .turnInterrupted(let reason):
      return [("type", .string("turn_interrupted")), ("reason", .string(reason))]
    }
  }
}

extension ToolsProjection {
  var goldenJSON: JSONValue {
    .object([
      ("active", .array(active.map(\.goldenJSON))),
      ("finished", .array(finished.map(\.goldenJSON))),
      ("finished_count", .uint(finishedCount)),
    ])
  }
}

extension ToolRun {
  var goldenJSON: JSONValue {
    .object(
      [
        ("call_id", .string(callID.rawValue)),
        ("turn_id", .string(turnID.rawValue)),
        ("tool", .string(tool)),
        ("command", .array(command.map { .string($0) })),
        ("workdir", workdir.goldenJSON),
        ("risk", .string(risk.rawValue)),
      ] + status.goldenMembers + [
        ("tty", .bool(tty)),
        ("stdout_bytes", .uint(stdoutBytes)),
        ("stderr_bytes", .uint(stderrBytes)),
        ("stdin_bytes", .uint(stdinBytes)),
        ("omitted_bytes", .uint(omittedBytes)),
        Self.previewMember(preview),
        ("rows", rows.map { .uint(UInt64($0)) } ?? .null),
        ("columns", columns.map { .uint(UInt64($0)) } ?? .null),
        ("signals_sent", .array(signalsSent.map { .int(Int64($0)) })),
        ("duration_ns", durationNanoseconds.map { .uint($0) } ?? .null),
        ("planned_seq", .uint(plannedSeq.rawValue)),
      ])
  }

  /// The preview as text when it is UTF-8 (the usual case), else as base64.
  static func previewMember(_ preview: [UInt8]) -> (String, JSONValue) {
    if let text = String(validating: preview, as: UTF8.self) {
      return ("preview", .string(text))
    }
    return ("preview_base64", .string(Base64.encode(preview)))
  }
}

extension ToolStatus {
  var goldenMembers: [(String, JSONValue)] {
    switch self {
    case .planned: return [("status", .string("planned"))]
    case .awaitingApproval: return [("status", .string("awaiting_approval"))]
    case .denied(let decision):
      return [("status", .string("denied")), ("decision", .string(decision.rawValue))]
    case .running(let processID):
      return [("status", .string("running")), ("process_id", .int(Int64(processID)))]
    case .exited(let exitCode, let signal):
      return [
        ("status", .string("exited")),
        ("exit_code", exitCode.map { .int(Int64($0)) } ?? .null),
        ("signal", signal.map { .int(Int64($0)) } ?? .null),
      ]
    }
  }
}

extension ApprovalsProjection {
  var goldenJSON: JSONValue {
    .object([
      ("pending", .array(pending.map(\.goldenJSON))),
      ("decided", .array(decided.map(\.goldenJSON))),
      ("approved_for_session", .array(approvedForSession.map { .array($0.map { .string($0) }) })),
    ])
  }
}

extension PendingApproval {
  var goldenJSON: JSONValue {
    .object([
      ("call_id", .string(callID.rawValue)),
      ("reason", .string(reason)),
      ("risk", .string(risk.rawValue)),
      ("reasons", .array(reasons.map { .string($0) })),
      ("requested_seq", .uint(requestedSeq.rawValue)),
    ])
  }
}

extension DecidedApproval {
  var goldenJSON: JSONValue {
    .object([
      ("call_id", .string(callID.rawValue)),
      ("decision", .string(decision.rawValue)),
      ("decided_seq", .uint(decidedSeq.rawValue)),
    ])
  }
}

extension UsageProjection {
  var goldenJSON: JSONValue {
    .object([
      ("cumulative", .object(cumulative.goldenMembers)),
      ("last", last.map { .object($0.goldenMembers) } ?? .null),
      (
        "per_turn",
        .array(
          perTurn.map { entry in
            .object([("turn_id", .string(entry.turnID.rawValue))] + entry.counts.goldenMembers)
          })
      ),
    ])
  }
}

extension TokenCounts {
  var goldenMembers: [(String, JSONValue)] {
    [
      ("input_tokens", .uint(inputTokens)),
      ("cached_input_tokens", .uint(cachedInputTokens)),
      ("output_tokens", .uint(outputTokens)),
      ("reasoning_output_tokens", .uint(reasoningOutputTokens)),
    ]
  }
}

extension CompactionsProjection {
  var goldenJSON: JSONValue {
    .object([
      ("latest_replay_seed", latestReplaySeed?.goldenJSON ?? .null),
      ("latest_semantic_summary", latestSemanticSummary?.goldenJSON ?? .null),
      ("recorded_count", .uint(recordedCount)),
    ])
  }
}

extension CompactionRecord {
  var goldenJSON: JSONValue {
    .object([
      ("artifact_id", .string(artifactID)),
      ("kind", .string(kind.rawValue)),
      ("checkpoint_seq", .uint(checkpointSeq.rawValue)),
      ("recorded_seq", .uint(recordedSeq.rawValue)),
    ])
  }
}

extension UIProjection {
  var goldenJSON: JSONValue {
    .object([
      ("rows", .uint(UInt64(rows))),
      ("columns", .uint(UInt64(columns))),
      ("focus", .string(focus.rawValue)),
      ("lines_from_bottom", .uint(UInt64(linesFromBottom))),
      ("palette_query", paletteQuery.goldenJSON),
      ("composer_text", .string(composerText)),
      ("composer_cursor", .uint(UInt64(composerCursor))),
    ])
  }
}

extension String? {
  var goldenJSON: JSONValue { map { .string($0) } ?? .null }
}

extension FileChangesProjection {
  var goldenJSON: JSONValue {
    .object([
      (
        "recent",
        .array(
          recent.map { change in
            .object([
              ("seq", .uint(change.seq.rawValue)),
              ("call_id", .string(change.callID.rawValue)),
              ("path", .string(change.path)),
              ("kind", .string(change.kind.rawValue)),
              ("move_path", change.movePath.goldenJSON),
              ("before_bytes", change.beforeBytes.map { .uint($0) } ?? .null),
              ("after_bytes", change.afterBytes.map { .uint($0) } ?? .null),
            ])
          })
      ),
      ("added_count", .uint(addedCount)),
      ("updated_count", .uint(updatedCount)),
      ("deleted_count", .uint(deletedCount)),
    ])
  }
}
