import ArgumentParser
import CairnCore
import CairnEngine
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a session command body, turning store and engine errors into a message on stderr
/// and their exit codes.
func reportingSessionFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as EngineError {
    StandardError.write("cairn: \(error)\n")
    throw ExitCode(error.exitCode)
  } catch let error as LogError {
    StandardError.write("cairn: \(error)\n")
    throw ExitCode(error.exitCode)
  }
}

/// The shell's clock for engines: nanoseconds since the epoch.
@Sendable func wallClockNanoseconds() -> Int64 { WallClock.nowNanoseconds() }

/// A fresh session id: 128 random bits in UUID form (version 4).
func newSessionID() -> SessionID {
  var generator = SystemRandomNumberGenerator()
  var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
  bytes[6] = (bytes[6] & 0x0F) | 0x40
  bytes[8] = (bytes[8] & 0x3F) | 0x80
  let hex = bytes.map { byte -> String in
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }.joined()
  let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
    String(hex.dropFirst(range.lowerBound).prefix(range.count))
  }
  return SessionID(parts.joined(separator: "-"))
}

/// A UTC timestamp like 2026-11-25T19:48:40Z.
func isoTimestamp(nanoseconds: Int64) -> String {
  var seconds = time_t(nanoseconds / 1_000_000_000)
  var parts = tm()
  gmtime_r(&seconds, &parts)
  func pad(_ value: Int32, _ width: Int = 2) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
  return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
    + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
}

extension ApprovalPolicy: ExpressibleByArgument {}
extension SandboxMode: ExpressibleByArgument {}

/// The JSON summary of a session's state that `show`, `resume` and `replay` print.
func stateSummary(_ state: SessionState) -> [(String, JSONValue)] {
  let session = state.session
  return [
    ("session_id", session.map { .string($0.sessionID.rawValue) } ?? .null),
    ("title", session?.title.map { .string($0) } ?? .null),
    ("cwd", session.map { .string($0.cwd) } ?? .null),
    ("model", session.map { .string($0.model) } ?? .null),
    ("provider", session.map { .string($0.provider) } ?? .null),
    ("approval_policy", session.map { .string($0.approvalPolicy.rawValue) } ?? .null),
    ("sandbox_mode", session.map { .string($0.sandboxMode.rawValue) } ?? .null),
    ("archived", .bool(session?.archived ?? false)),
    ("last_seq", .uint(state.lastSeq.rawValue)),
    ("turns", .uint(state.turns.startedCount)),
    ("running_turn", state.turns.current.map { .string($0.turnID.rawValue) } ?? .null),
    ("transcript_items", .uint(UInt64(state.transcript.itemCount))),
    ("active_tools", .array(state.tools.active.map { .string($0.callID.rawValue) })),
    ("finished_tools", .uint(state.tools.finishedCount)),
    ("pending_approvals", .array(state.approvals.pending.map { .string($0.callID.rawValue) })),
    ("input_tokens", .uint(state.usage.cumulative.inputTokens)),
    ("output_tokens", .uint(state.usage.cumulative.outputTokens)),
    ("digest", .string(state.digest)),
  ]
}

func printSummary(_ members: [(String, JSONValue)]) {
  for (key, value) in members {
    let text: String
    switch value {
    case .string(let string): text = string
    case .null: text = "-"
    case .array(let items):
      text = items.isEmpty ? "none" : items.map(\.plainText).joined(separator: ", ")
    default: text = value.text
    }
    print("\(key.replacingUnderscores.padded(to: 20))\(text)")
  }
}

extension JSONValue {
  fileprivate var plainText: String {
    if case .string(let string) = self { return string }
    return text
  }
}

extension String {
  fileprivate var replacingUnderscores: String {
    String(map { $0 == "_" ? " " : $0 })
  }

  func padded(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
