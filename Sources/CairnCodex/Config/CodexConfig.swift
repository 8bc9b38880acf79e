/// Typed access to the keys Codex users set, over an ``EffectiveConfig``. Accessors return
/// nil for a missing key and for a value of the wrong type (the loader reports those as
/// diagnostics with their file and position).
public struct CodexConfig: Sendable {
  public var effective: EffectiveConfig

  public init(_ effective: EffectiveConfig) { self.effective = effective }

  public enum ApprovalPolicy: String, Sendable, CaseIterable {
    case untrusted
    case onFailure = "on-failure"
    case onRequest = "on-request"
    case granular
    case never
  }

  public enum SandboxMode: String, Sendable, CaseIterable {
    case readOnly = "read-only"
    case workspaceWrite = "workspace-write"
    case dangerFullAccess = "danger-full-access"
  }

  public enum ReasoningEffort: String, Sendable, CaseIterable {
    case none, minimal, low, medium, high, xhigh
  }

  public enum Verbosity: String, Sendable, CaseIterable {
    case low, medium, high
  }

  public enum WebSearchMode: String, Sendable, CaseIterable {
    case disabled, cached, live
  }

  public enum TrustLevel: String, Sendable, CaseIterable {
    case trusted, untrusted
  }

  public enum EnvironmentInheritance: String, Sendable, CaseIterable {
    case core, all, none
  }

  public struct ModelProvider: Equatable, Sendable {
    public var id: String
    public var name: String?
    public var baseURL: String?
    public var envKey: String?
    public var wireAPI: String?
    public var queryParams: [String: String]
    public var httpHeaders: [String: String]
    public var envHTTPHeaders: [String: String]
    public var requestMaxRetries: Int64?
    public var streamMaxRetries: Int64?
    public var streamIdleTimeoutMilliseconds: Int64?
    public var requiresOpenAIAuth: Bool
    /// A literal bearer token: Codex discourages it in favour of `env_key`.
    public var experimentalBearerToken: String?
  }

  public struct MCPServer: Equatable, Sendable {
    public enum Transport: Equatable, Sendable {
      case stdio(command: String, arguments: [String], environment: [String: String], cwd: String?)
      case streamableHTTP(url: String, bearerTokenEnvVar: String?, httpHeaders: [String: String])
    }

    public var name: String
    /// Nil when the table has neither `command` nor `url`.
    public var transport: Transport?
    public var enabled: Bool
    public var startupTimeoutSeconds: Double?
    public var toolTimeoutSeconds: Double?
    public var enabledTools: [String]?
    public var disabledTools: [String]?
  }

  public struct SandboxWorkspaceWrite: Equatable, Sendable {
    public var writableRoots: [String]
    public var networkAccess: Bool
    public var excludeTmpdirEnvVar: Bool
    public var excludeSlashTmp: Bool

    public init(
      writableRoots: [String], networkAccess: Bool, excludeTmpdirEnvVar: Bool,
      excludeSlashTmp: Bool
    ) {
      self.writableRoots = writableRoots
      self.networkAccess = networkAccess
      self.excludeTmpdirEnvVar = excludeTmpdirEnvVar
      self.excludeSlashTmp = excludeSlashTmp
    }
  }

  public struct ShellEnvironmentPolicy: Equatable, Sendable {
    public var inherit: EnvironmentInheritance?
    public var ignoreDefaultExcludes: Bool?
    public var exclude: [String]
    public var includeOnly: [String]
    public var set: [String: String]
    public var experimentalUseProfile: Bool?
  }

  public struct Project: Equatable, Sendable {
    public var path: String
    public var trustLevel: TrustLevel?

    public init(path: String, trustLevel: TrustLevel?) {
      self.path = path
      self.trustLevel = trustLevel
    }
  }
}
