import CairnCodex
import Foundation

/// `terminal.env`: `$TERM`, whether stdin and stdout are terminals, the window size from
/// the terminal itself (`TIOCGWINSZ`), and a guess at colour support from `TERM`,
/// `COLORTERM` and `NO_COLOR`.
public enum TerminalCheck {
  public static let name = "terminal.env"

  /// How many colours output may use, best guess.
  public enum ColorSupport: String, Sendable {
    case none
    case basic = "16"
    case palette = "256"
    case trueColor = "truecolor"
  }

  public static func colorSupport(environment: [String: String]) -> ColorSupport {
    // https://no-color.org: any non-empty value turns colour off.
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
    let term = environment["TERM"] ?? ""
    if term.isEmpty || term == "dumb" { return .none }
    if let colorTerm = environment["COLORTERM"]?.lowercased(),
      colorTerm == "truecolor" || colorTerm == "24bit"
    {
      return .trueColor
    }
    if term.contains("256color") || term.contains("direct") { return .palette }
    return .basic
  }

  /// The window size of the terminal at `descriptor`, when it is one and reports a size.
  public static func windowSize(descriptor: Int32) -> (columns: Int, rows: Int)? {
    guard isatty(descriptor) == 1 else { return nil }
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
    return (Int(size.ws_col), Int(size.ws_row))
  }

  public static func run(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    stdinDescriptor: Int32 = 0, stdoutDescriptor: Int32 = 1
  ) -> DoctorCheck {
    let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
    let stdinTerminal = isatty(stdinDescriptor) == 1
    let stdoutTerminal = isatty(stdoutDescriptor) == 1
    let size = windowSize(descriptor: stdoutDescriptor) ?? windowSize(descriptor: stdinDescriptor)
    let colors = colorSupport(environment: environment)
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }
      .first { !$0.isEmpty }
    let facts = [
      DoctorCheck.Fact("TERM", term.map { .string($0) } ?? .null),
      DoctorCheck.Fact("COLORTERM", environment["COLORTERM"].map { .string($0) } ?? .null),
      DoctorCheck.Fact("NO_COLOR", .bool(!(environment["NO_COLOR"] ?? "").isEmpty)),
      DoctorCheck.Fact("stdin_is_terminal", .bool(stdinTerminal)),
      DoctorCheck.Fact("stdout_is_terminal", .bool(stdoutTerminal)),
      DoctorCheck.Fact("columns", size.map { .int(Int64($0.columns)) } ?? .null),
      DoctorCheck.Fact("rows", size.map { .int(Int64($0.rows)) } ?? .null),
      DoctorCheck.Fact("colors", colors.rawValue),
      DoctorCheck.Fact("locale", locale.map { .string($0) } ?? .null),
    ]
    var parts = ["TERM=\(term ?? "(not set)")"]
    switch (stdinTerminal, stdoutTerminal) {
    case (true, true): parts.append("stdin and stdout are terminals")
    case (true, false): parts.append("stdin is a terminal, stdout is not")
    case (false, true): parts.append("stdout is a terminal, stdin is not")
    case (false, false): parts.append("stdin and stdout are not terminals")
    }
    if let size { parts.append("\(size.columns)x\(size.rows)") }
    parts.append(colors == .none ? "no colours" : "\(colors.rawValue) colours")
    let detail = parts.joined(separator: ", ")
    if stdoutTerminal && (term == nil || term == "dumb") {
      return DoctorCheck(
        name: name, status: .warning, detail: detail,
        fix: "set TERM to your terminal's type (e.g. `export TERM=xterm-256color`): the "
          + "interactive interface needs cursor addressing",
        facts: facts)
    }
    return DoctorCheck(name: name, status: .ok, detail: detail, facts: facts)
  }
}
