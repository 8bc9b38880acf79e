import ArgumentParser
import CairnCodex

/// The session an archive, unarchive or delete acts on.
struct CodexSessionArgument: ParsableArguments {
  @Argument(
    help: ArgumentHelp("The session's id (a UUID, tried first) or name.", valueName: "SESSION"))
  var session: String
}

/// `cairn archive SESSION`.
struct ArchiveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive", abstract: "Archive a recorded session, by id or name.")

  static let codexParity = CodexParity.notSupported(
    reason: "archiving Codex and Cairn sessions here is not built yet (issue 4, part 4); "
      + "`cairn session archive` archives Cairn sessions")

  @OptionGroup var session: CodexSessionArgument
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
}

/// `cairn unarchive SESSION`.
struct UnarchiveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "unarchive", abstract: "Bring an archived session back, by id or name.")

  static let codexParity = CodexParity.notSupported(
    reason: "unarchiving Codex and Cairn sessions here is not built yet (issue 4, part 4); "
      + "`cairn session unarchive` unarchives Cairn sessions")

  @OptionGroup var session: CodexSessionArgument
  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
}

/// `cairn delete SESSION`.
struct DeleteCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete a recorded session for good, by id or name.")

  static let codexParity = CodexParity.notSupported(
    reason: "deleting Codex and Cairn sessions here is not built yet (issue 4, part 4); "
      + "`cairn session delete` deletes Cairn sessions")

  @OptionGroup var session: CodexSessionArgument

  @Flag(help: "Delete without asking; SESSION must then be a UUID.")
  var force = false

  @OptionGroup var remote: CodexRemoteOptions
  @OptionGroup var strictConfig: CodexStrictConfigOption
  @OptionGroup var run: CodexRunOptions
}
