import ArgumentParser
import CairnCodex
import CairnTerminal

/// `cairn resume`: continue a recorded session in the terminal UI.
struct ResumeCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a recorded session (a picker, or --last for the latest).",
    discussion: """
      On a terminal, opens the session (an id, a name or a unique id prefix; --last for \
      the latest; else the picker) in the interactive session (docs/TUI.md). Without a \
      terminal (or with --json): without a session, lists the sessions the picker would \
      offer, native and Codex together, newest first; with one, loads a native session \
      and prints how it resumed. A Codex session must be imported first (`cairn import \
      codex FILE`).
      """)

  static let codexParity = CodexParity.partial(
    missing: "a Codex session needs `cairn import codex` first; the picker lists native "
      + "sessions only")
  static let codexArgumentParity: [String: CodexParity] = SessionPickerParity.arguments

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID, tried first) or name; leave out for the picker or --last.",
      valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(help: ArgumentHelp("A first prompt after resuming.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Take the latest session, without the picker.")
  var last = false

  @Flag(help: "Show sessions from every directory, with their directory.")
  var all = false

  @Flag(help: "Also offer sessions of non-interactive runs (exec), in the picker and for --last.")
  var includeNonInteractive = false

  @ParentCommand var root: Cairn

  @OptionGroup var sessions: MixedSessionOptions
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions

  func run() throws {
    let filter = PickerFilter(
      all: all, includeNonInteractive: includeNonInteractive,
      cwd: PickerFilter.workingDirectory(cd: runOptions.cd))
    let picker = SessionPicker(
      verb: "resume", sessionID: sessionID, prompt: prompt, last: last, filter: filter,
      options: sessions, command: Self.self)
    if TerminalDevice.standard() != nil, !sessions.home.json {
      try picker.runInTerminal(
        root: root, run: runOptions, remote: remote, interactive: interactive, fork: false)
      return
    }
    try picker.run { mixed, target in
      try SessionPicker.resumeNative(target, mixed, json: sessions.home.json)
    }
  }
}

/// `cairn fork`: start a new session from a recorded one's history.
struct ForkCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "fork",
    abstract: "Start a new session from a recorded one (a picker, or --last for the latest).",
    discussion: """
      On a terminal, forks the session (an id; --last for the latest; else the picker) at \
      its last event and opens the fork in the interactive session (docs/TUI.md). Without \
      a terminal (or with --json): without a session, lists the sessions the picker would \
      offer; with one, forks a native session and prints the new id. A Codex session must \
      be imported first (`cairn import codex FILE`).
      """)

  static let codexParity = CodexParity.partial(
    missing: "a Codex session needs `cairn import codex` first; the picker lists native "
      + "sessions only")
  static let codexArgumentParity: [String: CodexParity] = SessionPickerParity.arguments

  @Argument(
    help: ArgumentHelp(
      "The session's id (a UUID); leave out for the picker or --last.", valueName: "SESSION_ID"))
  var sessionID: String?

  @Argument(help: ArgumentHelp("A first prompt for the new session.", valueName: "PROMPT"))
  var prompt: String?

  @Flag(help: "Fork the latest session, without the picker.")
  var last = false

  @Flag(help: "Show sessions from every directory, with their directory.")
  var all = false

  @ParentCommand var root: Cairn

  @OptionGroup var sessions: MixedSessionOptions
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions
  @OptionGroup var interactive: CodexInteractiveOptions

  func run() throws {
    let filter = PickerFilter(
      all: all, includeNonInteractive: false, cwd: PickerFilter.workingDirectory(cd: runOptions.cd))
    let picker = SessionPicker(
      verb: "fork", sessionID: sessionID, prompt: prompt, last: last, filter: filter,
      options: sessions, command: Self.self)
    if TerminalDevice.standard() != nil, !sessions.home.json {
      try picker.runInTerminal(
        root: root, run: runOptions, remote: remote, interactive: interactive, fork: true)
      return
    }
    try picker.run { mixed, target in
      try SessionPicker.forkNative(target, mixed, json: sessions.home.json)
    }
  }
}

/// The flags of `resume` and `fork` that do something here, and the ones that wait for the
/// model runtime and the terminal UI (parsed, not acted on).
enum SessionPickerParity {
  static let waiting = CodexParity.implemented
  static let arguments: [String: CodexParity] = [
    "<SESSION_ID>": .implemented,
    "<PROMPT>": .partial(missing: "runs in the terminal UI; without a terminal it is refused"),
    "--last": .implemented, "--all": .implemented, "--include-non-interactive": .implemented,
    "--cd": .implemented, "--config": waiting, "--enable": waiting, "--disable": waiting,
    "--remote": .notSupported(reason: "remote app servers are not supported yet"),
    "--remote-auth-token-env": .notSupported(reason: "remote app servers are not supported yet"),
    "--image": .notSupported(
      reason: "images in the terminal UI's first prompt are not supported yet"),
    "--model": waiting,
    "--oss": .notSupported(reason: "local providers are not built yet"),
    "--local-provider": .notSupported(reason: "local providers are not built yet"),
    "--profile": waiting, "--sandbox": waiting,
    "--approve-for-me": .notSupported(reason: "the automatic approval reviewer is not built yet"),
    "--dangerously-bypass-approvals-and-sandbox": waiting,
    "--dangerously-bypass-hook-trust": waiting, "--add-dir": waiting,
    "--ask-for-approval": waiting,
    "--search": .notSupported(reason: "the web search tool is not supported yet"),
    "--no-alt-screen": waiting,
    "--strict-config": waiting,
  ]
}
