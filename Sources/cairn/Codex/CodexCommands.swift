import ArgumentParser
import CairnCodex

/// Codex's commands, in the order `codex --help` lists them (then the hidden ones). The
/// root command adds them to Cairn's own.
enum CodexCommands {
  static let all: [ParsableCommand.Type] = [
    ExecCommand.self, ReviewCommand.self, LoginCommand.self, LogoutCommand.self,
    McpCommand.self, PluginCommand.self, McpServerCommand.self, AppServerCommand.self,
    RemoteControlCommand.self, CompletionCommand.self, UpdateCommand.self, DoctorCommand.self,
    SandboxCommand.self, DebugCommand.self, ApplyCommand.self, ResumeCommand.self,
    ArchiveCommand.self, DeleteCommand.self, UnarchiveCommand.self, ForkCommand.self,
    CloudCommand.self, ExecServerCommand.self, ExecPolicyCommand.self,
    FeaturesCommand.self, CodexInteractiveCommand.self,
  ]

  static let rootDiscussion = """
    Without a subcommand, cairn starts an interactive session (PROMPT and the session \
    options: `cairn tui --help`). Codex's global options -c/--config, --enable and \
    --disable are accepted before or after any subcommand. A Codex command Cairn does not \
    run yet exits with status \(CairnExitCode.notSupported) and says why (docs/CLI.md); \
    `cairn parity` shows what is covered.
    """
}

/// The root's Codex status is the interactive session's; `-V/--version` works.
extension Cairn: CodexParityDescribed {
  static var codexParity: CodexParity { CodexInteractiveCommand.codexParity }
  static var codexArgumentParity: [String: CodexParity] {
    ["--version": .partial(missing: "prints Cairn's version, not a codex-cli version")]
  }
}
