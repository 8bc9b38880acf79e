import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// One `--step` of `cairn tool pty-live`, parsed from `NAME[:ARGUMENT]`.
enum LiveStep: Equatable {
  /// `input-line:TEXT`: TEXT and a newline to the process's input.
  case inputLine(String)
  /// `input:TEXT`: TEXT with `\n`, `\r`, `\t`, `\e`, `\\` and `\xNN` escapes.
  case input([UInt8])
  /// `resize:COLSxROWS`.
  case resize(TerminalSize)
  /// `drain:MS`: show what arrives for MS milliseconds (less if the process ends).
  case drain(milliseconds: Int)
  /// `signal:NAME|NUMBER` to the process group (`TERM`, `SIGINT`, `9`).
  case signal(Int32)
  /// `close-input`: end the input (a closed pipe, or end-of-file in a terminal).
  case closeInput
  /// `wait`: wait for the process to exit, showing its output.
  case wait
  /// `kill`: SIGKILL to the process group, then wait for the exit.
  case kill

  /// The longest `drain:MS` (an hour): a bound, and a number that fits every clock.
  static let drainMillisecondsMax = 3_600_000

  /// The step's name, as written before the colon.
  var name: String {
    switch self {
    case .inputLine: return "input-line"
    case .input: return "input"
    case .resize: return "resize"
    case .drain: return "drain"
    case .signal: return "signal"
    case .closeInput: return "close-input"
    case .wait: return "wait"
    case .kill: return "kill"
    }
  }

  /// Parses step `index` (1-based, for the error).
  static func parse(_ text: String, index: Int) throws(LiveStepError) -> LiveStep {
    let (name, argument): (String, String?) =
      text.firstIndex(of: ":").map {
        (String(text[..<$0]), String(text[text.index(after: $0)...]))
      } ?? (text, nil)
    func fail(_ expected: String) -> LiveStepError {
      LiveStepError(index: index, step: text, expected: expected)
    }
    switch name {
    case "input-line":
      guard let argument else { throw fail("input-line:TEXT") }
      return .inputLine(argument)
    case "input":
      guard let argument else { throw fail("input:TEXT (escapes \\n \\r \\t \\e \\\\ \\xNN)") }
      guard let bytes = unescape(argument) else {
        throw fail(
          "input:TEXT with only the escapes \\n \\r \\t \\e \\\\ and \\xNN (two hex digits)")
      }
      return .input(bytes)
    case "resize":
      let parts = argument?.split(separator: "x", omittingEmptySubsequences: false) ?? []
      guard parts.count == 2, let columns = UInt16(parts[0]), let rows = UInt16(parts[1]),
        columns > 0, rows > 0
      else { throw fail("resize:COLSxROWS with both at least 1, e.g. resize:120x40") }
      return .resize(TerminalSize(rows: rows, columns: columns))
    case "drain":
      guard let argument, let milliseconds = Int(argument), milliseconds >= 0,
        milliseconds <= drainMillisecondsMax
      else { throw fail("drain:MS with MS from 0 to \(drainMillisecondsMax), e.g. drain:500") }
      return .drain(milliseconds: milliseconds)
    case "signal":
      guard let argument, let number = signalNumber(argument) else {
        throw fail("signal:NAME or signal:NUMBER, e.g. signal:INT, signal:SIGTERM or signal:9")
      }
      return .signal(number)
    case "close-input", "wait", "kill":
      guard argument == nil else { throw fail("\(name) without an argument") }
      return name == "wait" ? .wait : name == "kill" ? .kill : .closeInput
    default:
      throw fail(
        "one of input-line:TEXT, input:TEXT, resize:COLSxROWS, drain:MS, signal:NAME, "
          + "close-input, wait or kill")
    }
  }

  static let signalNames: [String: Int32] = [
    "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "KILL": SIGKILL, "TERM": SIGTERM,
    "USR1": SIGUSR1, "USR2": SIGUSR2, "WINCH": SIGWINCH, "CONT": SIGCONT, "STOP": SIGSTOP,
    "TSTP": SIGTSTP, "ALRM": SIGALRM, "PIPE": SIGPIPE, "TTIN": SIGTTIN, "TTOU": SIGTTOU,
  ]

  /// A signal by number (1–64) or name, with or without `SIG`, any case.
  static func signalNumber(_ text: String) -> Int32? {
    if let number = Int32(text) { return number >= 1 && number <= 64 ? number : nil }
    let upper = text.uppercased()
    return signalNames[upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper]
  }

  /// The bytes of TEXT with its escapes replaced; nil for an unknown or cut escape.
  static func unescape(_ text: String) -> [UInt8]? {
    var bytes: [UInt8] = []
    var input = Array(text.utf8)[...]
    while let byte = input.popFirst() {
      guard byte == UInt8(ascii: "\\") else {
        bytes.append(byte)
        continue
      }
      switch input.popFirst() {
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "e"): bytes.append(0x1B)
      case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "x"):
        guard input.count >= 2,
          let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
        else { return nil }
        bytes.append(value)
        input = input.dropFirst(2)
      default: return nil
      }
    }
    return bytes
  }
}

/// A `--step` that does not parse: which one, and what was expected.
struct LiveStepError: Error, Equatable, CustomStringConvertible {
  var index: Int
  var step: String
  var expected: String

  var description: String { "step \(index) (`\(step)`): expected \(expected)" }
}
