import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// Asks for an approval decision, as Codex's prompt offers it: approve once, approve for
/// the session, deny, or abort. The prompt goes to stderr (stdout is the command's).
enum ToolApprovalPrompt {
  /// Where the decision comes from.
  enum Source: Equatable {
    /// `--approved`: approved once without asking.
    case approvedFlag
    /// One key on the terminal: y, a, n, or Esc/q.
    case terminal
    /// `--decision-from-stdin`: a line on standard input.
    case standardInputLines
    /// Nowhere: stdin is not a terminal and no other source was given.
    case none
  }

  /// What came of asking.
  enum Answer: Equatable {
    case decided(ApprovalDecision)
    /// No decision could be had (no terminal, or end of input); the text says why.
    case undecided(String)
  }

  static var standardInputIsTerminal: Bool { isatty(0) == 1 }

  /// The line the engine records for a call that waits for approval (kept identical for
  /// runs outside a session).
  static func reason(command: [String], risk: RiskLevel, reasons: [String]) -> String {
    let why = reasons.isEmpty ? "\(risk.rawValue) command" : reasons.joined(separator: "; ")
    return "run `\(command.joined(separator: " "))`? (\(why))"
  }

  static func ask(reason: String, risk: RiskLevel, from source: Source) -> Answer {
    switch source {
    case .approvedFlag:
      return .decided(.approvedOnce)
    case .none:
      return .undecided("standard input is not a terminal")
    case .terminal:
      StandardError.write(promptText(reason: reason, risk: risk) + keysText)
      return readKey()
    case .standardInputLines:
      StandardError.write(
        promptText(reason: reason, risk: risk)
          + "waiting for a decision on standard input: approved, approved-for-session, "
          + "denied or abort\n")
      return readLines()
    }
  }

  private static func promptText(reason: String, risk: RiskLevel) -> String {
    "approval needed (\(risk.rawValue)): \(reason)\n"
  }

  private static let keysText = """
      y  yes, run it once
      a  yes, and don't ask again for this command in this session
      n  no, don't run it
      q  no, and abort (Esc)

    """

  /// The decision a word names: the long names of `cairn tool decide`, or Codex's keys.
  static func decision(named word: String) -> ApprovalDecision? {
    switch word.lowercased() {
    case "y", "yes", "approved", "approve": return .approvedOnce
    case "a", "always", "approved-for-session", "approved_for_session": return .approvedForSession
    case "n", "no", "denied", "deny": return .denied
    case "q", "quit", "abort", "esc": return .aborted
    default: return nil
    }
  }

  /// One key with the terminal in non-canonical mode without echo or signals (so Ctrl-C
  /// is a key here, read as abort); the terminal is restored before returning.
  private static func readKey() -> Answer {
    var saved = termios()
    guard tcgetattr(0, &saved) == 0 else { return .undecided("cannot read the terminal") }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    tcsetattr(0, TCSANOW, &raw)
    defer {
      tcsetattr(0, TCSANOW, &saved)
      // The rest of an escape sequence (an arrow key) must not reach the next reader.
      tcflush(0, TCIFLUSH)
    }
    while true {
      var byte: UInt8 = 0
      let got = read(0, &byte, 1)
      if got < 0 && errno == EINTR { continue }
      guard got == 1 else { return .undecided("the terminal closed before a decision") }
      let decision: ApprovalDecision?
      switch byte {
      case 0x1B, 0x03: decision = .aborted  // Esc, Ctrl-C
      default: decision = Self.decision(named: String(UnicodeScalar(byte)))
      }
      if let decision {
        StandardError.write("\(label(decision))\n")
        return .decided(decision)
      }
    }
  }

  /// Lines from standard input until one names a decision; end of input leaves it open.
  private static func readLines() -> Answer {
    var line: [UInt8] = []
    while true {
      var byte: UInt8 = 0
      let got = read(0, &byte, 1)
      if got < 0 && errno == EINTR { continue }
      guard got == 1 else { return .undecided("standard input ended before a decision") }
      guard byte != UInt8(ascii: "\n") else {
        let word = String(decoding: line, as: UTF8.self).trimmingSpaces
        line = []
        if word.isEmpty { continue }
        if let decision = decision(named: word) { return .decided(decision) }
        StandardError.write(
          "cairn: `\(word)` is not a decision: use approved, approved-for-session, denied or abort\n"
        )
        continue
      }
      line.append(byte)
    }
  }

  static func label(_ decision: ApprovalDecision) -> String {
    switch decision {
    case .approvedOnce: return "approved"
    case .approvedForSession: return "approved for the session"
    case .denied: return "denied"
    case .aborted: return "aborted"
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(
      drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
        .drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
  }
}
