import CairnLogFormat

/// A seeded source of records that look like an agent session's events: user prompts,
/// streamed output deltas, reasoning summaries, tool calls and their output, token usage.
/// The same seed gives the same records, byte for byte, and so the same log files.
public struct SessionLikeRecords: Sequence, IteratorProtocol {
  private var random: SplitMix64
  private var clockNanoseconds: Int64
  private var seq: UInt64 = 0
  private var lastCall: UInt64 = 0
  public let payloadBytesRange: ClosedRange<Int>

  /// `payloadBytesRange` bounds every payload (JSON text, padded or cut to fit).
  public init(seed: UInt64, payloadBytesRange: ClosedRange<Int> = 100...500) {
    random = SplitMix64(seed: seed)
    // 2026-01-01T00:00:00Z, then a seeded walk forward.
    clockNanoseconds = 1_767_225_600_000_000_000 + Int64(seed % 86_400) * 1_000_000_000
    self.payloadBytesRange = payloadBytesRange
  }

  private static let words = [
    "the", "session", "log", "reads", "file", "tests", "build", "swift", "error", "fix",
    "function", "segment", "block", "index", "replay", "resume", "approve", "command",
    "output", "patch", "diff", "cargo", "package", "module", "struct", "enum", "return",
    "value", "checksum", "compress", "terminal", "render", "frame", "model", "token",
    "stream", "delta", "reasoning", "summary", "tool", "call", "exit", "status", "ok",
  ]
  private static let commands = [
    "ls -la", "git status", "swift build", "rg -n TODO Sources", "cat Package.swift",
    "git diff --stat", "swift test --filter LogTests", "sed -n 1,80p README.md",
  ]

  private mutating func pick<T>(_ items: [T]) -> T {
    items[Int(random.next() % UInt64(items.count))]
  }

  private mutating func sentence(words count: Int) -> String {
    var text = ""
    for index in 0..<count {
      if index > 0 { text += " " }
      text += pick(Self.words)
    }
    return text
  }

  public mutating func next() -> LogRecord? {
    seq += 1
    clockNanoseconds += Int64(random.next() % 50_000_000) + 100_000
    let choice = random.next() % 100
    var kind: UInt16
    var causation = Seq.none
    var json: String
    switch choice {
    case 0..<5:
      kind = 1
      json = #"{"type":"user_message","text":"\#(sentence(words: 30))"}"#
    case 5..<60:
      kind = 2
      json =
        #"{"type":"output_text_delta","item_id":"msg_\#(seq % 977)","delta":"\#(sentence(words: 12))"}"#
      causation = Seq(seq > 1 ? seq - 1 : 0)
    case 60..<70:
      kind = 3
      json =
        #"{"type":"reasoning_summary_delta","summary_index":0,"delta":"\#(sentence(words: 16))"}"#
    case 70..<78:
      kind = 4
      lastCall = seq
      json =
        #"{"type":"function_call","name":"exec_command","call_id":"call_\#(seq)","arguments":{"cmd":"\#(pick(Self.commands))","yield_time_ms":10000}}"#
    case 78..<93:
      kind = 5
      causation = Seq(lastCall)
      json =
        #"{"type":"tool_output_chunk","call_id":"call_\#(lastCall)","stream":"stdout","chunk":"\#(sentence(words: 40))"}"#
    case 93..<97:
      kind = 6
      causation = Seq(lastCall)
      json =
        #"{"type":"tool_exited","call_id":"call_\#(lastCall)","exit_code":\#(random.next() % 3),"wall_time_ms":\#(random.next() % 9000)}"#
    default:
      kind = 7
      let input = random.next() % 200_000
      json =
        #"{"type":"token_count","input_tokens":\#(input),"cached_input_tokens":\#(input / 2),"output_tokens":\#(random.next() % 4000)}"#
    }
    var payload = Array(json.utf8)
    let target = payloadBytesRange.clamped(payload.count)
    if payload.count > target {
      payload.removeLast(payload.count - target)
    } else if payload.count < target {
      payload.append(contentsOf: repeatElement(UInt8(ascii: " "), count: target - payload.count))
    }
    return LogRecord(
      seq: Seq(seq), recordedAtNanoseconds: clockNanoseconds, kind: kind, schemaVersion: 1,
      flags: 0, causation: causation, payload: payload)
  }
}

extension ClosedRange where Bound == Int {
  fileprivate func clamped(_ value: Int) -> Int {
    Swift.min(Swift.max(value, lowerBound), upperBound)
  }
}
