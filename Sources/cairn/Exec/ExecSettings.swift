import CairnCodex
import CairnCore
import CairnEngine
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// The settings of one exec run, from the effective config and the flags, as Codex
/// layers them: flags over `-c` over profile over config.toml over defaults.
struct ExecSettings {
  var cwd: String
  var model: String
  var providerID: String
  var approvalPolicy: ApprovalPolicy
  var sandboxMode: SandboxMode
  var reasoningEffort: String?
  var reasoningSummary: String?
  var verbosity: String?
  /// What requests carry: the configured values, else the model family's defaults (Codex
  /// sends `reasoning.effort` medium and `text.verbosity` low for gpt-5 models unasked).
  var requestEffort: String?
  var requestVerbosity: String?
  var contextWindow: Int
  var autoCompactTokenLimit: Int?
  var writableRoots: [String]
  /// The `default_permissions` profile's policy, when it decides the sandbox (no
  /// `--sandbox` flag and no `sandbox_mode` anywhere in the config).
  var permissionsPolicy: SandboxPolicy?

  /// Codex 0.147's default model.
  static let defaultModel = "gpt-5.5"
  /// The context window Codex reports for its default models (`model_context_window`).
  static let defaultContextWindow = 258_400

  static func load(
    _ request: ConfigRequest, ignoreUserConfig: Bool, catalog: FeatureCatalog
  ) throws -> CodexConfig {
    var request = request
    if ignoreUserConfig { request.ignoreUserConfig = true }
    return CodexConfig(try ConfigLoader.load(request, catalog: catalog))
  }

  init(config: CodexConfig, run: CodexRunOptions) throws {
    try self.init(
      config: config, cd: run.cd, model: run.model, sandbox: run.sandbox?.mode,
      bypassApprovalsAndSandbox: run.dangerouslyBypassApprovalsAndSandbox, addDir: run.addDir)
  }

  /// The settings for the flags' values given directly: servers resolve a thread's
  /// settings this way, without parsing arguments (ArgumentParser's reflection costs
  /// milliseconds per parse).
  init(
    config: CodexConfig, cd: String?, model wantedModel: String?, sandbox: SandboxMode?,
    bypassApprovalsAndSandbox: Bool = false, addDir: [String] = []
  ) throws {
    let directory = try Self.workingDirectory(cd)
    cwd = directory
    model = wantedModel ?? config.model ?? Self.defaultModel
    providerID = config.modelProvider
    // exec never stops to ask: Codex runs it with approval `never`.
    approvalPolicy = .never
    if bypassApprovalsAndSandbox {
      sandboxMode = .dangerFullAccess
    } else if let sandbox {
      sandboxMode = sandbox
    } else {
      switch config.sandboxMode {
      case .workspaceWrite: sandboxMode = .workspaceWrite
      case .dangerFullAccess: sandboxMode = .dangerFullAccess
      case .readOnly: sandboxMode = .readOnly
      case nil:
        // As Codex: a project the user trusts (`[projects."<dir>"] trust_level`) defaults
        // to workspace-write, anything else to read-only.
        sandboxMode = Self.isTrusted(directory, config: config) ? .workspaceWrite : .readOnly
      }
    }
    if sandbox == nil && !bypassApprovalsAndSandbox,
      let permissions = try config.defaultPermissionsPolicy(
        workingDirectory: directory, environment: ProcessEnvironment.current)
    {
      for warning in permissions.warnings { StandardError.write("warning: \(warning)\n") }
      permissionsPolicy = permissions.policy
      sandboxMode =
        switch permissions.policy.mode {
        case .readOnly: .readOnly
        case .workspaceWrite: .workspaceWrite
        case .dangerFullAccess: .dangerFullAccess
        }
    }
    reasoningEffort = config.modelReasoningEffort?.rawValue
    reasoningSummary = config.modelReasoningSummary
    verbosity = config.modelVerbosity?.rawValue
    let family = Self.family(of: model)
    requestEffort = reasoningEffort ?? family.effort
    requestVerbosity = verbosity ?? family.verbosity
    contextWindow = config.modelContextWindow.map { Int(clamping: $0) } ?? Self.defaultContextWindow
    autoCompactTokenLimit = config.modelAutoCompactTokenLimit.map { Int(clamping: $0) }
    writableRoots = [directory] + addDir.map { Self.absolute($0, in: directory) }
  }

  /// Records what differs from the session's settings (a resumed session keeps its own
  /// unless the flags or config say otherwise).
  func apply(to engine: SessionEngine) throws {
    guard let session = engine.state.session else { return }
    let change = SettingsChanged(
      model: session.model == model ? nil : model,
      reasoningEffort: session.reasoningEffort == reasoningEffort ? nil : reasoningEffort,
      approvalPolicy: session.approvalPolicy == approvalPolicy ? nil : approvalPolicy,
      sandboxMode: session.sandboxMode == sandboxMode ? nil : sandboxMode,
      cwd: session.cwd == cwd ? nil : cwd)
    if change.model != nil || change.reasoningEffort != nil || change.approvalPolicy != nil
      || change.sandboxMode != nil || change.cwd != nil
    {
      try engine.send(.changeSettings(change))
    }
  }

  /// Codex's banner fields, in its order.
  func banner(sessionID: SessionID) -> String {
    ExecHumanRenderer.banner(
      version:
        "Cairn \(CairnVersionOption.version.split(separator: " ").last ?? "") (Codex 0.147 compatible)",
      fields: [
        ("workdir", cwd), ("model", model), ("provider", providerID),
        ("approval", approvalPolicy.codexName), ("sandbox", sandboxMode.codexName),
        ("reasoning effort", reasoningEffort ?? "none"),
        ("reasoning summaries", reasoningSummary ?? "none"),
        ("session id", sessionID.rawValue),
      ])
  }

  /// Codex's per-family request defaults: reasoning models get effort medium, gpt-5
  /// models verbosity low; others neither.
  static func family(of model: String) -> (effort: String?, verbosity: String?) {
    if model.hasPrefix("gpt-5") { return ("medium", "low") }
    if model.hasPrefix("o1") || model.hasPrefix("o3") || model.hasPrefix("o4") {
      return ("medium", nil)
    }
    return (nil, nil)
  }

  /// Whether the directory, or the Git work tree it is in, is a trusted project.
  static func isTrusted(_ directory: String, config: CodexConfig) -> Bool {
    let trusted = Set(config.projects.filter { $0.trustLevel == .trusted }.map(\.path))
    guard !trusted.isEmpty else { return false }
    if trusted.contains(directory) { return true }
    return GitRepository.root(of: directory).map { trusted.contains($0) } ?? false
  }

  static func workingDirectory(_ option: String?) throws -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard let current = getcwd(&buffer, buffer.count) else {
      throw ExecFailure("cannot read the current directory: \(String(cString: strerror(errno)))")
    }
    let base = String(cString: current)
    guard let option else { return base }
    let path = absolute(option, in: base)
    guard let resolved = realpath(path, nil) else {
      throw ExecFailure("-C \(option): \(String(cString: strerror(errno)))")
    }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func absolute(_ path: String, in base: String) -> String {
    path.hasPrefix("/") ? path : base + "/" + path
  }
}

/// A usage or environment error of `exec`, printed as `cairn exec: …` with status 1.
struct ExecFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension ApprovalPolicy {
  var codexName: String {
    switch self {
    case .untrusted: "untrusted"
    case .onRequest: "on-request"
    case .onFailure: "on-failure"
    case .never: "never"
    }
  }
}

extension SandboxMode {
  var codexName: String {
    switch self {
    case .readOnly: "read-only"
    case .workspaceWrite: "workspace-write"
    case .dangerFullAccess: "danger-full-access"
    }
  }
}
