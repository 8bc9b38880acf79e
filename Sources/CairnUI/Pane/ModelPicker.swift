/// A model the `/model` picker offers (the list is input data: the lead passes the models it
/// knows, in order).
public struct ModelChoice: Hashable, Sendable {
  public var slug: String
  public var description: String
  public var isDefault: Bool

  public init(slug: String, description: String, isDefault: Bool = false) {
    self.slug = slug
    self.description = description
    self.isDefault = isDefault
  }
}

/// `/model`, step one: `Select Model and Effort`, the models numbered with `(default)` and
/// `(current)` marks, then `Press enter to confirm or esc to go back`. Step two is
/// `ReasoningEffortPicker`.
public enum ModelPicker {
  public static let title = "Select Model and Effort"
  public static let subtitle =
    "Access legacy models by running cairn -m <model_name> or in your config.toml"
  public static let hint = "Press enter to confirm or esc to go back"

  /// The row label of a model: `gpt-5.5 (current)`, `gpt-5.6-sol (default)`.
  public static func label(_ model: ModelChoice, current: String?) -> String {
    if model.slug == current { return "\(model.slug) (current)" }
    if model.isDefault { return "\(model.slug) (default)" }
    return model.slug
  }

  public static func lines(
    models: [ModelChoice], current: String?, selection: Int, width: Int
  ) -> [StyledLine] {
    var lines = LineWrapping.wrap(StyledLine("  " + title, .bold), width: width)
    lines += LineWrapping.wrap(
      StyledLine("  " + subtitle, .dim), width: width, indent: StyledLine("  ", .dim))
    lines.append(.empty)
    lines += OptionRows.lines(
      models.map {
        OptionRows.Row(label: label($0, current: current), description: $0.description)
      },
      selection: selection, width: width)
    lines.append(.empty)
    lines.append(OptionRows.hint(hint, width: width))
    return lines
  }
}
