import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a seeded Codex rollout shaped like the 0.147 reference files, at any size: a
/// 22 KB `session_meta`, then turns of task_started, developer and environment context
/// messages, world_state (full, then diffs), turn_context, the prompt (item and event),
/// tool steps (reasoning with encrypted_content, agent_reasoning, exec_command
/// function_call, function_call_output of varied size, token_count), the answer, and
/// task_complete. The same seed and size write the same bytes.
public struct RolloutFixture {
  public struct Written: Sendable {
    public var bytes: UInt64
    public var lines: Int
    public var turns: Int
    public var toolCalls: Int
  }

  private var random: SplitMix
  private var out: [UInt8] = []
  private let descriptor: Int32
  private var written = Written(bytes: 0, lines: 0, turns: 0, toolCalls: 0)
  private var clockMilliseconds: Int64 = 1_795_634_712_000
  private var inputTokens: Int64 = 0
  private var outputTokens: Int64 = 0
  private let sessionID = "01a2142b-4eac-7761-a156-c534fc6e82bc"

  /// Writes at least `bytesMin` bytes (whole turns) to `path`.
  public static func write(path: String, bytesMin: UInt64, seed: UInt64) throws -> Written {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw BenchmarkError.system("open \(path)", errno) }
    defer { close(descriptor) }
    var fixture = RolloutFixture(random: SplitMix(seed: seed), descriptor: descriptor)
    try fixture.sessionMeta()
    while fixture.written.bytes + UInt64(fixture.out.count) < bytesMin { try fixture.turn() }
    try fixture.flush()
    return fixture.written
  }

  private init(random: SplitMix, descriptor: Int32) {
    self.random = random
    self.descriptor = descriptor
    out.reserveCapacity(1 << 21)
  }

  // MARK: - Lines

  private mutating func sessionMeta() throws {
    let instructions = prose(bytes: 21_800)
    try line(
      "session_meta",
      #"{"session_id":"\#(sessionID)","id":"\#(sessionID)","timestamp":"\#(now())","cwd":"/home/user/work","originator":"codex_exec","cli_version":"0.147.0","source":"exec","thread_source":"user","model_provider":"mock","base_instructions":{"text":"\#(instructions)"},"history_mode":"legacy","context_window":{"window_id":"\#(sessionID):0"}}"#
    )
  }

  private mutating func turn() throws {
    written.turns += 1
    let turnID = uuid()
    let metadata = #""internal_chat_message_metadata_passthrough":{"turn_id":"\#(turnID)"}"#
    try line(
      "event_msg",
      #"{"type":"task_started","turn_id":"\#(turnID)","started_at":\#(clockMilliseconds / 1000),"model_context_window":258400,"collaboration_mode_kind":"default"}"#
    )
    try line(
      "response_item",
      #"{"type":"message","id":"msg_\#(uuid())","role":"developer","content":[{"type":"input_text","text":"<permissions instructions>\#(prose(bytes: 1800))</permissions instructions>"}]}"#
    )
    try line(
      "response_item",
      #"{"type":"message","id":"msg_\#(uuid())","role":"user","content":[{"type":"input_text","text":"<environment_context>\n  <cwd>/home/user/work</cwd>\n  <shell>bash</shell>\n  <current_date>2026-11-25</current_date>\n</environment_context>"}]}"#
    )
    let full = written.turns == 1
    try line(
      "world_state",
      #"{"full":\#(full),"state":{"environments":{"environments":{"local":{"cwd":"/home/user/work","status":"available","shell":"bash"}},"current_date":"2026-11-25","timezone":"Etc/UTC"},"model":"gpt-5.5","permissions":{"instructions":"\#(hex(40))","approved_command_prefixes":[]}}}"#
    )
    try line(
      "turn_context",
      #"{"turn_id":"\#(turnID)","cwd":"/home/user/work","workspace_roots":["/home/user/work"],"current_date":"2026-11-25","timezone":"Etc/UTC","approval_policy":"never","approvals_reviewer":"user","sandbox_policy":{"type":"workspace-write","network_access":false},"model":"gpt-5.5","comp_hash":"\#(hex(16))","personality":"pragmatic","collaboration_mode":{"mode":"default","settings":{"model":"gpt-5.5","reasoning_effort":"medium","developer_instructions":null}},"realtime_active":false,"summary":"auto"}"#
    )
    let prompt = prose(bytes: 40 + Int(random.below(400)))
    try line(
      "response_item",
      #"{"type":"message","id":"msg_\#(uuid())","role":"user","content":[{"type":"input_text","text":"\#(prompt)"}],\#(metadata)}"#
    )
    try line(
      "event_msg",
      #"{"type":"user_message","message":"\#(prompt)","images":[],"local_images":[],"audio":[],"local_audio":[],"text_elements":[]}"#
    )
    let started = clockMilliseconds
    for _ in 0..<(1 + Int(random.below(8))) { try toolStep(metadata) }
    let answer = prose(bytes: 100 + Int(random.below(1500)))
    try line(
      "event_msg",
      #"{"type":"agent_message","message":"\#(answer)","phase":null,"memory_citation":null}"#)
    try line(
      "response_item",
      #"{"type":"message","id":"msg_resp_\#(hex(8))","role":"assistant","content":[{"type":"output_text","text":"\#(answer)"}],\#(metadata)}"#
    )
    try tokenCount()
    try line(
      "event_msg",
      #"{"type":"task_complete","turn_id":"\#(turnID)","last_agent_message":"\#(answer)","started_at":\#(started / 1000),"completed_at":\#(clockMilliseconds / 1000),"duration_ms":\#(clockMilliseconds - started),"time_to_first_token_ms":\#(random.below(900))}"#
    )
  }

  private mutating func toolStep(_ metadata: String) throws {
    written.toolCalls += 1
    let summary = prose(bytes: 80 + Int(random.below(400)))
    try line("event_msg", #"{"type":"agent_reasoning","text":"\#(summary)"}"#)
    try line(
      "response_item",
      #"{"type":"reasoning","id":"rs_\#(hex(16))","summary":[{"type":"summary_text","text":"\#(summary)"}],"content":null,"encrypted_content":"\#(base64(bytes: 1000 + Int(random.below(7000))))",\#(metadata)}"#
    )
    let callID = "call_\(hex(24))"
    try line(
      "response_item",
      #"{"type":"function_call","id":"fc_\#(hex(16))","name":"exec_command","arguments":"{\"cmd\":\"rg -n \\\"\#(word())\\\" Sources | head -200\",\"yield_time_ms\":1000}","call_id":"\#(callID)",\#(metadata)}"#
    )
    // Output sizes spread log-uniformly from 100 bytes to 200 KB (mean about 26 KB), as
    // real tool output is, and one in 200 is a 2 MB build log.
    let exponent = Double(random.below(1000)) / 1000 * 3.3
    let outputBytes = random.below(200) == 0 ? 2_000_000 : Int(100 * pow10(exponent))
    try line(
      "response_item",
      #"{"type":"function_call_output","id":"fco_\#(uuid())","call_id":"\#(callID)","output":"Chunk ID: \#(hex(6))\nWall time: 0.\#(random.below(9999)) seconds\nProcess exited with code 0\nOriginal token count: \#(outputBytes / 4)\nOutput:\n\#(codeOutput(bytes: outputBytes))",\#(metadata)}"#
    )
    try tokenCount()
  }

  private mutating func tokenCount() throws {
    let input = Int64(1000 + random.below(30_000))
    let output = Int64(50 + random.below(2000))
    inputTokens += input
    outputTokens += output
    func usage(_ input: Int64, _ output: Int64) -> String {
      #"{"input_tokens":\#(input),"cached_input_tokens":\#(input / 2),"cache_write_input_tokens":0,"output_tokens":\#(output),"reasoning_output_tokens":\#(output / 3),"total_tokens":\#(input + output)}"#
    }
    try line(
      "event_msg",
      #"{"type":"token_count","info":{"total_token_usage":\#(usage(inputTokens, outputTokens)),"last_token_usage":\#(usage(input, output)),"model_context_window":258400},"rate_limits":{"limit_id":"codex","primary":null,"secondary":null,"credits":null,"plan_type":null}}"#
    )
  }

  // MARK: - Output

  private mutating func line(_ type: String, _ payload: String) throws {
    clockMilliseconds += Int64(random.below(400))
    out.append(contentsOf: #"{"timestamp":"\#(now())","type":"\#(type)","payload":"#.utf8)
    out.append(contentsOf: payload.utf8)
    out.append(contentsOf: "}\n".utf8)
    written.lines += 1
    if out.count >= 1 << 20 { try flush() }
  }

  private mutating func flush() throws {
    var done = 0
    while done < out.count {
      let result = out.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done)
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw BenchmarkError.system("write rollout fixture", errno)
      }
      done += result
    }
    written.bytes += UInt64(out.count)
    out.removeAll(keepingCapacity: true)
  }

  // MARK: - Content

  private func now() -> String { RolloutTimestamp.text(milliseconds: clockMilliseconds) }

  private static let words = [
    "the", "session", "file", "swift", "build", "error:", "cannot", "find", "value", "in",
    "scope", "warning", "test", "passed", "rollout", "line", "token", "résumé", "naïve",
    "über", "—", "→", "func", "let", "var", "return", "if", "else", "Sources/cairn/main.swift",
    "\\\"quoted\\\"", "tab\\tseparated", "42", "0x1F", "{", "}", "[]", "path/to/file.swift:12:7",
  ]

  private mutating func word() -> String {
    let index = Int(random.below(UInt64(Self.words.count - 6)))
    return Self.words[index].contains("\\") ? "value" : Self.words[index]
  }

  /// JSON-escaped text of about `bytes` bytes: words, with escaped newlines and quotes.
  private mutating func prose(bytes: Int) -> String {
    var text = ""
    text.reserveCapacity(bytes + 32)
    while text.utf8.count < bytes {
      text += Self.words[Int(random.below(UInt64(Self.words.count)))]
      text += random.below(12) == 0 ? "\\n" : " "
    }
    return text
  }

  /// Tool output: lines like `path:line: text`.
  private mutating func codeOutput(bytes: Int) -> String {
    var text = ""
    text.reserveCapacity(bytes + 128)
    while text.utf8.count < bytes {
      text +=
        "Sources/Cairn\(random.below(40))/File\(random.below(300)).swift:\(random.below(900)): "
      text += prose(bytes: 20 + Int(random.below(100)))
      text += "\\n"
    }
    return text
  }

  private mutating func hex(_ count: Int) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: (0..<count).map { _ in digits[Int(random.below(16))] }, as: UTF8.self)
  }

  private mutating func uuid() -> String {
    "01a2142b-\(hex(4))-7\(hex(3))-a\(hex(3))-\(hex(12))"
  }

  private mutating func base64(bytes: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8](repeating: 0, count: bytes)
    for index in 0..<bytes { out[index] = alphabet[Int(random.below(64))] }
    return String(decoding: out, as: UTF8.self)
  }

  private func pow10(_ exponent: Double) -> Double { Glibc.pow(10, exponent) }
}

/// SplitMix64: small, fast and seeded.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
  mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
}
