import CairnCodex
import CairnCore

/// The human rendering of a ``DoctorReport``: one row per check (status, name, detail),
/// then, unless `summary`, its facts, findings and fix, and a count line at the end.
public struct DoctorTextRenderer: Sendable {
  /// `[ok] [!!] [XX]` instead of `✓ ! ✗`.
  public var ascii = false
  /// ANSI colour on the status marks.
  public var color = false
  /// Only the rows (with the fix, for a check that is not ok) and the counts.
  public var summary = false
  /// Every finding and list item, not only the first few.
  public var all = false
  /// How many findings and list items are shown without `all`.
  public static let itemsShownMax = 5

  public init(ascii: Bool = false, color: Bool = false, summary: Bool = false, all: Bool = false) {
    self.ascii = ascii
    self.color = color
    self.summary = summary
    self.all = all
  }

  public func render(_ report: DoctorReport, title: String) -> String {
    let nameWidth = (report.checks.map(\.name.count).max() ?? 0) + 2
    let markWidth = ascii ? 4 : 1
    let indent = String(repeating: " ", count: markWidth + 1 + nameWidth)
    var out = title + "\n\n"
    for check in report.checks {
      out += mark(check.status) + " " + padded(check.name, to: nameWidth) + check.detail
      if summary {
        if let fix = check.fix { out += " — " + fix }
        out += "\n"
        continue
      }
      out += "\n"
      let factWidth = min(28, (check.facts.map(\.key.count).max() ?? 0) + 2)
      for fact in check.facts {
        out +=
          indent + padded(label(fact.key), to: factWidth) + text(fact.value, key: fact.key)
          + "\n"
      }
      for finding in shown(check.findings) {
        out += indent + (ascii ? "- " : "• ") + finding.text + "\n"
      }
      if let more = hiddenCount(check.findings.count) {
        out += indent + "… and \(more) more (--all shows them)\n"
      }
      if let fix = check.fix { out += indent + "fix: " + fix + "\n" }
    }
    let failed = report.count(.failed)
    let warnings = report.count(.warning)
    out +=
      "\n\(report.count(.ok)) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), "
      + "\(failed) failed\n"
    return out
  }

  private func mark(_ status: DoctorCheck.Status) -> String {
    let (symbol, code): (String, String)
    switch status {
    case .ok: (symbol, code) = (ascii ? "[ok]" : "✓", "32")
    case .warning: (symbol, code) = (ascii ? "[!!]" : "!", "33")
    case .failed: (symbol, code) = (ascii ? "[XX]" : "✗", "31")
    }
    return color ? "\u{1B}[\(code)m\(symbol)\u{1B}[0m" : symbol
  }

  private func shown<T>(_ items: [T]) -> ArraySlice<T> {
    all ? items[...] : items.prefix(Self.itemsShownMax)
  }

  private func hiddenCount(_ count: Int) -> Int? {
    !all && count > Self.itemsShownMax ? count - Self.itemsShownMax : nil
  }

  /// `stdin_is_terminal` → `stdin is terminal`; environment names stay as they are.
  private func label(_ key: String) -> String {
    key.uppercased() == key ? key : String(key.map { $0 == "_" ? " " : $0 })
  }

  private func text(_ value: JSONValue, key: String) -> String {
    switch value {
    case .string(let string): return string
    case .null: return "-"
    case .bool(let bool): return bool ? "yes" : "no"
    case .uint(let number) where key.hasSuffix("bytes") || key.hasSuffix("_min"):
      return DiskSpaceCheck.bytes(number)
    case .int(let number) where key.hasSuffix("bytes") && number >= 0:
      return DiskSpaceCheck.bytes(UInt64(number))
    case .array(let items):
      if items.isEmpty { return "none" }
      var parts = shown(items).map { text($0, key: key) }
      if let more = hiddenCount(items.count) { parts.append("… (+\(more), --all)") }
      return parts.joined(separator: ", ")
    case .object(let members):
      return members.map { "\(label($0.0)) \(text($0.1, key: $0.0))" }.joined(separator: " · ")
    case .int, .uint, .double: return value.text
    }
  }

  private func padded(_ text: String, to width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }
}
