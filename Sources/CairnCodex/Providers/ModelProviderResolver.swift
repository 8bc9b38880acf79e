import CairnModel
import Foundation

/// Resolves the model provider a run uses, the way Codex 0.147 does (docs/MODEL_RUNTIME.md,
/// "Providers and auth"):
///
/// 1. the id: `model_provider` from the effective config (profiles and `-c` included), else
///    `openai`;
/// 2. the definition: Codex's built-ins (`openai`, `ollama`, `lmstudio`, `amazon-bedrock`)
///    win over a `[model_providers.ID]` table of the same id; any other id needs its table;
/// 3. the key: the provider's `env_key` (required when set), else its
///    `experimental_bearer_token`, else, for providers that need OpenAI auth (`openai`, or
///    `requires_openai_auth = true`), `CODEX_API_KEY`, `OPENAI_API_KEY`, then the API key in
///    `$CODEX_HOME/auth.json` (read-only); a ChatGPT login there is refused for now.
public enum ModelProviderResolver {
  public static func resolve(
    config: EffectiveConfig, environment: [String: String], codexHome: String
  ) throws(ModelProviderError) -> ResolvedModelProvider {
    let idPath = ConfigKeyPath(["model_provider"])
    let id = config.value(at: idPath)?.stringValue ?? "openai"
    let idSource = config.source(of: idPath)?.description ?? "default"
    let tablePath = ConfigKeyPath(["model_providers", id])
    let table = config.value(at: tablePath)?.tableValue
    let tableSource = config.source(of: tablePath)?.description ?? idSource
    var notes: [String] = []

    let definition: ModelProviderDefinition
    let isBuiltIn: Bool
    if let builtIn = BuiltInModelProviders.definition(
      id, openAIBaseURL: config.value(at: ConfigKeyPath(["openai_base_url"]))?.stringValue,
      environment: environment)
    {
      if id == "amazon-bedrock" {
        throw .unsupportedProvider(
          id: id, reason: "it signs requests with AWS SigV4, which Cairn does not do yet")
      }
      if table != nil {
        notes.append(
          "[model_providers.\(id)] (\(tableSource)) is ignored: `\(id)` is a built-in provider, "
            + "which config cannot redefine (as in Codex)"
            + (id == "openai" ? "; set openai_base_url to change its URL" : ""))
      }
      definition = builtIn
      isBuiltIn = true
    } else if let table {
      definition = configured(id: id, table: table)
      isBuiltIn = false
    } else {
      let configuredIDs =
        config.value(at: ConfigKeyPath(["model_providers"]))?.tableValue?.keys ?? []
      throw .unknownProvider(
        id: id, setIn: idSource,
        known: BuiltInModelProviders.ids
          + configuredIDs.filter { !BuiltInModelProviders.ids.contains($0) })
    }

    guard definition.wireAPI == "responses" else {
      throw .unsupportedWireAPI(provider: id, wireAPI: definition.wireAPI, setIn: tableSource)
    }
    var base = definition.baseURL ?? BuiltInModelProviders.openAIBaseURL
    guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
      throw .invalidBaseURL(provider: id, value: base, setIn: isBuiltIn ? "built in" : tableSource)
    }
    while base.hasSuffix("/") { base.removeLast() }

    let (key, keySource) = try apiKey(
      for: definition, id: id, environment: environment, codexHome: codexHome)

    var headers = definition.httpHeaders.map { HTTPHeader(name: $0.0, value: $0.1) }
    for (name, variable) in definition.envHTTPHeaders {
      // As in Codex: a variable that is unset or blank leaves the header out.
      if let value = environment[variable], BuiltInModelProviders.nonBlank(value) != nil {
        headers.removeAll { $0.isNamed(name) }
        headers.append(HTTPHeader(name: name, value: value))
      }
    }

    let endpoint = ModelEndpoint(
      providerID: id, providerName: definition.name,
      responsesURL: base + "/responses" + queryString(definition.queryParams, after: base),
      headers: headers, apiKey: key,
      requestMaxRetries: clampedRetries(
        definition.requestMaxRetries, default: ModelEndpoint.requestMaxRetriesDefault),
      streamMaxRetries: clampedRetries(
        definition.streamMaxRetries, default: ModelEndpoint.streamMaxRetriesDefault),
      streamIdleTimeoutMilliseconds: definition.streamIdleTimeoutMilliseconds.flatMap {
        $0 > 0 ? Int(clamping: $0) : nil
      } ?? ModelEndpoint.streamIdleTimeoutMillisecondsDefault)
    return ResolvedModelProvider(
      endpoint: endpoint, wireAPI: definition.wireAPI, baseURL: base, keySource: keySource,
      isBuiltIn: isBuiltIn, notes: notes)
  }

  /// Resolves with the config of a `CodexConfig`.
  public static func resolve(
    config: CodexConfig, environment: [String: String], codexHome: String
  ) throws(ModelProviderError) -> ResolvedModelProvider {
    try resolve(config: config.effective, environment: environment, codexHome: codexHome)
  }

  /// Codex caps both retry counts at 100.
  static let retriesMax: Int64 = 100

  private static func clampedRetries(_ value: Int64?, default fallback: Int) -> Int {
    guard let value else { return fallback }
    return Int(min(max(value, 0), retriesMax))
  }

  private static func configured(id: String, table: ConfigTable) -> ModelProviderDefinition {
    func pairs(_ key: String) -> [(String, String)] {
      (table[key]?.tableValue?.entries ?? []).compactMap { entry in
        entry.value.stringValue.map { (entry.key, $0) }
      }
    }
    return ModelProviderDefinition(
      name: table["name"]?.stringValue ?? id, baseURL: table["base_url"]?.stringValue,
      envKey: table["env_key"]?.stringValue.flatMap(BuiltInModelProviders.nonBlank),
      envKeyInstructions: table["env_key_instructions"]?.stringValue,
      bearerToken: table["experimental_bearer_token"]?.stringValue,
      wireAPI: table["wire_api"]?.stringValue ?? "responses",
      queryParams: pairs("query_params"), httpHeaders: pairs("http_headers"),
      envHTTPHeaders: pairs("env_http_headers"),
      requestMaxRetries: table["request_max_retries"]?.integerValue,
      streamMaxRetries: table["stream_max_retries"]?.integerValue,
      streamIdleTimeoutMilliseconds: table["stream_idle_timeout_ms"]?.integerValue,
      requiresOpenAIAuth: table["requires_openai_auth"]?.boolValue ?? false)
  }

  private static func apiKey(
    for definition: ModelProviderDefinition, id: String, environment: [String: String],
    codexHome: String
  ) throws(ModelProviderError) -> (APIKey?, ResolvedModelProvider.KeySource) {
    if let variable = definition.envKey {
      guard let value = environment[variable], let key = BuiltInModelProviders.nonBlank(value)
      else {
        throw .missingAPIKey(
          provider: id, variable: variable, instructions: definition.envKeyInstructions)
      }
      return (APIKey(key.trimmingCharacters(in: .whitespacesAndNewlines)), .environment(variable))
    }
    if let token = BuiltInModelProviders.nonBlank(definition.bearerToken) {
      return (APIKey(token.trimmingCharacters(in: .whitespacesAndNewlines)), .configBearerToken)
    }
    guard definition.requiresOpenAIAuth else { return (nil, .none) }
    for variable in ["CODEX_API_KEY", "OPENAI_API_KEY"] {
      if let value = environment[variable], let key = BuiltInModelProviders.nonBlank(value) {
        return (APIKey(key.trimmingCharacters(in: .whitespacesAndNewlines)), .environment(variable))
      }
    }
    let authFile = codexHome + "/auth.json"
    switch try APIKeyFile.read(authFile) {
    case .apiKey(let key): return (key, .authFile(path: authFile))
    case .chatGPTLogin: throw .chatGPTLoginUnsupported(authFile: authFile)
    case .missing, .empty:
      throw .missingAPIKey(
        provider: id, variable: "OPENAI_API_KEY",
        instructions: "Set it, or store an API key in \(authFile) with "
          + "`codex login --with-api-key`.")
    }
  }

  /// `?a=1&b=2` (or `&a=1…` when the base URL has a query already), percent-encoded, in the
  /// table's order.
  static func queryString(_ parameters: [(String, String)], after base: String) -> String {
    guard !parameters.isEmpty else { return "" }
    let joined = parameters.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }
      .joined(separator: "&")
    return (base.contains("?") ? "&" : "?") + joined
  }

  private static func percentEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
      }
    }
    return out
  }
}
