#!/usr/bin/env python3
"""Generates CairnCore's event payload types, their binary codec and JSON rendering, and
the field tables of docs/EVENTS.md, from the one table below. Run after changing it:

    tools/generate-events.py && swift format --in-place --recursive Sources/CairnCore/Events \
        Tests/CairnCoreTests/Events

Kinds and enum codes are stable forever: never renumber, only append. A payload change
bumps that event's schema version and keeps a decoder for every earlier one."""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# Enums encoded as a one-byte code: the position in the list. Append only.
ENUMS = {
    "ApprovalPolicy": ["untrusted", "onRequest", "onFailure", "never"],
    "SandboxMode": ["readOnly", "workspaceWrite", "dangerFullAccess"],
    "ApprovalDecision": ["approvedOnce", "approvedForSession", "denied", "aborted"],
    "RiskLevel": ["safe", "risky", "dangerous"],
    "OutputStream": ["stdout", "stderr", "pty"],
    "CompactionKind": ["replaySeed", "semanticSummary"],
    "FocusTarget": ["composer", "transcript", "approval", "palette"],
    "FileChangeKind": ["add", "update", "delete"],
    "Overlay": ["none", "transcript", "shortcuts", "backtrack", "modelPicker", "effortPicker",
                "permissionsPicker", "resumePicker", "forkPicker", "timeline", "status"],
    "MCPServerStatus": ["starting", "ready", "failed", "exited"],
}

STRING_WRAPPERS = ["SessionID", "TurnID", "CallID", "ItemID"]

# Nested structs: name, doc, fields.
STRUCTS = [
    ("SessionOrigin", "Where a forked session came from.", [
        ("parent", "SessionID", "the parent session"),
        ("forkSeq", "Seq", "the last parent record the child shares"),
    ]),
    ("ImageReference", "An image attached to a user message, by reference (never inline).", [
        ("path", "String", "where the image file is"),
        ("mimeType", "String", "its media type, e.g. image/png"),
    ]),
    ("SeqRange", "A closed range of sequence numbers in the session's log.", [
        ("first", "Seq", "the first record"),
        ("last", "Seq", "the last record"),
    ]),
]

# Events: (kind, case, struct, doc, fields). Field: (name, type, doc).
EVENTS = [
    (1, "sessionCreated", "SessionCreated", "A session began (the first record of its log).", [
        ("sessionID", "SessionID", "the session's id"),
        ("cwd", "String", "the working directory"),
        ("model", "String", "the model, e.g. gpt-5-codex"),
        ("provider", "String", "the model provider id, e.g. openai"),
        ("approvalPolicy", "ApprovalPolicy", "when tool calls need approval"),
        ("sandboxMode", "SandboxMode", "what tool calls may touch"),
        ("origin", "SessionOrigin?", "the parent and fork point of a forked session"),
    ]),
    (2, "settingsChanged", "SettingsChanged", "Settings changed mid-session; nil fields are unchanged.", [
        ("model", "String?", "the new model"),
        ("reasoningEffort", "String?", "the new reasoning effort, e.g. high"),
        ("approvalPolicy", "ApprovalPolicy?", "the new approval policy"),
        ("sandboxMode", "SandboxMode?", "the new sandbox mode"),
        ("cwd", "String?", "the new working directory"),
    ]),
    (3, "turnStarted", "TurnStarted", "A turn began.", [
        ("turnID", "TurnID", "the turn's id"),
    ]),
    (4, "turnCompleted", "TurnCompleted", "A turn ended normally.", [
        ("turnID", "TurnID", "the turn"),
    ]),
    (5, "turnFailed", "TurnFailed", "A turn ended with an error.", [
        ("turnID", "TurnID", "the turn"),
        ("message", "String", "what went wrong, as shown to the user"),
    ]),
    (6, "turnInterrupted", "TurnInterrupted", "The user interrupted a turn.", [
        ("turnID", "TurnID", "the turn"),
        ("reason", "String", "why, e.g. interrupted by the user"),
    ]),
    (7, "userMessageAdded", "UserMessageAdded", "The user's message for a turn: its prompt, right after `turn_started`, or input steered into it while it runs (`turn/steer`).", [
        ("turnID", "TurnID", "the turn"),
        ("text", "String", "the message text (redacted)"),
        ("images", "[ImageReference]", "attached images, by reference"),
    ]),
    (8, "modelResponseStarted", "ModelResponseStarted", "The model began a response.", [
        ("turnID", "TurnID", "the turn"),
        ("responseID", "String", "the provider's response id"),
    ]),
    (9, "outputTextAppended", "OutputTextAppended", "Streamed assistant text (deltas coalesced).", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the message item"),
        ("delta", "String", "the text appended"),
    ]),
    (10, "reasoningSummaryAppended", "ReasoningSummaryAppended", "Streamed reasoning-summary text (deltas coalesced).", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the reasoning item"),
        ("summaryIndex", "UInt32", "which summary part"),
        ("delta", "String", "the text appended"),
    ]),
    (11, "messageCompleted", "MessageCompleted", "An assistant message item is final.", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the item"),
        ("text", "String", "the whole text"),
    ]),
    (12, "reasoningCompleted", "ReasoningCompleted", "A reasoning item is final.", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the item"),
        ("summary", "[String]", "the summary parts"),
        ("encryptedContent", "String?", "the provider's opaque reasoning state, if any"),
    ]),
    (13, "functionCallCompleted", "FunctionCallCompleted", "The model called a function tool.", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the item"),
        ("callID", "CallID", "the call"),
        ("name", "String", "the tool name, e.g. exec_command"),
        ("arguments", "String", "the arguments, JSON text as the model sent it"),
    ]),
    (14, "customToolCallCompleted", "CustomToolCallCompleted", "The model called a custom (freeform) tool, e.g. apply_patch.", [
        ("turnID", "TurnID", "the turn"),
        ("itemID", "ItemID", "the item"),
        ("callID", "CallID", "the call"),
        ("name", "String", "the tool name"),
        ("input", "String", "the freeform input"),
    ]),
    (15, "toolCallPlanned", "ToolCallPlanned", "A tool call was understood and classified.", [
        ("turnID", "TurnID", "the turn"),
        ("callID", "CallID", "the call"),
        ("tool", "String", "the tool name"),
        ("command", "[String]", "the command line, for shell tools"),
        ("workdir", "String?", "where it runs"),
        ("risk", "RiskLevel", "the risk classification"),
        ("reasons", "[String]", "why it was classified so"),
        ("needsApproval", "Bool", "whether the policy asks the user"),
    ]),
    (16, "approvalRequested", "ApprovalRequested", "The user was asked to approve a tool call.", [
        ("callID", "CallID", "the call"),
        ("reason", "String", "what the prompt says"),
    ]),
    (17, "approvalDecided", "ApprovalDecided", "The user decided.", [
        ("callID", "CallID", "the call"),
        ("decision", "ApprovalDecision", "approve once, for the session, deny or abort"),
    ]),
    (18, "toolStarted", "ToolStarted", "A tool process started.", [
        ("callID", "CallID", "the call"),
        ("processID", "Int32", "its pid"),
        ("tty", "Bool", "whether it runs in a pseudo-terminal"),
    ]),
    (19, "toolOutputReceived", "ToolOutputReceived", "A chunk of tool output (redacted).", [
        ("callID", "CallID", "the call"),
        ("stream", "OutputStream", "which stream"),
        ("chunk", "Bytes", "the bytes"),
    ]),
    (20, "toolStdinWritten", "ToolStdinWritten", "Bytes written to a tool's standard input.", [
        ("callID", "CallID", "the call"),
        ("bytes", "Bytes", "what was written (redacted)"),
    ]),
    (21, "toolResized", "ToolResized", "A tool's terminal was resized.", [
        ("callID", "CallID", "the call"),
        ("rows", "UInt16", "rows"),
        ("columns", "UInt16", "columns"),
    ]),
    (22, "toolSignalled", "ToolSignalled", "A signal was sent to a tool's process group.", [
        ("callID", "CallID", "the call"),
        ("signal", "Int32", "the signal number"),
    ]),
    (23, "toolExited", "ToolExited", "A tool process ended.", [
        ("callID", "CallID", "the call"),
        ("exitCode", "Int32?", "its exit status, if it exited"),
        ("signal", "Int32?", "the signal that ended it, if any"),
        ("durationNanoseconds", "UInt64", "wall time from start to exit"),
    ]),
    (24, "tokenUsageRecorded", "TokenUsageRecorded", "Token counts the provider reported for a response.", [
        ("turnID", "TurnID", "the turn"),
        ("inputTokens", "UInt64", "input tokens"),
        ("cachedInputTokens", "UInt64", "of which cached"),
        ("outputTokens", "UInt64", "output tokens"),
        ("reasoningOutputTokens", "UInt64", "of which reasoning"),
    ]),
    (25, "compactionArtifactRecorded", "CompactionArtifactRecorded", "A compaction handoff artifact was stored.", [
        ("artifactID", "String", "the artifact's id"),
        ("kind", "CompactionKind", "replay seed or semantic summary"),
        ("checkpointSeq", "Seq", "the checkpoint it builds on (0 for none)"),
        ("ranges", "[SeqRange]", "the event ranges it stands for, by reference"),
        ("summary", "String?", "the summary text, for a semantic summary"),
    ]),
    (26, "sessionRenamed", "SessionRenamed", "The session got a title.", [
        ("title", "String", "the new title"),
    ]),
    (27, "sessionArchived", "SessionArchived", "The session was archived.", []),
    (28, "sessionUnarchived", "SessionUnarchived", "The session was unarchived.", []),
    (29, "terminalResized", "TerminalResized", "The terminal showing the session was resized.", [
        ("rows", "UInt16", "rows"),
        ("columns", "UInt16", "columns"),
    ]),
    (30, "focusChanged", "FocusChanged", "Keyboard focus moved.", [
        ("target", "FocusTarget", "what has focus now"),
    ]),
    (31, "transcriptScrolled", "TranscriptScrolled", "The transcript view scrolled.", [
        ("linesFromBottom", "UInt32", "how far above the newest line the view ends"),
    ]),
    (32, "paletteOpened", "PaletteOpened", "The command palette opened.", [
        ("query", "String", "its initial query"),
    ]),
    (33, "paletteClosed", "PaletteClosed", "The command palette closed.", []),
    (34, "composerEdited", "ComposerEdited", "The composer's text changed.", [
        ("text", "String", "the whole text (redacted)"),
        ("cursor", "UInt32", "the cursor, in UTF-8 bytes from the start"),
    ]),
    (35, "contextMessageAdded", "ContextMessageAdded", "Context Cairn gave the model for a turn: a developer or user message it composed (permissions, environment), sent before the prompt.", [
        ("turnID", "TurnID", "the turn"),
        ("role", "String", "developer or user"),
        ("text", "String", "the message text (redacted)"),
    ]),
    (36, "modelRequestRetried", "ModelRequestRetried", "A model request failed and is tried again after a wait.", [
        ("turnID", "TurnID", "the turn"),
        ("streamLevel", "Bool", "true: a stream ended early (stream_max_retries); false: the HTTP request failed (request_max_retries)"),
        ("attempt", "UInt32", "which retry this is, from 1"),
        ("maxAttempts", "UInt32", "how many retries the policy allows"),
        ("reason", "String", "what failed, as shown to the user"),
        ("delayMilliseconds", "UInt64", "the wait before the retry"),
    ]),
    (37, "toolResultRecorded", "ToolResultRecorded", "The text a tool call gave back to the model (its function_call_output), exactly as sent.", [
        ("callID", "CallID", "the call"),
        ("output", "String", "the output text (redacted)"),
        ("success", "Bool", "whether the call did what was asked"),
    ]),
    (38, "fileChanged", "FileChanged", "A tool call (apply_patch) changed a file: one event per file section of the patch, after the file was written, with its contents before and after so the change can be shown, replayed and undone (docs/APPLY_PATCH.md).", [
        ("callID", "CallID", "the call"),
        ("path", "String", "the file's absolute path (for a move, where it was)"),
        ("kind", "FileChangeKind", "added, updated or deleted"),
        ("movePath", "String?", "where an updated file was moved to, if it was"),
        ("before", "Bytes?", "the contents before (redacted); nil when the file did not exist or was too large to record"),
        ("after", "Bytes?", "the contents after (redacted); nil when deleted or too large to record"),
    ]),
    (39, "toolOutputOmitted", "ToolOutputOmitted", "Tool output left out of the log: the bytes between the persisted head and tail of one stream (docs/TOOLS.md, persisted-output cap).", [
        ("callID", "CallID", "the call"),
        ("stream", "OutputStream", "which stream"),
        ("omittedBytes", "UInt64", "how many bytes were not persisted"),
    ]),
    (40, "overlayChanged", "OverlayChanged", "A full-screen overlay or picker opened, closed or changed its search (docs/TUI.md); its selection starts at 0.", [
        ("overlay", "Overlay", "what covers the screen now (none: the transcript and composer)"),
        ("query", "String", "its search text"),
    ]),
    (41, "selectionMoved", "SelectionMoved", "The highlighted row of the open list (slash popup, picker, approval options) moved.", [
        ("index", "UInt32", "the row, from 0"),
    ]),
    (42, "turnsRolledBack", "TurnsRolledBack", "The user dropped the latest turns (app-server `thread/rollback`): the records from `fromSeq` up to this one no longer count for the model's history nor the turns a client is shown. The log keeps them; reducers skip them (docs/SESSION_STATE.md).", [
        ("count", "UInt32", "how many turns were dropped"),
        ("fromSeq", "Seq", "the first record of the oldest dropped turn (its turn_started)"),
    ]),
    (43, "mcpServerStatusChanged", "MCPServerStatusChanged", "An MCP server of the session's configuration is starting, is ready, failed to start, or exited while the session ran (docs/MCP.md); its tools are offered only while it is ready.", [
        ("server", "String", "the server's name in `mcp_servers`"),
        ("status", "MCPServerStatus", "starting, ready, failed or exited"),
        ("toolCount", "UInt32", "the tools it offers the model (ready only; 0 otherwise)"),
        ("message", "String?", "why it failed or exited, in Codex's words (redacted); nil when starting or ready"),
    ]),
    (44, "mcpToolResultReceived", "MCPToolResultReceived", "What an MCP server answered to a tool call (before the call's `tool_exited`): the result's content blocks and structured content, or why no result came (docs/MCP.md).", [
        ("callID", "CallID", "the call"),
        ("server", "String", "the server's name"),
        ("tool", "String", "the tool's name on that server"),
        ("content", "String?", "the result's `content` array as JSON text (redacted); nil when no result came"),
        ("structuredContent", "String?", "the result's `structuredContent` as JSON text (redacted), if any"),
        ("isError", "Bool", "whether the tool reported an error (`isError`)"),
        ("error", "String?", "why no result came (the server failed or is gone; redacted); nil when a result came"),
    ]),
]

PREAMBLE = """# Events

<!-- Generated by tools/generate-events.py from its table: edit the table, not this file. -->

Every fact a Cairn session records is an event in its log (docs/LOG_FORMAT.md), wrapped in
an envelope. This page lists every event with its fields and schema version. Commands,
reducers and projections are described in docs/SESSION_STATE.md as they land.

## Envelopes

An event is stored as one log record:

| record field | holds |
|---|---|
| `seq` | the envelope's identity: dense, from 1 |
| `recorded_at_ns` | when the shell recorded it (Int64 ns since the epoch, UTC) |
| `kind` | the event kind below (UInt16, stable forever) |
| `schema_version` | the payload's schema version for that kind (1 for every kind today) |
| `flags` | 0 |
| `causation` | the seq of the record that caused it, 0 for none |
| payload | the event's fields in the binary encoding below |

A reader refuses a kind it does not know (`unknown event kind N: written by a newer
cairn? (upgrade to read it)`) and a schema version newer than it reads (`event kind K has
schema version V; this build reads up to S: upgrade cairn to read it`). It never guesses.

## Payload encoding

Fields follow one another in the order listed, with no names and no padding:

| type | encoding |
|---|---|
| unsigned integers (`UInt16`, `UInt32`, `UInt64`, `Seq`) | LEB128 variable length, at most 10 bytes; a value too large for the field is an error |
| signed integers (`Int32`, `Int64`) | zigzag, then LEB128 |
| `Bool` | one byte, 0 or 1 (anything else is an error) |
| `String`, ids | LEB128 byte count, then UTF-8 (validated) |
| `Bytes` | LEB128 byte count, then the bytes |
| `T?` | one byte 0 (absent) or 1 followed by `T` |
| `[T]` | LEB128 count, then each element |
| enums | LEB128 code from the table at the end |
| nested structs | their fields in order |

Every length is checked against the bytes left before anything is allocated, and a
payload must be consumed exactly: trailing bytes are an error.

## JSON rendering

For humans and tools (`--json`, readable traces), an event renders as one object whose
first key is `"type"` (the kind's snake-case name) followed by its fields under their
snake-case keys, in table order: byte strings as base64, enums as their JSON strings,
absent optionals as `null`. An envelope renders as
`{"seq":…,"recorded_at_ns":…,"causation":…,"event":{…}}`.

## Versioning

Kinds and enum codes are never renumbered or reused; new ones are appended. Changing a
payload's fields bumps that kind's schema version, and the decoder keeps reading every
earlier version. `Tests/CairnCoreTests` pins the byte layout of version 1.

## Event kinds

"""

def swift_type(t):
    if t.endswith("?"):
        return swift_type(t[:-1]) + "?"
    if t.startswith("["):
        return "[" + swift_type(t[1:-1]) + "]"
    if t == "Bytes":
        return "[UInt8]"
    return t

def encode_expr(t, value):
    if t.endswith("?"):
        inner = t[:-1]
        return f"writer.optional({value}) {{ writer, item in {encode_stmt(inner, 'item')} }}"
    if t.startswith("["):
        inner = t[1:-1]
        return f"writer.array({value}) {{ writer, item in {encode_stmt(inner, 'item')} }}"
    return encode_stmt(t, value)

def encode_stmt(t, value):
    if t == "String":
        return f"writer.string({value})"
    if t == "Bytes":
        return f"writer.byteString({value})"
    if t == "Bool":
        return f"writer.bool({value})"
    if t in ("UInt64", "UInt32", "UInt16"):
        return f"writer.uint({value})"
    if t in ("Int64", "Int32"):
        return f"writer.int({value})"
    if t == "Seq":
        return f"writer.uint({value}.rawValue)"
    if t in STRING_WRAPPERS:
        return f"writer.string({value}.rawValue)"
    return f"{value}.encode(to: &writer)"

def decode_expr(t):
    if t.endswith("?"):
        inner = t[:-1]
        return f"try reader.optional {{ reader throws(DecodeError) in {decode_expr(inner)} }}"
    if t.startswith("["):
        inner = t[1:-1]
        return f"try reader.array {{ reader throws(DecodeError) in {decode_expr(inner)} }}"
    if t == "String":
        return "try reader.string()"
    if t == "Bytes":
        return "try reader.byteString()"
    if t == "Bool":
        return "try reader.bool()"
    if t == "UInt64":
        return "try reader.uint()"
    if t in ("UInt32", "UInt16"):
        return f"try reader.uint(as: {t}.self)"
    if t == "Int64":
        return "try reader.int()"
    if t == "Int32":
        return "try reader.int(as: Int32.self)"
    if t == "Seq":
        return "Seq(try reader.uint())"
    if t in STRING_WRAPPERS:
        return f"{t}(try reader.string())"
    return f"try {t}(from: &reader)"

def json_expr(t, value):
    if t.endswith("?"):
        inner = t[:-1]
        return f"{value}.map {{ {json_expr(inner, '$0')} }} ?? .null"
    if t.startswith("["):
        inner = t[1:-1]
        return f".array({value}.map {{ {json_expr(inner, '$0')} }})"
    if t == "String":
        return f".string({value})"
    if t == "Bytes":
        return f".string(Base64.encode({value}))"
    if t == "Bool":
        return f".bool({value})"
    if t in ("UInt64", "UInt32", "UInt16"):
        return f".uint(UInt64({value}))"
    if t in ("Int64", "Int32"):
        return f".int(Int64({value}))"
    if t == "Seq":
        return f".uint({value}.rawValue)"
    if t in STRING_WRAPPERS:
        return f".string({value}.rawValue)"
    if t in ENUMS:
        return f".string({value}.rawValue)"
    return f"{value}.json"

def arb_expr(t):
    if t.endswith("?"):
        return f"chance() ? {arb_expr(t[:-1])} : nil"
    if t.startswith("["):
        return f"list {{ $0.{arb_call(t[1:-1])} }}"
    return arb_call_expr(t)

def arb_call(t):
    return arb_call_expr(t)

def arb_call_expr(t):
    if t == "String":
        return "string()"
    if t == "Bytes":
        return "bytes()"
    if t == "Bool":
        return "chance()"
    if t in ("UInt64", "UInt32", "UInt16", "Int64", "Int32"):
        return f"integer({t}.self)"
    if t == "Seq":
        return "Seq(integer(UInt64.self))"
    if t in STRING_WRAPPERS:
        return f"{t}(string())"
    return f"{t[0].lower() + t[1:]}()"

def snake(name):
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0 and not (name[i-1].isupper()):
            out += "_"
        out += ch.lower()
    return out.replace("i_d", "id")

def struct_code(name, doc, fields, extra_conformances=""):
    lines = [f"/// {doc}", f"public struct {name}: Equatable, Hashable, Sendable{extra_conformances} {{"]
    for fname, ftype, fdoc in fields:
        lines.append(f"  /// {fdoc[0].upper() + fdoc[1:]}.")
        lines.append(f"  public var {fname}: {swift_type(ftype)}")
    params = ", ".join(f"{f}: {swift_type(t)}" for f, t, _ in fields)
    lines.append("")
    lines.append(f"  public init({params}) {{")
    for f, _, _ in fields:
        lines.append(f"    self.{f} = {f}")
    lines.append("  }")
    lines.append("}")
    lines.append("")
    lines.append(f"extension {name}: BinaryCodable {{")
    lines.append("  public func encode(to writer: inout BinaryWriter) {")
    for f, t, _ in fields:
        lines.append(f"    {encode_expr(t, f)}")
    lines.append("  }")
    lines.append("")
    lines.append("  public init(from reader: inout BinaryReader) throws(DecodeError) {")
    if fields:
        args = ", ".join(f"{f}: {decode_expr(t)}" for f, t, _ in fields)
        lines.append(f"    self.init({args})")
    else:
        lines.append("    self.init()")
    lines.append("  }")
    lines.append("")
    lines.append("  /// The JSON rendering for humans and tools (docs/EVENTS.md).")
    lines.append("  public var json: JSONValue {")
    members = ", ".join(f'("{snake(f)}", {json_expr(t, f)})' for f, t, _ in fields)
    lines.append(f"    .object([{members}])")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"

HEADER = "// Generated by tools/generate-events.py from its table: edit the table, not this file.\n\nimport CairnLogFormat\n\n"

def main():
    events_dir = os.path.join(ROOT, "Sources", "CairnCore", "Events")
    os.makedirs(events_dir, exist_ok=True)
    # Enums' codec.
    out = [HEADER]
    for name, cases in ENUMS.items():
        out.append(f"extension {name}: BinaryCodable {{")
        out.append("  public func encode(to writer: inout BinaryWriter) {")
        out.append("    switch self {")
        for code, case in enumerate(cases):
            out.append(f"    case .{case}: writer.uint(UInt64({code}))")
        out.append("    }")
        out.append("  }")
        out.append("")
        out.append("  public init(from reader: inout BinaryReader) throws(DecodeError) {")
        out.append("    let offset = reader.offset")
        out.append("    let code = try reader.uint()")
        out.append("    switch code {")
        for code, case in enumerate(cases):
            out.append(f"    case {code}: self = .{case}")
        out.append(f'    default: throw .unknownTag(type: "{name}", tag: code, offset: offset)')
        out.append("    }")
        out.append("  }")
        out.append("}")
        out.append("")
    open(os.path.join(events_dir, "EnumCodes.generated.swift"), "w").write("\n".join(out))
    # Nested structs.
    out = [HEADER]
    for name, doc, fields in STRUCTS:
        out.append(struct_code(name, doc, fields))
    open(os.path.join(events_dir, "EventParts.generated.swift"), "w").write("\n".join(out))
    # Event payloads.
    out = [HEADER]
    for kind, case, name, doc, fields in EVENTS:
        out.append(struct_code(name, doc, fields))
    open(os.path.join(events_dir, "EventPayloads.generated.swift"), "w").write("\n".join(out))
    # The Event enum.
    out = [HEADER]
    out.append("/// Every fact a session records. docs/EVENTS.md lists each with its fields.")
    out.append("public enum Event: Equatable, Hashable, Sendable {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"  /// {doc}")
        out.append(f"  case {case}({name})")
    out.append("}")
    out.append("")
    out.append("/// The stable tag of each event in the envelope's `kind` field. Append only.")
    out.append("public enum EventKind: UInt16, Sendable, CaseIterable {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"  case {case} = {kind}")
    out.append("}")
    out.append("")
    out.append("extension Event {")
    out.append("  public var kind: EventKind {")
    out.append("    switch self {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"    case .{case}: return .{case}")
    out.append("    }")
    out.append("  }")
    out.append("")
    out.append("  /// The payload's binary encoding, at the kind's current schema version.")
    out.append("  public func encodedPayload() -> [UInt8] {")
    out.append("    var writer = BinaryWriter()")
    out.append("    switch self {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"    case .{case}(let payload): payload.encode(to: &writer)")
    out.append("    }")
    out.append("    return writer.bytes")
    out.append("  }")
    out.append("")
    out.append("  /// Decodes a payload of `kind`, written at `schemaVersion`.")
    out.append("  public static func decode(")
    out.append("    kind: UInt16, schemaVersion: UInt16, payload: UnsafeRawBufferPointer")
    out.append("  ) throws(DecodeError) -> Event {")
    out.append("    guard let known = EventKind(rawValue: kind) else { throw .unknownEventKind(kind) }")
    out.append("    guard schemaVersion >= 1, schemaVersion <= known.schemaVersion else {")
    out.append("      throw .unsupportedSchemaVersion(kind: kind, found: schemaVersion, supported: known.schemaVersion)")
    out.append("    }")
    out.append("    switch known {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"    case .{case}: return .{case}(try {name}.decode(payload))")
    out.append("    }")
    out.append("  }")
    out.append("")
    out.append("  /// The JSON rendering: `{\"type\": <kind name in snake case>, …fields}`.")
    out.append("  public var json: JSONValue {")
    out.append("    switch self {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"    case .{case}(let payload): return payload.json.prepending(type: \"{snake(case)}\")")
    out.append("    }")
    out.append("  }")
    out.append("}")
    out.append("")
    out.append("extension EventKind {")
    out.append("  /// The schema version this build writes for the kind; it reads every version up to it.")
    out.append("  public var schemaVersion: UInt16 { 1 }")
    out.append("")
    out.append("  /// The kind's name in JSON renderings.")
    out.append("  public var name: String {")
    out.append("    switch self {")
    for kind, case, name, doc, fields in EVENTS:
        out.append(f"    case .{case}: return \"{snake(case)}\"")
    out.append("    }")
    out.append("  }")
    out.append("}")
    open(os.path.join(events_dir, "Event.generated.swift"), "w").write("\n".join(out) + "\n")
    # Test support: an arbitrary value of every event kind, from a seeded generator.
    tests_dir = os.path.join(ROOT, "Tests", "CairnCoreTests", "Events")
    os.makedirs(tests_dir, exist_ok=True)
    out = ["// Generated by tools/generate-events.py: edit its table, not this file.", "", "import CairnCore", "import CairnLogFormat", ""]
    out.append("extension ArbitraryValues {")
    out.append("  /// An arbitrary event of `kind`.")
    out.append("  mutating func event(_ kind: EventKind) -> Event {")
    out.append("    switch kind {")
    for kind, case, name, doc, fields in EVENTS:
        args = ", ".join(f"{f}: {arb_expr(t)}" for f, t, _ in fields)
        out.append(f"    case .{case}: return .{case}({name}({args}))")
    out.append("    }")
    out.append("  }")
    for sname, sdoc, fields in STRUCTS:
        args = ", ".join(f"{f}: {arb_expr(t)}" for f, t, _ in fields)
        out.append(f"  mutating func {sname[0].lower() + sname[1:]}() -> {sname} {{ {sname}({args}) }}")
    for name, cases in ENUMS.items():
        out.append(f"  mutating func {name[0].lower() + name[1:]}() -> {name} {{ {name}.allCases[Int(next() % UInt64({name}.allCases.count))] }}")
    out.append("}")
    open(os.path.join(tests_dir, "ArbitraryEvents.generated.swift"), "w").write("\n".join(out) + "\n")
    # docs/EVENTS.md tables.
    doc = [PREAMBLE]
    for kind, case, name, doc_text, fields in EVENTS:
        doc.append(f"### {kind} `{snake(case)}` ({name}, schema version 1)\n")
        doc.append(f"{doc_text}\n")
        if fields:
            doc.append("| field | JSON key | type | meaning |")
            doc.append("|---|---|---|---|")
            for f, t, d in fields:
                doc.append(f"| `{f}` | `{snake(f)}` | `{t}` | {d} |")
        else:
            doc.append("No fields.")
        doc.append("")
    for sname, sdoc, fields in STRUCTS:
        doc.append(f"### `{sname}`\n")
        doc.append(f"{sdoc}\n")
        doc.append("| field | JSON key | type | meaning |")
        doc.append("|---|---|---|---|")
        for f, t, d in fields:
            doc.append(f"| `{f}` | `{snake(f)}` | `{t}` | {d} |")
        doc.append("")
    doc.append("### Enum codes\n")
    doc.append("| enum | code: case (JSON string) |")
    doc.append("|---|---|")
    for name, cases in ENUMS.items():
        doc.append(f"| `{name}` | " + ", ".join(f"{i}: `{c}`" for i, c in enumerate(cases)) + " |")
    open(os.path.join(ROOT, "docs", "EVENTS.md"), "w").write("\n".join(doc) + "\n")

main()
