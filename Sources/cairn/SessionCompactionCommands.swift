import ArgumentParser
import CairnCore
import CairnEngine

#if canImport(Glibc)
  import Glibc
#endif

private func artifactJSON(_ id: String, _ artifact: CompactionArtifactRecorded, lastSeq: UInt64)
  -> JSONValue
{
  .object([
    ("session_id", .string(id)), ("artifact_id", .string(artifact.artifactID)),
    ("kind", .string(artifact.kind.rawValue)),
    ("checkpoint_seq", .uint(artifact.checkpointSeq.rawValue)),
    ("ranges", .array(artifact.ranges.map { $0.json })), ("last_seq", .uint(lastSeq)),
  ])
}

struct SessionCompactReplaySeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compact-replay-seed",
    abstract: "Record a replay-seed artifact: a checkpoint plus references to event ranges.")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let engine = try SessionEngine.open(
        home: home, sessionID: sessionID, clock: wallClockNanoseconds)
      let artifact = try Compactions.recordReplaySeed(engine)
      try engine.close()
      if options.json {
        print(
          artifactJSON(sessionID.rawValue, artifact, lastSeq: engine.state.lastSeq.rawValue).text)
      } else {
        print("\(sessionID): recorded \(artifact.artifactID) (state at \(artifact.checkpointSeq))")
      }
    }
  }
}

struct SessionCompactSummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compact-summary",
    abstract: "Record a semantic-summary artifact from a file of summary text.")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String
  @Option(help: "The file holding the summary text (UTF-8).") var summaryFile: String

  func run() throws {
    try reportingSessionFailures {
      guard let handle = fopen(summaryFile, "rb") else {
        throw ValidationError(
          "cannot read --summary-file \(summaryFile): \(String(cString: strerror(errno)))")
      }
      defer { fclose(handle) }
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let got = fread(&buffer, 1, buffer.count, handle)
        if got == 0 { break }
        bytes += buffer[0..<got]
        guard bytes.count <= 16 << 20 else {
          throw ValidationError("--summary-file \(summaryFile) is larger than 16 MiB")
        }
      }
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw ValidationError("--summary-file \(summaryFile) is not valid UTF-8")
      }
      let (home, sessionID) = try existingSession(options, id)
      let engine = try SessionEngine.open(
        home: home, sessionID: sessionID, clock: wallClockNanoseconds)
      let artifact = try Compactions.recordSummary(engine, text: text)
      try engine.close()
      if options.json {
        print(
          artifactJSON(sessionID.rawValue, artifact, lastSeq: engine.state.lastSeq.rawValue).text)
      } else {
        print("\(sessionID): recorded \(artifact.artifactID)")
      }
    }
  }
}

struct SessionPruneCompactionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune-compactions",
    abstract:
      "Remove all but the latest K compaction artifacts of each kind (a dry run unless --apply).")

  @OptionGroup var options: HomeOptions
  @Argument(help: "The session id.") var id: String
  @Option(help: "How many artifacts of each kind to keep.") var keepLatestPerKind: Int
  @Flag(help: "Remove the files; without it, only list them.") var apply = false

  func validate() throws {
    guard keepLatestPerKind >= 0 else {
      throw ValidationError("--keep-latest-per-kind cannot be negative")
    }
  }

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let files = try Compactions.prune(
        directory: home.sessionDirectory(sessionID), keepLatestPerKind: keepLatestPerKind,
        apply: apply)
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(sessionID.rawValue)), ("applied", .bool(apply)),
            (apply ? "removed" : "would_remove", .array(files.map { .string($0) })),
          ]).text)
        return
      }
      for file in files { print("\(apply ? "removed" : "would remove") \(file)") }
      if files.isEmpty { print("\(sessionID): nothing to prune") }
      if !apply && !files.isEmpty { print("(dry run: add --apply to remove them)") }
    }
  }
}
