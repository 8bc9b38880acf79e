import ArgumentParser
import CairnCodex

/// The session an archive, unarchive or delete acts on.
struct CodexSessionArgument: ParsableArguments {
  @Argument(
    help: ArgumentHelp("The session's id (a UUID, tried first) or name.", valueName: "SESSION"))
  var session: String
}

/// `cairn archive SESSION`.
struct ArchiveCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "archive", abstract: "Archive a recorded session, by id or name.")

  static let codexParity = SessionManagementParity.command
  static let codexArgumentParity = SessionManagementParity.arguments

  @OptionGroup var session: CodexSessionArgument
  @OptionGroup var sessions: MixedSessionOptions
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions

  func run() throws { try SessionManagement(options: sessions).archive(session.session) }
}

/// `cairn unarchive SESSION`.
struct UnarchiveCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "unarchive", abstract: "Bring an archived session back, by id or name.")

  static let codexParity = SessionManagementParity.command
  static let codexArgumentParity = SessionManagementParity.arguments

  @OptionGroup var session: CodexSessionArgument
  @OptionGroup var sessions: MixedSessionOptions
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions

  func run() throws { try SessionManagement(options: sessions).unarchive(session.session) }
}

/// `cairn delete SESSION`.
struct DeleteCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete a recorded session for good, by id or name.")

  static let codexParity = SessionManagementParity.command
  static let codexArgumentParity = SessionManagementParity.arguments

  @OptionGroup var session: CodexSessionArgument
  @OptionGroup var sessions: MixedSessionOptions

  @Flag(help: "Delete without asking; SESSION must then be a UUID.")
  var force = false

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var runOptions: CodexRunOptions

  func run() throws {
    try SessionManagement(options: sessions).delete(session.session, force: force)
  }
}

/// The global options these commands take change nothing about moving a session, as in
/// Codex, where they configure a session that is never started.
enum SessionManagementParity {
  static let command = CodexParity.partial(
    missing: "Codex's SQLite index (state_5.sqlite) is not updated: the rollout files and "
      + "session_index.jsonl change as Codex changes them")
  static let arguments: [String: CodexParity] = [
    "--remote": .notSupported(reason: "remote app servers are not supported yet"),
    "--remote-auth-token-env": .notSupported(reason: "remote app servers are not supported yet"),
  ]
}
