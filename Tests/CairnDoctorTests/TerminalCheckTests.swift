import CairnCodex
import CairnDoctor
import Foundation
import Testing

/// `terminal.env` against a real pseudo-terminal and real pipes.
@Suite struct TerminalCheckTests {
  func facts(_ check: DoctorCheck) -> [String: String] {
    Dictionary(uniqueKeysWithValues: check.facts.map { ($0.key, $0.value.text) })
  }

  @Test func aPseudoTerminalReportsItsSize() throws {
    var controller: Int32 = -1
    var terminal: Int32 = -1
    var size = winsize(ws_row: 43, ws_col: 132, ws_xpixel: 0, ws_ypixel: 0)
    try #require(openpty(&controller, &terminal, nil, nil, &size) == 0)
    defer {
      close(controller)
      close(terminal)
    }
    let check = TerminalCheck.run(
      environment: ["TERM": "xterm-256color"], stdinDescriptor: terminal,
      stdoutDescriptor: terminal)
    #expect(check.status == .ok)
    #expect(
      check.detail == "TERM=xterm-256color, stdin and stdout are terminals, 132x43, 256 colours")
    let facts = facts(check)
    #expect(facts["columns"] == "132")
    #expect(facts["rows"] == "43")
    #expect(facts["stdout_is_terminal"] == "true")
  }

  @Test func pipesAreNotTerminals() throws {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    defer {
      close(ends[0])
      close(ends[1])
    }
    let check = TerminalCheck.run(
      environment: ["TERM": "xterm"], stdinDescriptor: ends[0], stdoutDescriptor: ends[1])
    #expect(check.status == .ok)
    #expect(check.detail == "TERM=xterm, stdin and stdout are not terminals, 16 colours")
    #expect(facts(check)["columns"] == "null")
  }

  @Test func dumbTerminalOnATTYIsAWarning() throws {
    var controller: Int32 = -1
    var terminal: Int32 = -1
    try #require(openpty(&controller, &terminal, nil, nil, nil) == 0)
    defer {
      close(controller)
      close(terminal)
    }
    let check = TerminalCheck.run(
      environment: ["TERM": "dumb"], stdinDescriptor: terminal, stdoutDescriptor: terminal)
    #expect(check.status == .warning)
    #expect(check.fix?.contains("export TERM=") == true)
  }

  @Test func colourGuess() {
    let cases: [([String: String], TerminalCheck.ColorSupport)] = [
      ([:], .none),
      (["TERM": "dumb"], .none),
      (["TERM": "xterm-256color", "NO_COLOR": "1"], .none),
      (["TERM": "xterm-256color", "NO_COLOR": ""], .palette),
      (["TERM": "xterm"], .basic),
      (["TERM": "screen", "COLORTERM": "truecolor"], .trueColor),
      (["TERM": "xterm-kitty", "COLORTERM": "24bit"], .trueColor),
    ]
    for (environment, expected) in cases {
      #expect(TerminalCheck.colorSupport(environment: environment) == expected, "\(environment)")
    }
  }
}
