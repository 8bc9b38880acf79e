/// An `update_plan` call as the transcript shows it: `• Updated Plan`, the explanation in
/// italic under `  └ `, then the steps: `✔` done (dim), `□` in progress (bold cyan), `□`
/// pending (dim).
public struct PlanCellContent: Hashable, Sendable {
  /// Where a step is.
  public enum StepStatus: Hashable, Sendable {
    case pending
    case inProgress
    case completed
  }

  /// One step of the plan.
  public struct Step: Hashable, Sendable {
    public var text: String
    public var status: StepStatus

    public init(_ text: String, _ status: StepStatus) {
      self.text = text
      self.status = status
    }
  }

  public var explanation: String?
  public var steps: [Step]

  public init(explanation: String?, steps: [Step]) {
    self.explanation = explanation
    self.steps = steps
  }

  /// The plan in `update_plan`'s arguments (`{"explanation"?, "plan": [{"step",
  /// "status"}]}`); nil when they are not that.
  public init?(arguments: String) {
    guard let parsed = ToolArguments.parse(arguments), let plan = parsed["plan"]?.array else {
      return nil
    }
    var steps: [Step] = []
    for item in plan {
      guard let text = item["step"]?.string else { continue }
      let status: StepStatus
      switch item["status"]?.string {
      case "completed": status = .completed
      case "in_progress": status = .inProgress
      default: status = .pending
      }
      steps.append(Step(text, status))
    }
    let explanation = parsed["explanation"]?.string
    self.init(explanation: explanation?.isEmpty == true ? nil : explanation, steps: steps)
  }

  func lines(width: Int) -> [StyledLine] {
    var rows = CellText.wrap(
      StyledLine("Updated Plan", .bold), width: width, first: HistoryCell.dimBullet,
      rest: HistoryCell.gutter)
    var body: [(line: StyledLine, hang: StyledLine)] = []
    if let explanation {
      for line in CellText.lines(explanation) {
        body.append((StyledLine(line, .italic), .empty))
      }
    }
    if steps.isEmpty {
      body.append((StyledLine("(no steps provided)", Style(dim: true, italic: true)), .empty))
    }
    for step in steps {
      let text = CellText.sanitized(step.text).replacing("\n", with: " ")
      let marked: StyledLine
      switch step.status {
      case .completed: marked = StyledLine([Span("✔ "), Span(text, .dim)])
      case .inProgress:
        marked = StyledLine([Span("□ "), Span(text, Style(bold: true).foreground(.cyan))])
      case .pending: marked = StyledLine([Span("□ "), Span(text, .dim)])
      }
      body.append((marked, StyledLine("  ")))
    }
    for (index, item) in body.enumerated() {
      rows += CellText.wrap(
        item.line, width: width,
        first: index == 0 ? StyledLine("  └ ", .dim) : StyledLine("    "),
        rest: StyledLine("    "), indent: item.hang)
    }
    return rows
  }
}
