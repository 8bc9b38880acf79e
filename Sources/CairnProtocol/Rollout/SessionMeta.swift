/// `session_meta`: line 1 of a rollout. Keys moved between versions (see
/// docs/CODEX_ROLLOUT.md): `instructions` up to 0.87, `base_instructions.text` from 0.106,
/// `session_id` beside `id` from 0.147. Instruction texts are measured, not kept.
public struct SessionMeta: Sendable, Equatable {
  /// The thread id (a UUIDv7), also the end of the file name.
  public var id: String?
  /// 0.147+: equal to `id`.
  public var sessionID: String?
  public var timestamp: String?
  public var cwd: String?
  /// `codex_exec`, `codex_cli_rs`, `codex_vscode`, …
  public var originator: String?
  /// The Codex version that started the session.
  public var cliVersion: String?
  /// `exec`, `cli`, `vscode`, or a description when Codex wrote an object.
  public var source: String?
  public var threadSource: String?
  public var modelProvider: String?
  /// Bytes of `instructions` (≤ 0.87) when it was a string.
  public var instructionsBytes: Int?
  /// Bytes of `base_instructions.text` (≥ 0.106).
  public var baseInstructionsBytes: Int?
  public var historyMode: String?
  public var forkedFromID: String?
  public var git: GitInfo?

  public init() {}
}

/// `session_meta.git`, present when the session started in a git repository.
public struct GitInfo: Sendable, Equatable {
  public var commitHash: String?
  public var branch: String?
  public var repositoryURL: String?

  public init(commitHash: String? = nil, branch: String? = nil, repositoryURL: String? = nil) {
    self.commitHash = commitHash
    self.branch = branch
    self.repositoryURL = repositoryURL
  }
}
