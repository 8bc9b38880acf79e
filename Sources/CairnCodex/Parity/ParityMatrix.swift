/// Every Codex command path and argument of a reference × Cairn's status for it.
public struct ParityMatrix: Sendable {
  /// Cairn's status for one Codex command or argument.
  public enum Status: Hashable, Sendable {
    /// Cairn has it, with this parity.
    case present(CodexParity)
    /// Cairn has no such command or argument.
    case missing

    public var label: String {
      switch self {
      case .present(let parity): parity.label
      case .missing: "missing"
      }
    }

    public var note: String? {
      switch self {
      case .present(let parity): parity.note
      case .missing: nil
      }
    }

    public var isPresent: Bool { self != .missing }
  }

  public struct ArgumentRow: Sendable {
    public var codex: CodexHelpArgument
    public var status: Status
  }

  public struct CommandRow: Sendable {
    public var path: CodexCommandPath
    public var summary: String
    public var isHiddenInCodex: Bool
    public var status: Status
    public var arguments: [ArgumentRow]
  }

  /// Counts of one kind of row (command paths or arguments).
  public struct Tally: Hashable, Sendable {
    public var total = 0
    public var implemented = 0
    public var partial = 0
    public var notSupported = 0
    public var missing = 0

    /// Rows Cairn has at all, whatever their parity.
    public var covered: Int { total - missing }

    mutating func count(_ status: Status) {
      total += 1
      switch status {
      case .missing: missing += 1
      case .present(.implemented): implemented += 1
      case .present(.partial): partial += 1
      case .present(.notSupported): notSupported += 1
      }
    }
  }

  public var codexVersion: String?
  public var rows: [CommandRow]
  /// Cairn's command paths that Codex does not have (`session`, `parity`, …).
  public var cairnOnlyPaths: [CodexCommandPath]
  public var paths: Tally
  public var arguments: Tally

  /// Computes the matrix of `reference` against Cairn's `surface` (one entry per Cairn
  /// command path).
  public init(reference: CodexReference, surface: [CairnCommandSurface]) {
    let cairn = Dictionary(surface.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let hidden = Set(reference.hiddenPaths)
    var rows: [CommandRow] = []
    var paths = Tally()
    var arguments = Tally()
    for path in reference.paths {
      guard let page = reference.pages[path] else { continue }
      let command = cairn[path]
      let commandStatus = command.map { Status.present(Self.declared($0.parity)) } ?? .missing
      paths.count(commandStatus)
      var argumentRows: [ArgumentRow] = []
      for argument in page.arguments {
        let status = command.map { Self.status(of: argument, in: $0) } ?? .missing
        arguments.count(status)
        argumentRows.append(ArgumentRow(codex: argument, status: status))
      }
      rows.append(
        CommandRow(
          path: path, summary: page.summary, isHiddenInCodex: hidden.contains(path),
          status: commandStatus, arguments: argumentRows))
    }
    self.codexVersion = reference.version
    self.rows = rows
    self.cairnOnlyPaths = surface.map(\.path).filter {
      reference.pages[$0] == nil && !$0.isRoot
    }.sorted()
    self.paths = paths
    self.arguments = arguments
  }

  /// A Codex path in Cairn with no declared status shows up as partial, so the gap is seen.
  static func declared(_ parity: CodexParity?) -> CodexParity {
    parity ?? .partial(missing: "the command declares no parity status")
  }

  static func status(of argument: CodexHelpArgument, in command: CairnCommandSurface) -> Status {
    guard let cairnArgument = command.arguments.first(where: { $0.key == argument.key }) else {
      return .missing
    }
    let commandParity = declared(command.parity)
    if let exception = command.argumentParity[argument.key] { return .present(exception) }
    if commandParity.isNotSupported { return .present(commandParity) }
    if let short = argument.short, cairnArgument.short != short {
      return .present(.partial(missing: "the short name -\(short)"))
    }
    return .present(commandParity)
  }
}
