import ArgumentParser
import CairnLogFormat
import CairnStore

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn log append DIR`: each line of stdin becomes one record.
struct LogAppendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "append",
    abstract: "Append each line of standard input to the log as one record (kind 0).",
    discussion: """
      The payload is the line's bytes without its newline. Records are numbered from 1 in \
      input order, continuing after the records already in the log. A batch commits when it \
      holds --batch records, when standard input has no more data ready, and at end of input.
      """
  )

  @Argument(help: "The log directory (created if missing).")
  var directory: String

  @Option(help: "When a batch counts as acknowledged: buffered, flush or fsync.")
  var durability: Durability = .fsync

  @Option(help: "Records per batch (one sync per batch with fsync).")
  var batch: Int = 1000

  @Flag(help: "After each batch is durable, print `acked N` (N = highest durable sequence number).")
  var ack = false

  @OptionGroup var tuning: LogTuningOptions

  func validate() throws {
    guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
  }

  func run() throws {
    try reportingFailures {
      let writer = try LogWriter(
        directory: directory, options: tuning.options(durability: durability))
      if let torn = writer.recovery.tornTail {
        StandardError.write(
          "cairn: \(directory): cut a torn tail of \(torn.bytesDropped) bytes from "
            + "\(torn.segment) at offset \(torn.offset) (\(torn.defect))\n")
      }
      let output = StandardOutput()
      var pending = 0
      var lineNumber = 0
      func commit() throws {
        let acked = try writer.commit()
        pending = 0
        if ack {
          try output.write("acked \(acked.rawValue)\n")
          try output.flush()
        }
      }
      let reader = LineReader(descriptor: 0, lineBytesMax: tuning.recordBytesMax)
      while true {
        let event = try reader.next()
        switch event {
        case .line(let line):
          lineNumber += 1
          try line.withUnsafeBytes { bytes in
            _ = try writer.append(payload: bytes, recordedAtNanoseconds: WallClock.nowNanoseconds())
          }
          pending += 1
          if pending >= batch || (!reader.hasBufferedLine && !StandardInput.hasDataReady()) {
            try commit()
          }
        case .lineTooLong(let bytes):
          throw LogError.recordTooLarge(bytes: bytes, limit: tuning.recordBytesMax)
        case .end:
          if pending > 0 { try commit() }
          try writer.close()
          return
        }
      }
    }
  }
}
