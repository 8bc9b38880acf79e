/// Everything the transport needs to reach one model provider's Responses endpoint, already
/// resolved from config and environment (`ModelProviderResolver` in CairnCodex builds it).
public struct ModelEndpoint: Sendable {
  /// The `model_providers` key, e.g. `openai`.
  public var providerID: String
  /// The provider's display name, e.g. `OpenAI`.
  public var providerName: String
  /// `base_url` + `/responses`, with the provider's `query_params` appended.
  public var responsesURL: String
  /// The provider's `http_headers`, then its `env_http_headers` whose variables are set.
  public var headers: [HTTPHeader]
  /// The key for `authorization: Bearer …`, when the provider uses one.
  public var apiKey: APIKey?
  /// `request_max_retries`: retries of one request on connect failures, 429 and 5xx.
  public var requestMaxRetries: Int
  /// `stream_max_retries`: the runtime's retries of a stream that ends before
  /// `response.completed`. The transport does not use it.
  public var streamMaxRetries: Int
  /// `stream_idle_timeout_ms`: no byte for this long ends the stream with `.idleTimeout`.
  public var streamIdleTimeoutMilliseconds: Int
  /// How long establishing the connection (TCP, TLS, proxy) may take.
  public var connectTimeoutMilliseconds: Int

  /// Codex 0.147's defaults: 4 request retries, 5 stream retries, a 300 s idle timeout.
  public static let requestMaxRetriesDefault = 4
  public static let streamMaxRetriesDefault = 5
  public static let streamIdleTimeoutMillisecondsDefault = 300_000
  public static let connectTimeoutMillisecondsDefault = 30_000

  public init(
    providerID: String, providerName: String, responsesURL: String, headers: [HTTPHeader] = [],
    apiKey: APIKey? = nil, requestMaxRetries: Int = Self.requestMaxRetriesDefault,
    streamMaxRetries: Int = Self.streamMaxRetriesDefault,
    streamIdleTimeoutMilliseconds: Int = Self.streamIdleTimeoutMillisecondsDefault,
    connectTimeoutMilliseconds: Int = Self.connectTimeoutMillisecondsDefault
  ) {
    self.providerID = providerID
    self.providerName = providerName
    self.responsesURL = responsesURL
    self.headers = headers
    self.apiKey = apiKey
    self.requestMaxRetries = requestMaxRetries
    self.streamMaxRetries = streamMaxRetries
    self.streamIdleTimeoutMilliseconds = streamIdleTimeoutMilliseconds
    self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
  }
}
