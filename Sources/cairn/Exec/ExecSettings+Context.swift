import CairnCore
import CairnEngine
import CairnProtocol
import Foundation

extension ExecSettings {
  /// The turn's context messages (role, text): the permissions and the environment, each
  /// left out when the history's newest one says the same (a resumed session in the same
  /// place), as Codex re-sends only what changed.
  func contextMessages(history: ModelHistory, now: Int64) -> [(String, String)] {
    let date = Date(timeIntervalSince1970: Double(now) / 1e9)
    let zone = TimeZone.current
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd"
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
          cwd: cwd, shell: shell, currentDate: formatter.string(from: date),
          timezone: Self.timeZoneName(fallback: zone.identifier))
      ),
    ]
    return wanted.filter { role, text in
      let marker = String(text.prefix { $0 != ">" })
      return Self.newest(in: history.items, role: role, prefix: marker) != text
    }
  }

  /// The IANA name of the local time zone, as Codex reports it: the target of
  /// /etc/localtime (`…/zoneinfo/Etc/UTC` → `Etc/UTC`), else Foundation's name.
  static func timeZoneName(fallback: String) -> String {
    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
      let range = target.range(of: "zoneinfo/")
    {
      return String(target[range.upperBound...])
    }
    return fallback
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
