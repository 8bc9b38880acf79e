import CairnLogFormat

/// Where a tool call is in its life.
public enum ToolStatus: Equatable, Hashable, Sendable {
  case planned
  case awaitingApproval
  case denied(ApprovalDecision)
  case running(processID: Int32)
  case exited(exitCode: Int32?, signal: Int32?)
}

/// One tool call and its process.
public struct ToolRun: Equatable, Hashable, Sendable {
  /// How many bytes of recent output a run keeps for previews.
  public static let previewBytesMax = 2048

  public var callID: CallID
  public var turnID: TurnID
  public var tool: String
  public var command: [String]
  public var workdir: String?
  public var risk: RiskLevel
  /// Why the call was classified so (shown with its approval prompt).
  public var reasons: [String] = []
  public var status: ToolStatus
  public var tty: Bool = false
  public var stdoutBytes: UInt64 = 0
  public var stderrBytes: UInt64 = 0
  public var stdinBytes: UInt64 = 0
  /// Output bytes left out of the log (`tool_output_omitted`): the run printed
  /// `stdoutBytes + stderrBytes + omittedBytes` in all.
  public var omittedBytes: UInt64 = 0
  /// The last `previewBytesMax` bytes of output, all streams interleaved.
  public var preview: [UInt8] = []
  public var rows: UInt16?
  public var columns: UInt16?
  public var signalsSent: [Int32] = []
  public var durationNanoseconds: UInt64?
  public var plannedSeq: Seq
}

/// The tool calls of a session: the active ones (planned, awaiting approval, running) and
/// the most recently finished.
public struct ToolsProjection: Equatable, Hashable, Sendable {
  public static let finishedMax = 64

  /// Active runs in the order they were planned.
  public var active: [ToolRun] = []
  /// Finished runs (exited or denied), oldest first, at most `finishedMax`.
  public var finished: [ToolRun] = []
  public var finishedCount: UInt64 = 0

  public init() {}

  public func activeIndex(_ callID: CallID) -> Int? {
    active.firstIndex { $0.callID == callID }
  }
}
