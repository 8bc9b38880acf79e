import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine

/// `cairn exec`: one non-interactive run. Its options are declared here, once, and apply
/// to `exec resume` and `exec review` too (the argument parser gives a parent's options
/// to the parent wherever they appear); the prompt lives in a hidden default subcommand.
struct ExecCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "exec",
    abstract: "Run an agent without the terminal UI and print what it did.",
    usage: """
      cairn exec [<options>] [PROMPT]
      cairn exec [<options>] <subcommand>
      """,
    discussion: """
      The prompt comes from the PROMPT argument, or from stdin when it is missing or `-`; \
      with both, stdin is added to the prompt as a <stdin> block. Progress goes to stderr \
      and the final answer to stdout; with --json, stdout carries Codex's event stream \
      instead. The exit status is 0 when the turn completed and 1 when it failed. \
      The session is kept in the Cairn home (see `cairn session list`) unless --ephemeral.
      """,
    subcommands: [ExecResumeCommand.self, ExecReviewCommand.self, ExecPromptCommand.self],
    defaultSubcommand: ExecPromptCommand.self,
    aliases: ["e"])

  static let codexParity = CodexParity.partial(
    missing: "--oss, --approve-for-me, hooks, exec-policy rules, the PTY and the "
      + "bubblewrap sandbox (commands run as plain processes; the sandbox mode is honoured by "
      + "refusing commands it would stop)")
  static let codexArgumentParity: [String: CodexParity] = [
    "--oss": .notSupported(reason: "local providers need their own setup, not built yet"),
    "--local-provider": .notSupported(
      reason: "local providers need their own setup, not built yet"),
    "--approve-for-me": .notSupported(reason: "the automatic approval reviewer is not built yet"),
    "--dangerously-bypass-hook-trust": .notSupported(reason: "hooks are not supported yet"),
    "--ignore-rules": .partial(missing: "exec-policy rules are not loaded at all yet"),
  ]

  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
  @OptionGroup var output: CodexExecOutputOptions

  @Option(
    help: ArgumentHelp(
      "When to color the output: always, never or auto.", valueName: "COLOR"))
  var color: String?

  @Option(
    help: ArgumentHelp(
      "The Cairn home for the session (default: $CAIRN_HOME, else ~/.cairn).", valueName: "DIR"))
  var home: String?

  /// Refuses what parses but does not run yet, before anything else happens.
  func checkSupported() throws {
    if run.oss || run.localProvider != nil {
      throw CodexNotSupported(
        commandLine: "cairn exec --oss", reason: "local providers are not built yet"
      ).reported()
    }
    if run.approveForMe {
      throw CodexNotSupported(
        commandLine: "cairn exec --approve-for-me",
        reason: "the automatic approval reviewer is not built yet"
      ).reported()
    }
    if let color, !["always", "never", "auto"].contains(color) {
      throw ValidationError("--color takes always, never or auto, not \(color)")
    }
  }

  func execRun(root: Cairn, prompt: String, resume: SessionID?) -> ExecRun {
    var request = ConfigRequest(
      home: CodexHome.resolve(option: nil), overrides: root.overrides.config,
      enabledFeatures: root.overrides.enabledFeatures,
      disabledFeatures: root.overrides.disabledFeatures)
    request.profile = run.profile.profile
    return ExecRun(
      codexHome: request.home, configRequest: request, run: run, output: output, cairnHome: home,
      prompt: prompt, color: color, resume: resume)
  }
}

/// Runs an exec (or terminal UI) body: usage errors and failures become `PREFIX: …` and
/// status 1; the run's own status otherwise.
func reportingExecFailures(prefix: String = "cairn exec", _ body: () throws -> Int32) throws {
  let status: Int32
  do {
    status = try body()
  } catch let error as ExitCode {
    throw error
  } catch let error as ValidationError {
    throw error
  } catch {
    StandardError.write("\(prefix): \(error)\n")
    throw ExitCode(1)
  }
  if status != 0 { throw ExitCode(status) }
}

/// `cairn exec [PROMPT]`: the run itself (hidden; see `ExecCommand`).
struct ExecPromptCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run one prompt.", shouldDisplay: false)

  static let codexParity = ExecCommand.codexParity

  @ParentCommand var root: Cairn
  @ParentCommand var exec: ExecCommand

  @Argument(
    help: ArgumentHelp(
      "What the agent should do; `-` or nothing reads it from stdin.", valueName: "PROMPT"))
  var prompt: String?

  func run() throws {
    try exec.checkSupported()
    try reportingExecFailures {
      let text = try ExecPrompt.read(argument: prompt)
      return try exec.execRun(root: root, prompt: text, resume: nil).execute()
    }
  }
}

/// `cairn exec resume`: continue a recorded session non-interactively.
struct ExecResumeCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a session, by id or name, or the latest one with --last.",
    discussion: """
      Continues a Cairn session, or a Codex session imported with `cairn import codex`. \
      The model gets the session's history (from its newest compaction on) and the new prompt.
      """)

  static let codexParity = CodexParity.partial(missing: "the same as exec")

  @ParentCommand var root: Cairn
  @ParentCommand var exec: ExecCommand

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID) or name; leave out with --last.", valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(
    help: ArgumentHelp(
      "The prompt to send after resuming; `-` reads it from stdin.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Pick the most recent session, without a picker.")
  var last = false

  @Flag(help: "Consider sessions from every directory, not only the current one.")
  var all = false

  func run() throws {
    try exec.checkSupported()
    try reportingExecFailures {
      // With --last the one argument is the prompt.
      let query = last ? nil : sessionID
      let promptArgument = last ? (prompt ?? sessionID) : prompt
      guard last || query != nil else {
        throw ExecFailure("give a session id or name, or --last")
      }
      let text = try ExecPrompt.read(argument: promptArgument)
      let home = CairnHome.resolve(explicit: exec.home)
      let session = try ExecSessionFinder.find(
        query: query, home: home, cwd: try ExecSettings.workingDirectory(exec.run.cd), all: all)
      return try exec.execRun(root: root, prompt: text, resume: session).execute()
    }
  }
}

/// `cairn exec review`: a code review of the repository, non-interactively.
struct ExecReviewCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "review", abstract: "Review the current repository's changes.")

  static let codexParity = CodexParity.notSupported(
    reason: "code reviews need review prompts and targets, not built yet")

  @OptionGroup var target: CodexReviewTarget
}
