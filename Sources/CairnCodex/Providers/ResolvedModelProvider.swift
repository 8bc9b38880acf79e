import CairnModel

/// The model provider a run uses, resolved from config, environment and auth.json: what
/// the transport needs (`endpoint`) and what the user may be told about it.
public struct ResolvedModelProvider: Sendable {
  /// Where the API key came from (never the key itself).
  public enum KeySource: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable: the provider's `env_key`, `CODEX_API_KEY` or
    /// `OPENAI_API_KEY`.
    case environment(String)
    /// `OPENAI_API_KEY` in `$CODEX_HOME/auth.json`.
    case authFile(path: String)
    /// The provider's `experimental_bearer_token`.
    case configBearerToken
    /// The provider takes no key (a local server).
    case none

    public var description: String {
      switch self {
      case .environment(let name): "$\(name)"
      case .authFile(let path): path
      case .configBearerToken: "experimental_bearer_token"
      case .none: "no key"
      }
    }
  }

  public var endpoint: ModelEndpoint
  /// Always `responses` (other wire APIs are refused while resolving).
  public var wireAPI: String
  /// `base_url`, as configured or built in, without `/responses`.
  public var baseURL: String
  public var keySource: KeySource
  /// Whether the id names one of Codex's built-in providers.
  public var isBuiltIn: Bool
  /// Things worth a warning, e.g. a `[model_providers.openai]` table that Codex ignores.
  public var notes: [String]

  public var id: String { endpoint.providerID }
  public var name: String { endpoint.providerName }
}
