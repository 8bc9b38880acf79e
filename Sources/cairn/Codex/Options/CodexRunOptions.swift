import ArgumentParser

/// How a session runs the model and its commands: model, provider, sandbox and working
/// directories. Shared by the interactive session, `exec`, `resume`, `fork` and the
/// session-management commands (Codex accepts them on all of these).
struct CodexRunOptions: ParsableArguments {
  @Option(
    name: [.customShort("i"), .customLong("image")], parsing: .upToNextOption,
    help: ArgumentHelp("Images to attach to the first prompt.", valueName: "FILE"))
  var images: [String] = []

  @Option(name: .shortAndLong, help: ArgumentHelp("The model to use.", valueName: "MODEL"))
  var model: String?

  @Flag(help: "Use a local open-source model provider.")
  var oss = false

  @Option(
    help: ArgumentHelp(
      "The local provider for --oss: lmstudio or ollama (default: from config, else ask).",
      valueName: "OSS_PROVIDER"))
  var localProvider: String?

  @OptionGroup var profile: CodexProfileOption

  @Option(
    name: [.customShort("s"), .customLong("sandbox")],
    help: ArgumentHelp(
      "The sandbox for shell commands the model runs.", valueName: "SANDBOX_MODE"))
  var sandbox: CodexSandboxMode?

  @Flag(help: "Let an automatic reviewer answer approval requests, in the workspace-write sandbox.")
  var approveForMe = false

  @Flag(
    help: """
      Run every command without asking and without a sandbox. Only for machines that are \
      sandboxed from the outside.
      """)
  var dangerouslyBypassApprovalsAndSandbox = false

  @Flag(help: "Run enabled hooks even if their trust was never recorded. Only for vetted hooks.")
  var dangerouslyBypassHookTrust = false

  @Option(
    name: [.customShort("C"), .customLong("cd")],
    help: ArgumentHelp("The directory the agent works in.", valueName: "DIR"))
  var cd: String?

  @Option(
    help: ArgumentHelp(
      "Another directory the agent may write, besides the working one; repeatable.",
      valueName: "DIR"))
  var addDir: [String] = []
}
