import CairnCore
import CairnEngine
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// The fixture of `cairn bench list`: a Codex home of seeded rollouts shaped like 0.147's
/// (a ~22 KB `session_meta` line, context messages, the prompt as `user_message`, an
/// answer, token counts; ~40 KB each) dated across 300 days with their modification times
/// set, and a Cairn home of seeded native sessions made by the real engine.
enum ListFixture {
  static let startSeconds: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
  static let projects = ["/home/user/work", "/home/user/api", "/srv/site", "/home/user/notes"]

  static func uuid(_ random: inout SplitMix64, version: UInt64) -> String {
    let high = (random.next() & 0xFFFF_FFFF_FFFF_0FFF) | (version << 12)
    let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    func hex(_ value: UInt64, _ digits: Int) -> String {
      let text = String(value, radix: 16)
      return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
    return hex(high >> 32, 8) + "-" + hex((high >> 16) & 0xFFFF, 4) + "-" + hex(high & 0xFFFF, 4)
      + "-" + hex(low >> 48, 4) + "-" + hex(low & 0xFFFF_FFFF_FFFF, 12)
  }

  static func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  /// `YYYY`, `MM`, `DD`, `hh-mm-ss` and an ISO time with milliseconds for `seconds`.
  static func dateParts(_ seconds: Int64) -> (String, String, String, String, String) {
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    let year = pad(Int64(parts.tm_year) + 1900, 4)
    let month = pad(Int64(parts.tm_mon) + 1, 2)
    let day = pad(Int64(parts.tm_mday), 2)
    let clock =
      "\(pad(Int64(parts.tm_hour), 2))-\(pad(Int64(parts.tm_min), 2))-\(pad(Int64(parts.tm_sec), 2))"
    let iso =
      "\(year)-\(month)-\(day)T\(pad(Int64(parts.tm_hour), 2)):\(pad(Int64(parts.tm_min), 2)):"
      + "\(pad(Int64(parts.tm_sec), 2)).123Z"
    return (year, month, day, clock, iso)
  }

  /// Writes `count` rollouts under `codexHome/sessions`.
  static func writeCodexHome(_ codexHome: String, count: Int, seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    let instructions = String(
      repeating: "You are Codex, a coding agent. Follow the rules. ", count: 440)
    for number in 0..<count {
      let id = uuid(&random, version: 7)
      let start = startSeconds + Int64(random.next() % (300 * 86_400))
      let (year, month, day, clock, iso) = dateParts(start)
      let cwd = projects[Int(random.next() % UInt64(projects.count))]
      let directory = "\(codexHome)/sessions/\(year)/\(month)/\(day)"
      try makeDirectories(directory)
      let path = "\(directory)/rollout-\(year)-\(month)-\(day)T\(clock)-\(id).jsonl"
      let prompt = "fix the failing test number \(number) in \(cwd) and explain the cause"
      var text = ""
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"session_meta\",\"payload\":{\"session_id\":\"\(id)\",\"id\":\"\(id)\",\"timestamp\":\"\(iso)\",\"cwd\":\"\(cwd)\",\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.147.0\",\"source\":\"cli\",\"thread_source\":\"user\",\"model_provider\":\"openai\",\"base_instructions\":{\"text\":\"\(instructions)\"},\"history_mode\":\"legacy\"}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"<permissions instructions>\(String(repeating: "sandbox rules ", count: 300))</permissions instructions>\"}]}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"<environment_context><cwd>\(cwd)</cwd><shell>bash</shell></environment_context>\"}]}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"event_msg\",\"payload\":{\"type\":\"task_started\",\"turn_id\":\"t1\",\"started_at\":\(start)}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"\(cwd)\",\"approval_policy\":\"on-request\",\"model\":\"gpt-5-codex\"}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"\(prompt)\"}]}}\n"
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"event_msg\",\"payload\":{\"type\":\"user_message\",\"message\":\"\(prompt)\",\"images\":[]}}\n"
      for _ in 0..<3 {
        text +=
          "{\"timestamp\":\"\(iso)\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"\(String(repeating: "The test failed because the fixture was stale. ", count: 60))\"}]}}\n"
        text +=
          "{\"timestamp\":\"\(iso)\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":1200,\"output_tokens\":300,\"total_tokens\":1500}}}}\n"
      }
      text +=
        "{\"timestamp\":\"\(iso)\",\"type\":\"event_msg\",\"payload\":{\"type\":\"task_complete\",\"turn_id\":\"t1\"}}\n"
      try write(Array(text.utf8), to: path)
      let updated = start + Int64(random.next() % 86_400)
      var times = [
        timespec(tv_sec: Int(updated), tv_nsec: 0), timespec(tv_sec: Int(updated), tv_nsec: 0),
      ]
      guard utimensat(AT_FDCWD, path, &times, 0) == 0 else {
        throw BenchmarkError.system("utimensat \(path)", errno)
      }
    }
  }

  /// Creates `count` native sessions in `cairnHome` with the real engine (buffered writes:
  /// the listing reads the catalog, not how durably the logs were written).
  static func writeCairnHome(_ cairnHome: String, count: Int, seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    let home = CairnHome(root: cairnHome)
    var options = EngineOptions()
    options.log.durability = .buffered
    for _ in 0..<count {
      let id = uuid(&random, version: 4)
      let cwd = projects[Int(random.next() % UInt64(projects.count))]
      let created = (startSeconds + Int64(random.next() % (300 * 86_400))) * 1_000_000_000
      let engine = try SessionEngine.create(
        home: home,
        SessionCreated(
          sessionID: SessionID(id), cwd: cwd, model: "gpt-5-codex", provider: "openai",
          approvalPolicy: .onRequest, sandboxMode: .workspaceWrite, origin: nil),
        options: options, clock: { created })
      try engine.close()
    }
  }

  static func makeDirectories(_ path: String) throws {
    if BenchFiles.exists(path) { return }
    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
      try makeDirectories(String(path[..<slash]))
    }
    try BenchFiles.makeDirectory(path)
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw BenchmarkError.system("create \(path)", errno) }
    defer { close(descriptor) }
    let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
    guard written == bytes.count else { throw BenchmarkError.system("write \(path)", errno) }
  }
}
