import CairnCodex
import CairnModel
import Foundation
import Testing

/// Provider resolution over real temporary CODEX_HOMEs with config.toml and auth.json files.
@Suite struct ModelProviderResolverTests {
  /// A fresh home with `config` as its config.toml (and `auth` as auth.json), removed after.
  func withHome<T>(
    config: String? = nil, auth: String? = nil, overrides: [String] = [], profile: String? = nil,
    files: [String: String] = [:], _ body: (EffectiveConfig, String) throws -> T
  ) throws -> T {
    var template = Array((NSTemporaryDirectory() + "cairn-model-home.XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw SetupFailure("mkdtemp failed") }
    let home = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: home) }
    if let config { try Data(config.utf8).write(to: URL(fileURLWithPath: home + "/config.toml")) }
    if let auth { try Data(auth.utf8).write(to: URL(fileURLWithPath: home + "/auth.json")) }
    for (name, text) in files {
      try Data(text.utf8).write(to: URL(fileURLWithPath: home + "/" + name))
    }
    let effective = try ConfigLoader.load(
      ConfigRequest(
        home: CodexHome(path: home, origin: .option), profile: profile, overrides: overrides),
      catalog: .embedded)
    return try body(effective, home)
  }

  struct SetupFailure: Error {
    let text: String
    init(_ text: String) { self.text = text }
  }

  func resolve(_ config: EffectiveConfig, _ home: String, _ environment: [String: String])
    -> Result<ResolvedModelProvider, ModelProviderError>
  {
    do {
      return .success(
        try ModelProviderResolver.resolve(config: config, environment: environment, codexHome: home)
      )
    } catch { return .failure(error) }
  }

  @Test func theBuiltInOpenAIProviderTakesOpenAIAPIKey() throws {
    try withHome { config, home in
      // A line end pasted with the key is not part of it.
      // $OPENAI_BASE_URL is ignored, as codex 0.147 ignores it.
      let provider = try resolve(
        config, home,
        ["OPENAI_API_KEY": "sk-env\r\n", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]
      ).get()
      #expect(provider.id == "openai")
      #expect(provider.name == "OpenAI")
      #expect(provider.isBuiltIn)
      #expect(provider.endpoint.responsesURL == "https://api.openai.com/v1/responses")
      #expect(provider.endpoint.apiKey?.bearerValue == "Bearer sk-env")
      #expect(provider.keySource == .environment("OPENAI_API_KEY"))
      #expect(provider.endpoint.headers == [HTTPHeader(name: "version", value: "0.147.0")])
      #expect(provider.endpoint.requestMaxRetries == 4)
      #expect(provider.endpoint.streamMaxRetries == 5)
      #expect(provider.endpoint.streamIdleTimeoutMilliseconds == 300_000)
      #expect(provider.notes.isEmpty)
    }
  }

  @Test func openAIBaseURLAndOrganisationHeadersApplyToTheBuiltIn() throws {
    try withHome(config: #"openai_base_url = "http://127.0.0.1:9/v1/""#) { config, home in
      let provider = try resolve(
        config, home,
        [
          "CODEX_API_KEY": "sk-codex", "OPENAI_API_KEY": "sk-openai",
          "OPENAI_ORGANIZATION": "org-1", "OPENAI_PROJECT": " ",
        ]
      ).get()
      #expect(provider.endpoint.responsesURL == "http://127.0.0.1:9/v1/responses")
      #expect(provider.keySource == .environment("CODEX_API_KEY"))
      // A blank variable leaves its header out, as in Codex.
      #expect(
        provider.endpoint.headers == [
          HTTPHeader(name: "version", value: "0.147.0"),
          HTTPHeader(name: "OpenAI-Organization", value: "org-1"),
        ])
    }
  }

  @Test func aCustomProviderBringsItsURLQueryHeadersAndRetrySettings() throws {
    let toml = """
      model_provider = "azure"
      [model_providers.azure]
      name = "Azure"
      base_url = "https://example.openai.azure.com/openai/"
      env_key = "AZURE_KEY"
      query_params = { api-version = "2025-04-01-preview", "x y" = "a&b" }
      http_headers = { "X-Static" = "static-value" }
      env_http_headers = { "X-From-Env" = "MY_HEADER_VAR", "X-Unset" = "UNSET_VAR" }
      request_max_retries = 2
      stream_max_retries = 7
      stream_idle_timeout_ms = 1234
      """
    try withHome(config: toml) { config, home in
      let provider = try resolve(
        config, home, ["AZURE_KEY": "az-secret", "MY_HEADER_VAR": "env-value"]
      ).get()
      #expect(provider.id == "azure")
      #expect(provider.name == "Azure")
      #expect(!provider.isBuiltIn)
      #expect(
        provider.endpoint.responsesURL
          == "https://example.openai.azure.com/openai/responses?api-version=2025-04-01-preview&x%20y=a%26b"
      )
      #expect(
        provider.endpoint.headers == [
          HTTPHeader(name: "X-Static", value: "static-value"),
          HTTPHeader(name: "X-From-Env", value: "env-value"),
        ])
      #expect(provider.endpoint.apiKey?.bearerValue == "Bearer az-secret")
      #expect(provider.keySource == .environment("AZURE_KEY"))
      #expect(provider.endpoint.requestMaxRetries == 2)
      #expect(provider.endpoint.streamMaxRetries == 7)
      #expect(provider.endpoint.streamIdleTimeoutMilliseconds == 1234)
    }
  }

  @Test func aProfileAndAnOverrideChooseTheProvider() throws {
    let toml = """
      [model_providers.local]
      name = "Local"
      base_url = "http://127.0.0.1:8080/v1"
      [model_providers.other]
      base_url = "http://127.0.0.1:8081/v1"
      """
    try withHome(
      config: toml, profile: "work", files: ["work.config.toml": #"model_provider = "local""#]
    ) { config, home in
      let provider = try resolve(config, home, [:]).get()
      #expect(provider.id == "local")
      #expect(provider.endpoint.responsesURL == "http://127.0.0.1:8080/v1/responses")
      #expect(provider.endpoint.apiKey == nil)
      #expect(provider.keySource == .none)
    }
    try withHome(config: toml, overrides: ["model_provider=\"other\""]) { config, home in
      let provider = try resolve(config, home, [:]).get()
      #expect(provider.id == "other")
      #expect(provider.name == "other")
      #expect(provider.endpoint.responsesURL == "http://127.0.0.1:8081/v1/responses")
    }
  }

  @Test func aMissingEnvKeyNamesTheVariableAndItsInstructions() throws {
    let toml = """
      model_provider = "acme"
      [model_providers.acme]
      base_url = "https://acme.example/v1"
      env_key = "ACME_API_KEY"
      env_key_instructions = "Create one at https://acme.example/keys."
      """
    try withHome(config: toml) { config, home in
      let result = resolve(config, home, ["ACME_API_KEY": "   ", "OPENAI_API_KEY": "sk-unused"])
      let expected = ModelProviderError.missingAPIKey(
        provider: "acme", variable: "ACME_API_KEY",
        instructions: "Create one at https://acme.example/keys.")
      #expect(throws: expected) { try result.get() }
      #expect(expected.description.contains("`ACME_API_KEY`"))
      #expect(expected.description.contains("https://acme.example/keys"))
    }
  }

  @Test func openAIWithNoKeyAnywhereAsksForOpenAIAPIKey() throws {
    try withHome { config, home in
      guard case .failure(let error) = resolve(config, home, ["HOME": "/nowhere"]) else {
        Issue.record("resolved without a key")
        return
      }
      guard case .missingAPIKey("openai", "OPENAI_API_KEY", _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(error.description.contains("OPENAI_API_KEY"))
      #expect(error.description.contains(home + "/auth.json"))
    }
  }

  @Test func theChatWireAPIIsNotSupportedYet() throws {
    let toml = """
      model_provider = "old"
      [model_providers.old]
      base_url = "http://127.0.0.1:1/v1"
      wire_api = "chat"
      """
    try withHome(config: toml) { config, home in
      guard case .failure(let error) = resolve(config, home, [:]),
        case .unsupportedWireAPI("old", "chat", let setIn) = error
      else {
        Issue.record("expected unsupportedWireAPI")
        return
      }
      #expect(setIn.contains(home + "/config.toml"))
      #expect(error.description.contains("not support yet"))
      #expect(error.description.contains("`old`"))
    }
  }

  @Test func anAPIKeyAuthFileSuppliesTheKey() throws {
    try withHome(auth: #"{"auth_mode":"apikey","OPENAI_API_KEY":"sk-from-file"}"#) { config, home in
      let provider = try resolve(config, home, [:]).get()
      #expect(provider.endpoint.apiKey?.bearerValue == "Bearer sk-from-file")
      #expect(provider.keySource == .authFile(path: home + "/auth.json"))
    }
  }

  @Test func aChatGPTLoginIsRefusedWithWhatToDoInstead() throws {
    let auth =
      #"{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"x","access_token":"y","refresh_token":"z"}}"#
    try withHome(auth: auth) { config, home in
      let expected = ModelProviderError.chatGPTLoginUnsupported(authFile: home + "/auth.json")
      #expect(throws: expected) { try resolve(config, home, [:]).get() }
      #expect(
        expected.description.hasPrefix(
          "ChatGPT login is not supported yet; set OPENAI_API_KEY or use an API-key auth.json"))
      // The environment's key still wins over the file, as for an API-key file.
      let provider = try resolve(config, home, ["OPENAI_API_KEY": "sk-env"]).get()
      #expect(provider.keySource == .environment("OPENAI_API_KEY"))
    }
  }

  @Test func aBrokenAuthFileIsReportedWithoutQuotingIt() throws {
    try withHome(auth: "sk-not-json-secret") { config, home in
      guard case .failure(let error) = resolve(config, home, [:]) else {
        Issue.record("resolved")
        return
      }
      #expect(
        error == .unreadableAuthFile(path: home + "/auth.json", reason: "is not a JSON object"))
      #expect(!error.description.contains("sk-not-json-secret"))
    }
  }

  @Test func anUnknownProviderListsTheKnownOnes() throws {
    try withHome(
      config:
        "model_provider = \"nope\"\n[model_providers.mine]\nbase_url = \"http://127.0.0.1:1\"\n"
    ) {
      config, home in
      guard case .failure(let error) = resolve(config, home, [:]),
        case .unknownProvider("nope", _, let known) = error
      else {
        Issue.record("expected unknownProvider")
        return
      }
      #expect(known == ["openai", "ollama", "lmstudio", "amazon-bedrock", "mine"])
    }
  }

  @Test func aBuiltInCannotBeRedefinedAndLocalServersNeedNoKey() throws {
    let toml = """
      model_provider = "ollama"
      [model_providers.ollama]
      base_url = "http://example.invalid/v1"
      """
    try withHome(config: toml) { config, home in
      let provider = try resolve(config, home, ["CODEX_OSS_PORT": "11500"]).get()
      #expect(provider.endpoint.responsesURL == "http://localhost:11500/v1/responses")
      #expect(provider.endpoint.apiKey == nil)
      #expect(provider.notes.count == 1)
      #expect(provider.notes.first?.contains("[model_providers.ollama]") == true)
    }
    try withHome(config: #"model_provider = "lmstudio""#) { config, home in
      let provider = try resolve(config, home, [:]).get()
      #expect(provider.endpoint.responsesURL == "http://localhost:1234/v1/responses")
    }
  }

  @Test func amazonBedrockIsNotSupportedYet() throws {
    try withHome(config: #"model_provider = "amazon-bedrock""#) { config, home in
      guard case .failure(.unsupportedProvider("amazon-bedrock", _)) = resolve(config, home, [:])
      else {
        Issue.record("expected unsupportedProvider")
        return
      }
    }
  }
}
