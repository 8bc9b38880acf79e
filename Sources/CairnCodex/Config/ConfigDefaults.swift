/// The values Codex 0.147 uses when no layer sets them, for the keys users set most.
/// Codex derives some of them from the project's trust (`sandbox_mode` becomes
/// `workspace-write` in a trusted project); these are the defaults for an untrusted one.
/// Feature flag defaults come from the feature catalog instead (`cairn features list`).
public enum ConfigDefaults {
  public static let table = ConfigTable([
    ("model_provider", .string("openai")),
    ("approval_policy", .string("on-request")),
    ("sandbox_mode", .string("read-only")),
    (
      "sandbox_workspace_write",
      .table(
        ConfigTable([
          ("writable_roots", .array([])),
          ("network_access", .boolean(false)),
          ("exclude_tmpdir_env_var", .boolean(false)),
          ("exclude_slash_tmp", .boolean(false)),
        ]))
    ),
    ("shell_environment_policy", .table(ConfigTable([("inherit", .string("all"))]))),
    ("history", .table(ConfigTable([("persistence", .string("save-all"))]))),
    ("project_doc_max_bytes", .integer(32768)),
    ("hide_agent_reasoning", .boolean(false)),
    ("show_raw_agent_reasoning", .boolean(false)),
    ("allow_login_shell", .boolean(true)),
    ("check_for_update_on_startup", .boolean(true)),
  ])
}
