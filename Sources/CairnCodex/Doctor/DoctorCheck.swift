import CairnCore

/// The result of one `cairn doctor` check: a name, a status, a one-line detail and, when
/// something is wrong, what to do. docs/CODEX_COMPAT.md, "Doctor", lists every check.
///
/// Nothing a check holds may be a secret: checks report that a credential exists, never
/// its value or any part of it.
public struct DoctorCheck: Equatable, Sendable {
  public enum Status: String, Equatable, Sendable, Comparable {
    case ok
    case warning
    case failed

    private var rank: Int {
      switch self {
      case .ok: 0
      case .warning: 1
      case .failed: 2
      }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
  }

  /// A labelled fact shown under the check's row: `path = /usr/bin/codex`.
  public struct Fact: Equatable, Sendable {
    /// A snake_case key: the JSON member name; the human label replaces `_` with spaces.
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
      self.key = key
      self.value = value
    }

    public init(_ key: String, _ value: String) { self.init(key, .string(value)) }
  }

  /// One entry of a list the check found (a damaged session, a config error): a line of
  /// text for people and the same facts as JSON members.
  public struct Finding: Equatable, Sendable {
    public var text: String
    public var members: [(String, JSONValue)]

    public init(text: String, members: [(String, JSONValue)]) {
      self.text = text
      self.members = members
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
      lhs.text == rhs.text && JSONValue.object(lhs.members) == JSONValue.object(rhs.members)
    }
  }

  /// A stable dotted id, following Codex's doctor where it has the same check
  /// (`config.load`, `auth.credentials`, `terminal.env`).
  public var name: String
  public var status: Status
  /// One line: what was found.
  public var detail: String
  /// What to do; set when the status is not `ok`.
  public var fix: String?
  public var facts: [Fact]
  public var findings: [Finding]

  public init(
    name: String, status: Status, detail: String, fix: String? = nil, facts: [Fact] = [],
    findings: [Finding] = []
  ) {
    self.name = name
    self.status = status
    self.detail = detail
    self.fix = fix
    self.facts = facts
    self.findings = findings
  }

  /// `{"name", "status", "detail", "fix"?, "facts": {…}, "findings": […]}`.
  public var jsonValue: JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(name)), ("status", .string(status.rawValue)), ("detail", .string(detail)),
    ]
    if let fix { members.append(("fix", .string(fix))) }
    members.append(("facts", .object(facts.map { ($0.key, $0.value) })))
    members.append(
      ("findings", .array(findings.map { .object([("message", .string($0.text))] + $0.members) })))
    return .object(members)
  }
}
