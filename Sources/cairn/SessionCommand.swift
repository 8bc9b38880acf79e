import ArgumentParser

/// `cairn session …`: the sessions of a Cairn home.
struct SessionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "session",
    abstract: "Create, list, inspect, resume and replay sessions.",
    discussion: """
      Sessions live in a home directory: --home DIR, else $CAIRN_HOME, else ~/.cairn \
      (docs/SESSION_STORE.md). Exit codes: 0 success, 1 I/O error or no such session, \
      2 corruption or a replay that disagrees with a checkpoint, 4 the session is locked by \
      another writer, 64 usage error or a refused command.
      """,
    subcommands: [
      SessionCreateCommand.self, SessionListCommand.self, SessionShowCommand.self,
      SessionRenameCommand.self, SessionArchiveCommand.self, SessionUnarchiveCommand.self,
      SessionResumeCommand.self, SessionResumePlanCommand.self, SessionReplayCommand.self,
      SessionCompactReplaySeedCommand.self, SessionCompactSummaryCommand.self,
      SessionPruneCompactionsCommand.self, SessionForkCommand.self, SessionDeleteCommand.self,
      SessionSummarizeCommand.self,
      SessionChangesCommand.self,
    ]
  )
}

/// `--home` and `--json`, shared by every session command.
struct HomeOptions: ParsableArguments {
  @Option(help: "The Cairn home (default: $CAIRN_HOME, else ~/.cairn).")
  var home: String?

  @Flag(help: "Print the result as JSON.")
  var json = false
}
