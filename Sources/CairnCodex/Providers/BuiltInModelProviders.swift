import CairnModel

/// One provider definition, built in or from a `[model_providers.ID]` table, before its
/// environment-dependent parts (key, env headers) are looked up.
struct ModelProviderDefinition: Sendable {
  var name: String
  var baseURL: String?
  var envKey: String?
  var envKeyInstructions: String?
  var bearerToken: String?
  var wireAPI = "responses"
  var queryParams: [(String, String)] = []
  var httpHeaders: [(String, String)] = []
  /// Header name, then the environment variable that holds its value.
  var envHTTPHeaders: [(String, String)] = []
  var requestMaxRetries: Int64?
  var streamMaxRetries: Int64?
  var streamIdleTimeoutMilliseconds: Int64?
  var requiresOpenAIAuth = false
}

/// Codex 0.147's built-in providers. A `[model_providers.ID]` table with one of these ids is
/// ignored, as Codex ignores it.
enum BuiltInModelProviders {
  static let ids = ["openai", "ollama", "lmstudio", "amazon-bedrock"]
  static let openAIBaseURL = "https://api.openai.com/v1"

  /// The definition of a built-in id; nil for any other id.
  static func definition(
    _ id: String, openAIBaseURL configured: String?, environment: [String: String]
  ) -> ModelProviderDefinition? {
    switch id {
    case "openai":
      // `openai_base_url` in config. Not `$OPENAI_BASE_URL`: older Codex versions read it,
      // but 0.147 ignores it (checked: with it set, codex 0.147 still calls
      // api.openai.com), and a variable that silently redirects requests carrying the key
      // is better not honoured behind the user's back.
      let base = nonBlank(configured) ?? openAIBaseURL
      return ModelProviderDefinition(
        name: "OpenAI", baseURL: base,
        httpHeaders: [("version", CodexRequestHeaders.codexVersion)],
        envHTTPHeaders: [
          ("OpenAI-Organization", "OPENAI_ORGANIZATION"), ("OpenAI-Project", "OPENAI_PROJECT"),
        ],
        requiresOpenAIAuth: true)
    case "ollama":
      return openSourceServer(defaultPort: 11434, environment: environment)
    case "lmstudio":
      return openSourceServer(defaultPort: 1234, environment: environment)
    case "amazon-bedrock":
      return ModelProviderDefinition(name: "Amazon Bedrock")
    default:
      return nil
    }
  }

  /// A local server (`ollama`, `lmstudio`): `CODEX_OSS_BASE_URL`, else
  /// `http://localhost:PORT/v1` with `CODEX_OSS_PORT` or the server's usual port; no key.
  private static func openSourceServer(defaultPort: Int, environment: [String: String])
    -> ModelProviderDefinition
  {
    let port = nonBlank(environment["CODEX_OSS_PORT"]).flatMap { UInt16($0) }.map(Int.init)
    let base =
      nonBlank(environment["CODEX_OSS_BASE_URL"])
      ?? "http://localhost:\(port ?? defaultPort)/v1"
    return ModelProviderDefinition(name: "gpt-oss", baseURL: base)
  }

  /// The value unless it is nil, empty or only whitespace (as Codex's `trim().is_empty()`).
  static func nonBlank(_ value: String?) -> String? {
    guard let value, value.utf8.contains(where: { !(0x09...0x0D).contains($0) && $0 != 0x20 })
    else { return nil }
    return value
  }
}
