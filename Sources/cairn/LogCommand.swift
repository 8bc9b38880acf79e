import ArgumentParser

/// `cairn log …`: a domain-free view of a log directory, for debugging and for tests.
struct LogCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "Append to, read, verify, repair and measure a segmented event log.",
    discussion: """
      Exit codes: 0 success or clean, 1 I/O error, unsupported format version or a writer stopped by a failed write, \
      2 corruption (the message names the segment and offset), 3 torn tail only (verify), \
      4 the log is locked by another writer (the message names its pid), 64 usage error.
      The format is specified in docs/LOG_FORMAT.md.
      """,
    subcommands: [
      LogAppendCommand.self, LogCatCommand.self, LogVerifyCommand.self, LogRepairCommand.self,
      LogStatsCommand.self, LogGenerateCommand.self,
    ]
  )
}
