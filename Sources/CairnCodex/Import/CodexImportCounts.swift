/// What one import of one rollout did, for its summary line and `--json`.
public struct CodexImportCounts: Equatable, Sendable {
  /// Records read and folded (problems and blank lines not included).
  public var linesImported = 0
  public var eventsAppended = 0
  /// Lines and items read but not imported, by reason (`context_message`, `world_state`,
  /// `token_count_repeat`, …), in order of first appearance.
  public var skipped: [(String, Int)] = []
  /// Unknown line, `response_item` and `event_msg` types with the line of their first
  /// appearance and their count.
  public var unknown: [(type: String, firstLine: Int, count: Int)] = []
  /// Texts longer than the import keeps per line (`CodexImport.textBytesMax`), cut.
  public var textsCut = 0

  public init() {}

  public var unknownCount: Int { unknown.reduce(0) { $0 + $1.count } }

  mutating func skip(_ reason: String) {
    if let index = skipped.firstIndex(where: { $0.0 == reason }) {
      skipped[index].1 += 1
    } else {
      skipped.append((reason, 1))
    }
  }

  mutating func unknown(_ type: String, line: Int) {
    if let index = unknown.firstIndex(where: { $0.type == type }) {
      unknown[index].count += 1
    } else {
      unknown.append((type, line, 1))
    }
  }

  mutating func noteCut(_ cut: Bool) {
    if cut { textsCut += 1 }
  }

  public static func == (lhs: CodexImportCounts, rhs: CodexImportCounts) -> Bool {
    lhs.linesImported == rhs.linesImported && lhs.eventsAppended == rhs.eventsAppended
      && lhs.skipped.elementsEqual(rhs.skipped) { $0 == $1 }
      && lhs.unknown.elementsEqual(rhs.unknown) { $0 == $1 } && lhs.textsCut == rhs.textsCut
  }
}
