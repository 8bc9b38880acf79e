import CXXHash
import CairnLogFormat

// The canonical binary encoding of the state: what a checkpoint stores and what the state
// digest hashes. Fields in declaration order, enums as one code, collections in order, so
// equal states have equal bytes. docs/SESSION_STATE.md, "Canonical encoding".

extension SessionState: BinaryCodable {
  /// The reducer schema version: bump it whenever the state or `evolve` changes meaning,
  /// so that checkpoints written by another version are ignored, never trusted.
  public static let schemaVersion: UInt16 = 6

  public func encode(to writer: inout BinaryWriter) {
    writer.uint(lastSeq.rawValue)
    writer.optional(session) { $0.value($1) }
    writer.value(turns)
    writer.value(transcript)
    writer.value(tools)
    writer.value(approvals)
    writer.value(usage)
    writer.value(compactions)
    writer.value(ui)
    writer.value(fileChanges)
    writer.value(mcpServers)
    writer.uint(ignoredEventCount)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    lastSeq = Seq(try reader.uint())
    session = try reader.optional { reader throws(DecodeError) in
      try reader.value(SessionProjection.self)
    }
    turns = try reader.value(TurnsProjection.self)
    transcript = try reader.value(TranscriptProjection.self)
    tools = try reader.value(ToolsProjection.self)
    approvals = try reader.value(ApprovalsProjection.self)
    usage = try reader.value(UsageProjection.self)
    compactions = try reader.value(CompactionsProjection.self)
    ui = try reader.value(UIProjection.self)
    fileChanges = try reader.value(FileChangesProjection.self)
    mcpServers = try reader.value(MCPServersProjection.self)
    ignoredEventCount = try reader.uint()
  }

  /// XXH3-128 of the canonical encoding, as 32 hex digits: equal states, equal digests, on
  /// any machine.
  public var digest: String {
    let bytes = encoded()
    let hash = bytes.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
    return hex16(hash.high64) + hex16(hash.low64)
  }
}

extension SessionProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.string(sessionID.rawValue)
    writer.int(createdAtNanoseconds)
    writer.string(cwd)
    writer.string(model)
    writer.string(provider)
    writer.optional(reasoningEffort) { $0.string($1) }
    writer.value(approvalPolicy)
    writer.value(sandboxMode)
    writer.optional(origin) { $0.value($1) }
    writer.optional(title) { $0.string($1) }
    writer.bool(archived)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init(
      sessionID: SessionID(try reader.string()), createdAtNanoseconds: try reader.int(),
      cwd: try reader.string(), model: try reader.string(), provider: try reader.string(),
      reasoningEffort: try reader.optional { reader throws(DecodeError) in try reader.string() },
      approvalPolicy: try reader.value(ApprovalPolicy.self),
      sandboxMode: try reader.value(SandboxMode.self),
      origin: try reader.optional { reader throws(DecodeError) in
        try reader.value(SessionOrigin.self)
      },
      title: try reader.optional { reader throws(DecodeError) in try reader.string() },
      archived: try reader.bool())
  }
}

extension TurnStatus: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    switch self {
    case .running: writer.uint(UInt64(0))
    case .completed: writer.uint(UInt64(1))
    case .failed(let message):
      writer.uint(UInt64(2))
      writer.string(message)
    case .interrupted(let reason):
      writer.uint(UInt64(3))
      writer.string(reason)
    }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    let offset = reader.offset
    switch try reader.uint() {
    case 0: self = .running
    case 1: self = .completed
    case 2: self = .failed(message: try reader.string())
    case 3: self = .interrupted(reason: try reader.string())
    case let tag: throw .unknownTag(type: "TurnStatus", tag: tag, offset: offset)
    }
  }
}

extension TurnRecord: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.string(turnID.rawValue)
    writer.uint(startedSeq.rawValue)
    writer.optional(endedSeq) { $0.uint($1.rawValue) }
    writer.value(status)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init(
      turnID: TurnID(try reader.string()), startedSeq: Seq(try reader.uint()),
      endedSeq: try reader.optional { reader throws(DecodeError) in Seq(try reader.uint()) },
      status: try reader.value(TurnStatus.self))
  }
}

extension TurnsProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.optional(current) { $0.value($1) }
    writer.array(recent) { $0.value($1) }
    writer.uint(completedCount)
    writer.uint(failedCount)
    writer.uint(interruptedCount)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    current = try reader.optional { reader throws(DecodeError) in try reader.value(TurnRecord.self)
    }
    recent = try reader.array { reader throws(DecodeError) in try reader.value(TurnRecord.self) }
    completedCount = try reader.uint()
    failedCount = try reader.uint()
    interruptedCount = try reader.uint()
  }
}

extension TranscriptEntry: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    switch self {
    case .user(let text, let images):
      writer.uint(UInt64(0))
      writer.string(text)
      writer.array(images) { $0.value($1) }
    case .assistant(let itemID, let text, let complete):
      writer.uint(UInt64(1))
      writer.string(itemID.rawValue)
      writer.string(text)
      writer.bool(complete)
    case .reasoning(let itemID, let summary, let complete):
      writer.uint(UInt64(2))
      writer.string(itemID.rawValue)
      writer.array(summary) { $0.string($1) }
      writer.bool(complete)
    case .toolCall(let callID, let name, let arguments):
      writer.uint(UInt64(3))
      writer.string(callID.rawValue)
      writer.string(name)
      writer.string(arguments)
    case .turnFailed(let message):
      writer.uint(UInt64(4))
      writer.string(message)
    case .turnInterrupted(let reason):
      writer.uint(UInt64(5))
      writer.string(reason)
    }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    let offset = reader.offset
    switch try reader.uint() {
    case 0:
      self = .user(
        text: try reader.string(),
        images: try reader.array { reader throws(DecodeError) in
          try reader.value(ImageReference.self)
        })
    case 1:
      self = .assistant(
        itemID: ItemID(try reader.string()), text: try reader.string(), complete: try reader.bool())
    case 2:
      self = .reasoning(
        itemID: ItemID(try reader.string()),
        summary: try reader.array { reader throws(DecodeError) in try reader.string() },
        complete: try reader.bool())
    case 3:
      self = .toolCall(
        callID: CallID(try reader.string()), name: try reader.string(),
        arguments: try reader.string())
    case 4: self = .turnFailed(message: try reader.string())
    case 5: self = .turnInterrupted(reason: try reader.string())
    case let tag: throw .unknownTag(type: "TranscriptEntry", tag: tag, offset: offset)
    }
  }
}

extension TranscriptProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.array(window) { writer, item in
      writer.uint(item.seq.rawValue)
      writer.string(item.turnID.rawValue)
      writer.value(item.entry)
    }
    writer.uint(UInt64(olderItemSeqs.count))
    writer.byteString(olderItemSeqs.bytes)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    window = try reader.array { reader throws(DecodeError) in
      TranscriptItem(
        seq: Seq(try reader.uint()), turnID: TurnID(try reader.string()),
        entry: try reader.value(TranscriptEntry.self))
    }
    let countOffset = reader.offset
    let count = try reader.uint()
    let bytesOffset = reader.offset
    let bytes = try reader.byteString()
    // Each number takes at least one byte, so a count above the bytes is a lie.
    guard count <= UInt64(bytes.count) else {
      throw .lengthOutOfRange(offset: countOffset, length: count)
    }
    olderItemSeqs = try PackedSeqs(bytes: bytes, count: Int(count), offset: bytesOffset)
  }
}

extension ToolStatus: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    switch self {
    case .planned: writer.uint(UInt64(0))
    case .awaitingApproval: writer.uint(UInt64(1))
    case .denied(let decision):
      writer.uint(UInt64(2))
      writer.value(decision)
    case .running(let processID):
      writer.uint(UInt64(3))
      writer.int(processID)
    case .exited(let exitCode, let signal):
      writer.uint(UInt64(4))
      writer.optional(exitCode) { $0.int($1) }
      writer.optional(signal) { $0.int($1) }
    }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    let offset = reader.offset
    switch try reader.uint() {
    case 0: self = .planned
    case 1: self = .awaitingApproval
    case 2: self = .denied(try reader.value(ApprovalDecision.self))
    case 3: self = .running(processID: try reader.int(as: Int32.self))
    case 4:
      self = .exited(
        exitCode: try reader.optional { reader throws(DecodeError) in try reader.int(as: Int32.self)
        },
        signal: try reader.optional { reader throws(DecodeError) in try reader.int(as: Int32.self) }
      )
    case let tag: throw .unknownTag(type: "ToolStatus", tag: tag, offset: offset)
    }
  }
}

extension ToolRun: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.string(callID.rawValue)
    writer.string(turnID.rawValue)
    writer.string(tool)
    writer.array(command) { $0.string($1) }
    writer.optional(workdir) { $0.string($1) }
    writer.value(risk)
    writer.array(reasons) { $0.string($1) }
    writer.value(status)
    writer.bool(tty)
    writer.uint(stdoutBytes)
    writer.uint(stderrBytes)
    writer.uint(stdinBytes)
    writer.uint(omittedBytes)
    writer.byteString(preview)
    writer.optional(rows) { $0.uint($1) }
    writer.optional(columns) { $0.uint($1) }
    writer.array(signalsSent) { $0.int($1) }
    writer.optional(durationNanoseconds) { $0.uint($1) }
    writer.uint(plannedSeq.rawValue)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init(
      callID: CallID(try reader.string()), turnID: TurnID(try reader.string()),
      tool: try reader.string(),
      command: try reader.array { reader throws(DecodeError) in try reader.string() },
      workdir: try reader.optional { reader throws(DecodeError) in try reader.string() },
      risk: try reader.value(RiskLevel.self),
      reasons: try reader.array { reader throws(DecodeError) in try reader.string() },
      status: try reader.value(ToolStatus.self), plannedSeq: .none)
    tty = try reader.bool()
    stdoutBytes = try reader.uint()
    stderrBytes = try reader.uint()
    stdinBytes = try reader.uint()
    omittedBytes = try reader.uint()
    preview = try reader.byteString()
    rows = try reader.optional { reader throws(DecodeError) in try reader.uint(as: UInt16.self) }
    columns = try reader.optional { reader throws(DecodeError) in try reader.uint(as: UInt16.self) }
    signalsSent = try reader.array { reader throws(DecodeError) in try reader.int(as: Int32.self) }
    durationNanoseconds = try reader.optional { reader throws(DecodeError) in try reader.uint() }
    plannedSeq = Seq(try reader.uint())
  }
}

extension ToolsProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.array(active) { $0.value($1) }
    writer.array(finished) { $0.value($1) }
    writer.uint(finishedCount)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    active = try reader.array { reader throws(DecodeError) in try reader.value(ToolRun.self) }
    finished = try reader.array { reader throws(DecodeError) in try reader.value(ToolRun.self) }
    finishedCount = try reader.uint()
  }
}

extension ApprovalsProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.array(pending) { writer, approval in
      writer.string(approval.callID.rawValue)
      writer.string(approval.reason)
      writer.value(approval.risk)
      writer.array(approval.reasons) { $0.string($1) }
      writer.uint(approval.requestedSeq.rawValue)
    }
    writer.array(decided) { writer, approval in
      writer.string(approval.callID.rawValue)
      writer.value(approval.decision)
      writer.uint(approval.decidedSeq.rawValue)
    }
    writer.array(approvedForSession) { writer, argv in writer.array(argv) { $0.string($1) } }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    pending = try reader.array { reader throws(DecodeError) in
      PendingApproval(
        callID: CallID(try reader.string()), reason: try reader.string(),
        risk: try reader.value(RiskLevel.self),
        reasons: try reader.array { reader throws(DecodeError) in try reader.string() },
        requestedSeq: Seq(try reader.uint()))
    }
    decided = try reader.array { reader throws(DecodeError) in
      DecidedApproval(
        callID: CallID(try reader.string()), decision: try reader.value(ApprovalDecision.self),
        decidedSeq: Seq(try reader.uint()))
    }
    approvedForSession = try reader.array { reader throws(DecodeError) in
      try reader.array { reader throws(DecodeError) in try reader.string() }
    }
  }
}

extension TokenCounts: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.uint(inputTokens)
    writer.uint(cachedInputTokens)
    writer.uint(outputTokens)
    writer.uint(reasoningOutputTokens)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init(
      inputTokens: try reader.uint(), cachedInputTokens: try reader.uint(),
      outputTokens: try reader.uint(), reasoningOutputTokens: try reader.uint())
  }
}

extension UsageProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.value(cumulative)
    writer.optional(last) { $0.value($1) }
    writer.array(perTurn) { writer, entry in
      writer.string(entry.turnID.rawValue)
      writer.value(entry.counts)
    }
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    cumulative = try reader.value(TokenCounts.self)
    last = try reader.optional { reader throws(DecodeError) in try reader.value(TokenCounts.self) }
    perTurn = try reader.array { reader throws(DecodeError) in
      (TurnID(try reader.string()), try reader.value(TokenCounts.self))
    }
  }
}

extension CompactionsProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    for record in [latestReplaySeed, latestSemanticSummary] {
      writer.optional(record) { writer, record in
        writer.string(record.artifactID)
        writer.value(record.kind)
        writer.uint(record.checkpointSeq.rawValue)
        writer.uint(record.recordedSeq.rawValue)
      }
    }
    writer.uint(recordedCount)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    func record(_ reader: inout BinaryReader) throws(DecodeError) -> CompactionRecord? {
      try reader.optional { reader throws(DecodeError) in
        CompactionRecord(
          artifactID: try reader.string(), kind: try reader.value(CompactionKind.self),
          checkpointSeq: Seq(try reader.uint()), recordedSeq: Seq(try reader.uint()))
      }
    }
    latestReplaySeed = try record(&reader)
    latestSemanticSummary = try record(&reader)
    recordedCount = try reader.uint()
  }
}

extension UIProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.uint(rows)
    writer.uint(columns)
    writer.value(focus)
    writer.uint(linesFromBottom)
    writer.optional(paletteQuery) { $0.string($1) }
    writer.string(composerText)
    writer.uint(composerCursor)
    writer.value(overlay)
    writer.string(overlayQuery)
    writer.uint(selection)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    rows = try reader.uint(as: UInt16.self)
    columns = try reader.uint(as: UInt16.self)
    focus = try reader.value(FocusTarget.self)
    linesFromBottom = try reader.uint(as: UInt32.self)
    paletteQuery = try reader.optional { reader throws(DecodeError) in try reader.string() }
    composerText = try reader.string()
    composerCursor = try reader.uint(as: UInt32.self)
    overlay = try reader.value(Overlay.self)
    overlayQuery = try reader.string()
    selection = try reader.uint(as: UInt32.self)
  }
}

extension FileChangesProjection: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.array(recent) { writer, change in
      writer.uint(change.seq.rawValue)
      writer.string(change.callID.rawValue)
      writer.string(change.path)
      writer.value(change.kind)
      writer.optional(change.movePath) { $0.string($1) }
      writer.optional(change.beforeBytes) { $0.uint($1) }
      writer.optional(change.afterBytes) { $0.uint($1) }
    }
    writer.uint(addedCount)
    writer.uint(updatedCount)
    writer.uint(deletedCount)
  }

  public init(from reader: inout BinaryReader) throws(DecodeError) {
    self.init()
    recent = try reader.array { reader throws(DecodeError) in
      FileChangeRecord(
        seq: Seq(try reader.uint()), callID: CallID(try reader.string()),
        path: try reader.string(), kind: try reader.value(FileChangeKind.self),
        movePath: try reader.optional { reader throws(DecodeError) in try reader.string() },
        beforeBytes: try reader.optional { reader throws(DecodeError) in try reader.uint() },
        afterBytes: try reader.optional { reader throws(DecodeError) in try reader.uint() })
    }
    addedCount = try reader.uint()
    updatedCount = try reader.uint()
    deletedCount = try reader.uint()
  }
}
