/// A reasoning effort the picker offers: its label and the value `model_reasoning_effort`
/// takes (`xhigh` for Extra high).
public struct ReasoningEffortChoice: Hashable, Sendable {
  public var label: String
  public var value: String
  public var description: String

  public init(label: String, value: String, description: String) {
    self.label = label
    self.value = value
    self.description = description
  }
}

/// `/model`, step two: `Select Reasoning Level for <model>`: Low, Medium (default), High,
/// Extra high.
public enum ReasoningEffortPicker {
  public static let choices = [
    ReasoningEffortChoice(
      label: "Low", value: "low", description: "Fast responses with lighter reasoning"),
    ReasoningEffortChoice(
      label: "Medium", value: "medium",
      description: "Balances speed and reasoning depth for everyday tasks"),
    ReasoningEffortChoice(
      label: "High", value: "high", description: "Greater reasoning depth for complex problems"),
    ReasoningEffortChoice(
      label: "Extra high", value: "xhigh",
      description: "Extra high reasoning depth for complex problems"),
  ]

  /// The effort a model uses when none is set.
  public static let defaultValue = "medium"

  public static func title(model: String) -> String { "Select Reasoning Level for \(model)" }

  /// The row label: `Medium (default)`, and `(current)` on the effort in use when it is not
  /// the default.
  public static func label(_ choice: ReasoningEffortChoice, current: String?) -> String {
    if choice.value == defaultValue { return "\(choice.label) (default)" }
    if choice.value == current { return "\(choice.label) (current)" }
    return choice.label
  }

  /// The row to highlight first: the current effort, else the default.
  public static func initialSelection(current: String?) -> Int {
    choices.firstIndex { $0.value == (current ?? defaultValue) }
      ?? choices.firstIndex { $0.value == defaultValue } ?? 0
  }

  public static func lines(model: String, current: String?, selection: Int, width: Int)
    -> [StyledLine]
  {
    var lines = LineWrapping.wrap(StyledLine("  " + title(model: model), .bold), width: width)
    lines.append(.empty)
    lines += OptionRows.lines(
      choices.map {
        OptionRows.Row(label: label($0, current: current), description: $0.description)
      },
      selection: selection, width: width)
    lines.append(.empty)
    lines.append(OptionRows.hint(ModelPicker.hint, width: width))
    return lines
  }
}
