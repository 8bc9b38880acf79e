import CairnCore

/// What a key press asks of the terminal workstation's shell. UI facts are commands to log
/// (`record`); the rest are effects only the shell can carry out (a turn, a decision handed
/// to the waiting turn, a session switch).
public enum WorkstationIntent: Equatable, Sendable {
  /// Log this UI fact (composer, popup, overlay, selection, scroll).
  case record(Command)
  /// Start a turn with this prompt.
  case submit(String)
  /// Stop the running turn.
  case interrupt
  /// Answer the pending approval of a call.
  case decide(CallID, ApprovalDecision)
  /// Change the session's model, effort, approval policy or sandbox (logged by the shell,
  /// which also updates the runner).
  case changeSettings(SettingsChanged)
  /// A slash command the shell runs (`new`, `fork`, `compact`, `diff`, `rename`…), with the
  /// text after its name.
  case slashCommand(name: String, argument: String)
  /// Open the session with this id (a resume or fork picker's choice).
  case openSession(id: String, fork: Bool)
  /// Scrub through this session's events (the timeline).
  case openTimeline
  /// Leave Cairn.
  case quit
}

/// What the controller needs besides the state: facts of the shell and the screen.
public struct WorkstationContext: Equatable, Sendable {
  /// Whether a turn is running.
  public var turnRunning: Bool
  /// When the input arrived (nanoseconds; the driver's clock).
  public var now: Int64
  public var columns: Int
  public var rows: Int
  /// How many lines the transcript overlay lays out at this width (for scrolling).
  public var transcriptLines: Int
  /// The sessions a resume or fork picker lists, before its search and sort.
  public var pickerRows: [SessionPickerRow]
  /// The models `/model` offers.
  public var models: [ModelChoice]
  /// The working directory a picker filters by when no session is open.
  public var cwd: String

  public init(
    turnRunning: Bool, now: Int64, columns: Int, rows: Int, transcriptLines: Int = 0,
    pickerRows: [SessionPickerRow] = [], models: [ModelChoice] = [], cwd: String = ""
  ) {
    self.cwd = cwd
    self.turnRunning = turnRunning
    self.now = now
    self.columns = columns
    self.rows = rows
    self.transcriptLines = transcriptLines
    self.pickerRows = pickerRows
    self.models = models
  }

  var overlaySize: OverlaySize { OverlaySize(columns: columns, rows: rows) }
}
