import ArgumentParser
import CairnLogFormat
import CairnStore

/// `cairn log generate DIR --records N --seed S`: a realistic, seeded log.
struct LogGenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a seeded log of agent-session-like records (same seed, same bytes).",
    discussion: """
      Records look like a session's events: prompts, streamed output and reasoning deltas, \
      tool calls, tool output and token counts, as JSON payloads of 100 to 500 bytes. Times, \
      segment salts and contents all come from the seed.
      """
  )

  @Argument(help: "The log directory to create (it must not hold records yet).")
  var directory: String

  @Option(help: "How many records to write.")
  var records: UInt64

  @Option(help: "The seed every byte derives from.")
  var seed: UInt64 = 1

  @Option(name: .customLong("min-payload"), help: "Smallest payload in bytes.")
  var payloadBytesMin: Int = 100

  @Option(name: .customLong("max-payload"), help: "Largest payload in bytes.")
  var payloadBytesMax: Int = 500

  @OptionGroup var tuning: LogTuningOptions

  func validate() throws {
    guard payloadBytesMin >= 0, payloadBytesMin <= payloadBytesMax else {
      throw ValidationError("--min-payload must be between 0 and --max-payload")
    }
  }

  func run() throws {
    try reportingFailures {
      // Refuse before opening a writer, whose recovery could otherwise change the log.
      let segments = try LogReader.segmentFileCount(directory: directory)
      guard segments == 0 else {
        throw LogError.invalidArgument(
          "\(directory) already holds a log (\(segments) segment files); generate writes a new "
            + "log: name an empty or missing directory")
      }
      let writer = try LogWriter(
        directory: directory,
        options: tuning.options(durability: .buffered, salts: .seeded(seed)))
      var source = SessionLikeRecords(
        seed: seed, payloadBytesRange: payloadBytesMin...payloadBytesMax)
      let progress = ProgressBar(label: "generating", total: records)
      for index in 0..<records {
        let record = source.next()!
        try writer.append(
          RecordDraft(
            recordedAtNanoseconds: record.recordedAtNanoseconds, kind: record.kind,
            schemaVersion: record.schemaVersion, flags: record.flags,
            causation: record.causation, payload: record.payload))
        if index & 0xFFFF == 0 { progress.update(index) }
      }
      try writer.close()
      progress.finish()
      StandardError.write("cairn: wrote \(records) records to \(directory)\n")
    }
  }
}
