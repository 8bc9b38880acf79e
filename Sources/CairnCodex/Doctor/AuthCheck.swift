import CairnCore
import Foundation

/// `auth.credentials`: whether credentials exist — `$CODEX_HOME/auth.json` (what
/// `codex login` writes), `OPENAI_API_KEY`, `CODEX_API_KEY` — and whether auth.json is
/// private to its owner.
///
/// It reports presence only: no value, length or prefix of a credential ever enters the
/// check, so no rendering of it can leak one.
public enum AuthCheck {
  public static let name = "auth.credentials"
  /// The environment variables Codex reads an API key from.
  public static let keyVariables = ["OPENAI_API_KEY", "CODEX_API_KEY"]
  /// auth.json is a few hundred bytes; a larger file is not read.
  static let authFileBytesMax = 1 << 20
  /// The `auth_mode` values Codex writes (0.147 writes `apikey` and `chatgpt`).
  static let knownAuthModes: Set<String> = ["apikey", "api_key", "chatgpt", "chatgpt_auth_tokens"]

  /// What auth.json holds, by the names of its members (never their values).
  struct StoredAuth: Equatable {
    var mode: String?
    var apiKey = false
    var chatGPTTokens = false
  }

  public static func run(
    home: CodexHome, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> DoctorCheck {
    var facts = [DoctorCheck.Fact("auth_file", home.authFile)]
    var problems: [(detail: String, fix: String)] = []
    var sources: [String] = []

    var info = stat()
    if stat(home.authFile, &info) != 0 {
      facts.append(DoctorCheck.Fact("auth_file_present", .bool(false)))
    } else {
      facts.append(DoctorCheck.Fact("auth_file_present", .bool(true)))
      let mode = info.st_mode & 0o7777
      facts.append(DoctorCheck.Fact("auth_file_mode", "0" + String(mode, radix: 8)))
      if info.st_mode & S_IFMT != S_IFREG {
        problems.append(
          ("\(home.authFile) is not a regular file", "remove it and run `codex login` again"))
      } else {
        if mode & 0o077 != 0 {
          problems.append(
            (
              "\(home.authFile) is open to other users (mode 0\(String(mode, radix: 8)))",
              "`chmod 600 \(home.authFile)`"
            ))
        }
        switch readStoredAuth(home.authFile) {
        case .success(let stored):
          facts += [
            DoctorCheck.Fact("stored_auth_mode", stored.mode.map { .string($0) } ?? .null),
            DoctorCheck.Fact("stored_api_key", .bool(stored.apiKey)),
            DoctorCheck.Fact("stored_chatgpt_tokens", .bool(stored.chatGPTTokens)),
          ]
          if stored.apiKey { sources.append("an API key in auth.json") }
          if stored.chatGPTTokens { sources.append("ChatGPT tokens in auth.json") }
          if !stored.apiKey && !stored.chatGPTTokens {
            problems.append(
              ("\(home.authFile) holds no API key and no ChatGPT tokens", "run `codex login`"))
          }
        case .failure(let reason):
          problems.append(("\(home.authFile) \(reason)", "run `codex login` to rewrite it"))
        }
      }
    }

    for variable in keyVariables {
      let value = environment[variable]
      let state = value == nil ? "not set" : (value!.isEmpty ? "set but empty" : "set")
      facts.append(DoctorCheck.Fact(variable, state))
      if let value, !value.isEmpty { sources.append("$\(variable)") }
    }

    if sources.isEmpty {
      problems.insert(
        (
          "no credentials found",
          "run `codex login` (or `codex login --with-api-key`), or set OPENAI_API_KEY"
        ), at: 0)
    }
    if let first = problems.first {
      let detail = ([first.detail] + problems.dropFirst().map(\.detail)).joined(separator: "; ")
      let fix = problems.map(\.fix).joined(separator: "; ")
      return DoctorCheck(name: name, status: .warning, detail: detail, fix: fix, facts: facts)
    }
    return DoctorCheck(
      name: name, status: .ok, detail: "found " + sources.joined(separator: ", "), facts: facts)
  }

  /// The members of auth.json that say what kind of credential it holds; a reason when it
  /// cannot be read. The reason never quotes the file.
  static func readStoredAuth(_ path: String) -> Result<StoredAuth, ReadFailure> {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .failure(ReadFailure("cannot be read"))
    }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: authFileBytesMax + 1) ?? Data() else {
      return .failure(ReadFailure("cannot be read"))
    }
    guard data.count <= authFileBytesMax else {
      return .failure(ReadFailure("is larger than \(authFileBytesMax) bytes"))
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      return .failure(ReadFailure("is not a JSON object"))
    }
    var stored = StoredAuth()
    // The mode is shown only when it is a name Codex writes: any other text is not echoed,
    // since it could be anything, a key included.
    if let mode = object["auth_mode"] as? String {
      stored.mode = knownAuthModes.contains(mode) ? mode : "unrecognised"
    }
    if let key = object["OPENAI_API_KEY"] as? String, !key.isEmpty { stored.apiKey = true }
    if let tokens = object["tokens"] as? [String: Any], !tokens.isEmpty {
      stored.chatGPTTokens = true
    }
    return .success(stored)
  }

  struct ReadFailure: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
