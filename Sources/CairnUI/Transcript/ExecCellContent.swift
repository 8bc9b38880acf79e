import CairnCore

/// A command run as the transcript shows it: `• Ran <cmd>` (green bullet when it exited 0,
/// red otherwise) or `◦ Running <cmd>` while it runs, then its output under `  └ `, dim,
/// at most `outputRowsMax` rows: the first and last rows around `… +N lines`.
public struct ExecCellContent: Hashable, Sendable {
  /// How a run stands.
  public enum Status: Hashable, Sendable {
    case running
    case exited(exitCode: Int32?, signal: Int32?)
  }

  /// Output rows shown before the middle is left out (Codex's `TOOL_CALL_MAX_LINES`).
  public static let outputRowsMax = 5
  /// Wrapped command rows shown under the first before the rest is left out.
  public static let commandContinuationRowsMax = 2

  /// The command as a shell line (`bash -lc` scripts unwrapped).
  public var command: String
  public var status: Status
  /// Output lines, oldest first, sanitized.
  public var output: [String]
  /// True when the output kept is only the end of what the command printed.
  public var outputTruncated: Bool

  public init(command: String, status: Status, output: [String], outputTruncated: Bool) {
    self.command = command
    self.status = status
    self.output = output
    self.outputTruncated = outputTruncated
  }

  /// The cell for `run`: its argv as a shell line and its preview bytes as lines.
  public init(_ run: ToolRun) {
    let status: Status
    switch run.status {
    case .exited(let exitCode, let signal): status = .exited(exitCode: exitCode, signal: signal)
    case .planned, .awaitingApproval, .running, .denied: status = .running
    }
    let printed = run.stdoutBytes &+ run.stderrBytes &+ run.omittedBytes
    let truncated = printed > UInt64(run.preview.count)
    self.init(
      command: Self.shellLine(run.command), status: status,
      output: Self.outputLines(run.preview, truncated: truncated), outputTruncated: truncated)
  }

  func lines(width: Int) -> [StyledLine] {
    headerLines(width: width) + outputRows(width: width)
  }

  private func headerLines(width: Int) -> [StyledLine] {
    let bullet: StyledLine
    let verb: String
    switch status {
    case .running:
      bullet = StyledLine("◦ ", .dim)
      verb = "Running"
    case .exited(let exitCode, _):
      bullet = StyledLine("• ", Style.plain.foreground(exitCode == 0 ? .green : .red))
      verb = "Ran"
    }
    let arm = StyledLine("  │ ", .dim)
    let commandLines = CellText.lines(command)
    var rows = CellText.wrap(
      StyledLine([Span(verb, .bold), Span(" "), Span(commandLines.first ?? "")]), width: width,
      first: bullet, rest: arm)
    for line in commandLines.dropFirst() {
      rows += CellText.wrap(StyledLine(line), width: width, first: arm, rest: arm)
    }
    let limit = 1 + Self.commandContinuationRowsMax
    guard rows.count > limit else { return rows }
    let omitted = rows.count - limit + 1
    let note = CellText.truncated("… +\(omitted) lines", columns: max(width - arm.columns, 1))
    return Array(rows.prefix(limit - 1)) + [arm + StyledLine(note, .dim)]
  }

  private func outputRows(width: Int) -> [StyledLine] {
    var rows: [StyledLine] = []
    let inner = max(width - 4, 1)
    for line in output {
      rows += LineWrapping.wrap(StyledLine(line, .dim), width: inner)
    }
    let limit = Self.outputRowsMax
    if outputTruncated {
      let kept = rows.suffix(limit - 1)
      rows =
        [StyledLine(CellText.truncated("… earlier output omitted", columns: inner), .dim)] + kept
    } else if rows.count > limit {
      let head = (limit - 1) / 2
      let tail = limit - 1 - head
      let omitted = rows.count - head - tail
      let note = CellText.truncated("… +\(omitted) lines", columns: inner)
      rows = rows.prefix(head) + [StyledLine(note, .dim)] + rows.suffix(tail)
    }
    return rows.enumerated().map { index, row in
      (index == 0 ? StyledLine("  └ ", .dim) : StyledLine("    ")) + row
    }
  }

  /// An argv as a shell would be typed: `bash -lc SCRIPT` shows SCRIPT; other words are
  /// quoted where the shell would need it.
  public static func shellLine(_ argv: [String]) -> String {
    if argv.count == 3, ["-lc", "-c"].contains(argv[1]),
      ["bash", "sh", "zsh"].contains(argv[0].split(separator: "/").last.map(String.init) ?? "")
    {
      return argv[2]
    }
    return argv.map(quoted).joined(separator: " ")
  }

  private static func quoted(_ word: String) -> String {
    let safe = word.unicodeScalars.allSatisfy { scalar in
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "_./:=@%+,-".unicodeScalars.contains(scalar)
    }
    if safe, !word.isEmpty { return word }
    return "'" + word.replacing("'", with: "'\\''") + "'"
  }

  /// Preview bytes as lines: a line cut at the front of a truncated preview is dropped, a
  /// carriage return keeps only what was drawn after it (progress bars), escape sequences
  /// and trailing blank lines go.
  static func outputLines(_ preview: [UInt8], truncated: Bool) -> [String] {
    var bytes = preview[...]
    if truncated, let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
      bytes = bytes[(newline + 1)...]
    }
    var lines: [String] = []
    for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      var line = raw
      while line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if let carriage = line.lastIndex(of: UInt8(ascii: "\r")) { line = line[(carriage + 1)...] }
      lines.append(CellText.sanitized(String(decoding: line, as: UTF8.self)))
    }
    while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
    return lines
  }
}
