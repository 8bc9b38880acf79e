import CairnProtocol

/// A line of a rollout that could not be used, with where it is and why. Reading goes on
/// after it, as Codex's own reader does.
public struct RolloutProblem: Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// Not JSON (or not UTF-8); `errorOffset` is the first wrong byte.
    case malformed(JSONScanError.Cause)
    /// JSON, but not a rollout line.
    case notARolloutLine(RolloutLineError)
    /// The last line has no newline and its JSON is incomplete: a write cut short.
    case truncatedLastLine
  }

  /// 1-based.
  public var lineNumber: Int
  /// The offset of the line's first byte.
  public var lineOffset: UInt64
  /// The offset of the byte where the problem was found.
  public var errorOffset: UInt64
  public var kind: Kind

  public init(lineNumber: Int, lineOffset: UInt64, errorOffset: UInt64, kind: Kind) {
    self.lineNumber = lineNumber
    self.lineOffset = lineOffset
    self.errorOffset = errorOffset
    self.kind = kind
  }

  public var description: String {
    let column = errorOffset - lineOffset + 1
    switch kind {
    case .malformed(let cause):
      return "line \(lineNumber), byte \(column) of the line (file offset \(errorOffset)): "
        + "malformed JSON: \(cause.text)"
    case .notARolloutLine(let error):
      return "line \(lineNumber) (file offset \(lineOffset)): \(error)"
    case .truncatedLastLine:
      return "line \(lineNumber) (file offset \(lineOffset)): truncated last line: the file "
        + "ends after \(errorOffset - lineOffset) bytes, inside its JSON value"
    }
  }

  /// A short name of the kind, for JSON output.
  public var kindName: String {
    switch kind {
    case .malformed: return "malformed"
    case .notARolloutLine: return "not_a_rollout_line"
    case .truncatedLastLine: return "truncated_last_line"
    }
  }
}
