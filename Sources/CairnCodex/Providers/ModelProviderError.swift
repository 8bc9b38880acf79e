/// Why no usable model provider could be resolved. Each message says what to do.
public enum ModelProviderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `model_provider` names a provider that is neither built in nor in `model_providers`.
  case unknownProvider(id: String, setIn: String, known: [String])
  /// The provider's `wire_api` is not `responses`.
  case unsupportedWireAPI(provider: String, wireAPI: String, setIn: String)
  /// A provider Cairn cannot talk to yet (Amazon Bedrock's AWS signing).
  case unsupportedProvider(id: String, reason: String)
  /// No API key: `variable` is the environment variable to set.
  case missingAPIKey(provider: String, variable: String, instructions: String?)
  /// auth.json holds a ChatGPT login, which Cairn cannot use yet.
  case chatGPTLoginUnsupported(authFile: String)
  /// auth.json exists but cannot be used.
  case unreadableAuthFile(path: String, reason: String)
  /// `base_url` is not an http(s) URL.
  case invalidBaseURL(provider: String, value: String, setIn: String)

  public var description: String {
    switch self {
    case .unknownProvider(let id, let setIn, let known):
      "model provider `\(id)` (model_provider in \(setIn)) is not defined: add a "
        + "[model_providers.\(id)] table to config.toml, or use one of "
        + known.map { "`\($0)`" }.joined(separator: ", ")
    case .unsupportedWireAPI(let provider, let wireAPI, let setIn):
      "model provider `\(provider)` uses wire_api = \"\(wireAPI)\" (\(setIn)), which Cairn "
        + "does not support yet: only the Responses API (wire_api = \"responses\") is supported"
    case .unsupportedProvider(let id, let reason):
      "model provider `\(id)` is not supported yet: \(reason)"
    case .missingAPIKey(let provider, let variable, let instructions):
      "Missing environment variable: `\(variable)` (the API key of model provider "
        + "`\(provider)`)." + (instructions.map { " \($0)" } ?? " Set it and try again.")
    case .chatGPTLoginUnsupported(let authFile):
      "ChatGPT login is not supported yet; set OPENAI_API_KEY or use an API-key auth.json "
        + "(\(authFile) holds a ChatGPT login; `codex login --with-api-key` writes an API-key one)"
    case .unreadableAuthFile(let path, let reason):
      "\(path) \(reason); set OPENAI_API_KEY, or rewrite it with `codex login --with-api-key`"
    case .invalidBaseURL(let provider, let value, let setIn):
      "model provider `\(provider)` has base_url \"\(value)\" (\(setIn)), which is not an "
        + "http:// or https:// URL"
    }
  }
}
