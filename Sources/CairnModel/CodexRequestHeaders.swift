#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The headers Codex 0.147 sends with each Responses request (CODEX_OBSERVED.md §5), built
/// for Cairn. docs/MODEL_RUNTIME.md, "Headers".
///
/// Cairn sends `originator: codex_exec`, the value Codex's own `exec` sends, so a provider
/// that keys behaviour off the originator treats Cairn as it treats `codex exec`; its
/// `user-agent` has Codex's shape but names Cairn first (`userAgent(cairnVersion:…)`).
public enum CodexRequestHeaders {
  /// The originator Codex's `exec` sends.
  public static let execOriginator = "codex_exec"
  /// The Codex version Cairn follows.
  public static let codexVersion = "0.147.0"

  /// In order: `authorization` (when there is a key), `originator`, `user-agent`, `accept:
  /// text/event-stream`, `content-type: application/json`, `session-id`, `thread-id` and
  /// `x-client-request-id` (all the thread id), `x-codex-window-id` and, when given,
  /// `x-codex-turn-metadata` (a compact JSON object).
  public static func make(
    apiKey: APIKey?, threadID: String, windowID: String, originator: String = execOriginator,
    userAgent: String, turnMetadataJSON: String?
  ) -> [HTTPHeader] {
    var headers: [HTTPHeader] = []
    if let apiKey { headers.append(HTTPHeader(name: "authorization", value: apiKey.bearerValue)) }
    headers += [
      HTTPHeader(name: "originator", value: originator),
      HTTPHeader(name: "user-agent", value: userAgent),
      HTTPHeader(name: "accept", value: "text/event-stream"),
      HTTPHeader(name: "content-type", value: "application/json"),
      HTTPHeader(name: "session-id", value: threadID),
      HTTPHeader(name: "thread-id", value: threadID),
      HTTPHeader(name: "x-client-request-id", value: threadID),
      HTTPHeader(name: "x-codex-window-id", value: windowID),
    ]
    if let turnMetadataJSON {
      headers.append(HTTPHeader(name: "x-codex-turn-metadata", value: turnMetadataJSON))
    }
    return headers
  }

  /// `cairn/<version> (<os> <os version>; <arch>) <terminal> (codex_exec; 0.147.0)`: Codex's
  /// user-agent shape (`codex_exec/0.147.0 (Debian 12.0.0; x86_64) xterm (codex_exec;
  /// 0.147.0)`) with Cairn's name and version first. Characters a header cannot carry are
  /// replaced by `_`.
  public static func userAgent(
    cairnVersion: String, operatingSystem: String, architecture: String, terminal: String,
    originator: String = execOriginator
  ) -> String {
    let text =
      "cairn/\(cairnVersion) (\(operatingSystem); \(architecture)) \(terminal) "
      + "(\(originator); \(codexVersion))"
    return String(
      text.map { $0.isASCII && ($0 == " " || !$0.isWhitespace) && $0 != "\u{7F}" ? $0 : "_" })
  }

  /// `userAgent` for this machine: the OS from /etc/os-release (`NAME VERSION_ID`), the
  /// architecture from uname, the terminal from `TERM_PROGRAM` or `TERM` in `environment`.
  public static func userAgent(cairnVersion: String, environment: [String: String]) -> String {
    let terminal =
      environment["TERM_PROGRAM"].flatMap { $0.isEmpty ? nil : $0 }
      ?? environment["TERM"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    return userAgent(
      cairnVersion: cairnVersion, operatingSystem: SystemDescription.operatingSystem(),
      architecture: SystemDescription.architecture(), terminal: terminal)
  }
}

/// What the user-agent says about the machine.
enum SystemDescription {
  static func architecture() -> String {
    var names = utsname()
    guard uname(&names) == 0 else { return "unknown" }
    return withUnsafeBytes(of: &names.machine) { bytes in
      String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
  }

  /// `NAME VERSION_ID` from /etc/os-release, e.g. `Debian GNU/Linux 12`; `Linux` without it.
  static func operatingSystem() -> String {
    guard let text = readSmallFile("/etc/os-release") else { return "Linux" }
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      var value = line[line.index(after: equals)...]
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = value.dropFirst().dropLast()
      }
      fields[String(line[..<equals])] = String(value)
    }
    let name = fields["NAME"] ?? "Linux"
    return fields["VERSION_ID"].map { "\(name) \($0)" } ?? name
  }

  private static func readSmallFile(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 8192)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { return nil }
    return String(decoding: bytes.prefix(count), as: UTF8.self)
  }
}
