/// Reads the table `codex features list` prints: one flag a line, `name  stage  state`,
/// where the stage may hold a space (`under development`).
public enum FeatureListParser {
  public struct Row: Equatable, Sendable {
    public var name: String
    public var stage: FeatureStage
    public var enabled: Bool

    public init(name: String, stage: FeatureStage, enabled: Bool) {
      self.name = name
      self.stage = stage
      self.enabled = enabled
    }
  }

  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var text: String
    public var description: String { "line \(line): cannot read `\(text)` as a feature row" }
  }

  public static func parse(_ text: String) throws(Failure) -> [Row] {
    var rows: [Row] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      if words.isEmpty { continue }
      guard words.count >= 3,
        let stage = FeatureStage(rawValue: words[1..<(words.count - 1)].joined(separator: " ")),
        let state = Bool(String(words[words.count - 1]))
      else { throw Failure(line: index + 1, text: String(line.prefix(200))) }
      rows.append(Row(name: String(words[0]), stage: stage, enabled: state))
    }
    return rows
  }

  /// The table in Codex's layout: the name column as wide as the longest name plus two,
  /// the stage column as wide as the longest stage plus two.
  public static func render(_ rows: [Row]) -> String {
    let nameWidth = (rows.map(\.name.count).max() ?? 0) + 2
    let stageWidth = (rows.map(\.stage.rawValue.count).max() ?? 0) + 2
    var out = ""
    for row in rows {
      out += row.name.padding(to: nameWidth) + row.stage.rawValue.padding(to: stageWidth)
      out += (row.enabled ? "true" : "false") + "\n"
    }
    return out
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
