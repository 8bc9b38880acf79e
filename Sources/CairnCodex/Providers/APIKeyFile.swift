import CairnModel
import Foundation

/// Reads the API key from `$CODEX_HOME/auth.json`, read-only. `codex login --with-api-key`
/// writes `{"auth_mode":"apikey","OPENAI_API_KEY":"sk-…"}`; a ChatGPT login writes
/// `auth_mode: "chatgpt"` and `tokens`, which Cairn cannot use yet.
enum APIKeyFile {
  /// auth.json is a few hundred bytes; a larger file is refused unread.
  static let bytesMax = 1 << 20

  enum Contents: Equatable {
    case missing
    case apiKey(APIKey)
    case chatGPTLogin
    /// Neither a key nor a ChatGPT login.
    case empty
  }

  static func read(_ path: String) throws(ModelProviderError) -> Contents {
    guard FileManager.default.fileExists(atPath: path) else { return .missing }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadableAuthFile(path: path, reason: "cannot be opened")
    }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: bytesMax + 1) ?? Data() else {
      throw .unreadableAuthFile(path: path, reason: "cannot be read")
    }
    guard data.count <= bytesMax else {
      throw .unreadableAuthFile(path: path, reason: "is larger than \(bytesMax) bytes")
    }
    // The reason never quotes the file: it holds secrets.
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw .unreadableAuthFile(path: path, reason: "is not a JSON object")
    }
    let mode = (object["auth_mode"] as? String)?.lowercased()
    if mode == "chatgpt" || mode == "chatgpt_auth_tokens" { return .chatGPTLogin }
    if let key = object["OPENAI_API_KEY"] as? String,
      let usable = BuiltInModelProviders.nonBlank(key)
    {
      return .apiKey(APIKey(usable.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    if let tokens = object["tokens"] as? [String: Any], !tokens.isEmpty { return .chatGPTLogin }
    return .empty
  }
}
