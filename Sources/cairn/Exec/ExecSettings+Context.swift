import CairnCore
import CairnEngine
import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

extension ExecSettings {
  /// The turn's context messages (role, text): the permissions and the environment, each
  /// left out when the history's newest one says the same (a resumed session in the same
  /// place), as Codex re-sends only what changed.
  func contextMessages(history: ModelHistory, now: Int64) -> [(String, String)] {
    // Glibc rather than Foundation's date formatting: loading ICU costs ~15 ms at start.
    var seconds = time_t(now / 1_000_000_000)
    var local = tm()
    localtime_r(&seconds, &local)
    let date =
      "\(1900 + local.tm_year)-" + Self.twoDigits(Int(local.tm_mon) + 1) + "-"
      + Self.twoDigits(Int(local.tm_mday))
    let shell =
      ProcessEnvironment.current["SHELL"].map { String($0.split(separator: "/").last ?? "bash") }
      ?? "bash"
    let wanted = [
      (
        "developer",
        TurnContextMessages.permissions(
          approval: approvalPolicy, sandbox: sandboxMode, writableRoots: writableRoots)
      ),
      (
        "user",
        TurnContextMessages.environment(
          cwd: cwd, shell: shell, currentDate: date, timezone: Self.timeZoneName())
      ),
    ]
    return wanted.filter { role, text in
      let marker = String(text.prefix { $0 != ">" })
      return Self.newest(in: history.items, role: role, prefix: marker) != text
    }
  }

  /// The IANA name of the local time zone, as Codex reports it: `TZ` when it names one,
  /// else the target of /etc/localtime (`…/zoneinfo/Etc/UTC` → `Etc/UTC`), else `Etc/UTC`.
  static func timeZoneName() -> String {
    if let value = getenv("TZ").map({ String(cString: $0) }), value.contains("/"),
      !value.hasPrefix("/")
    {
      return value.hasPrefix(":") ? String(value.dropFirst()) : value
    }
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/etc/localtime", &buffer, buffer.count - 1)
    if count > 0 {
      let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if let range = target.firstRange(of: "zoneinfo/") {
        return String(target[range.upperBound...])
      }
    }
    return "Etc/UTC"
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  private static func newest(in items: [ResponseInputItem], role: String, prefix: String) -> String?
  {
    for item in items.reversed() {
      guard case .message(let message) = item, message.role == role else { continue }
      for part in message.content {
        if case .inputText(let text) = part, text.hasPrefix(prefix) { return text }
      }
    }
    return nil
  }
}
