import ArgumentParser
import CairnCore
import CairnLogFormat
import CairnStore

/// `cairn log cat DIR`: the payloads (or, with --json, the whole envelopes) in order.
struct LogCatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cat",
    abstract: "Print each record's payload followed by a newline, in sequence order.",
    discussion: """
      Reads the valid prefix of a log with a torn tail without changing it (exit 0, with a \
      note on stderr). With --json, prints one object per record with the keys seq, \
      recorded_at_ns, kind, schema_version, flags, causation and payload_base64.
      """
  )

  @Argument(help: "The log directory.")
  var directory: String

  @Option(help: "The first sequence number to print.")
  var from: UInt64 = 1

  @Option(help: "The last sequence number to print.")
  var to: UInt64?

  @Flag(help: "Print one JSON object per record.")
  var json = false

  func run() throws {
    try reportingFailures {
      let reader = try LogReader(directory: directory)
      let output = StandardOutput()
      try reader.scan(from: Seq(from), through: to.map { Seq($0) }) { record in
        if json {
          let object = JSONValue.object([
            ("seq", .uint(record.seq.rawValue)),
            ("recorded_at_ns", .int(record.recordedAtNanoseconds)),
            ("kind", .uint(UInt64(record.kind))),
            ("schema_version", .uint(UInt64(record.schemaVersion))),
            ("flags", .uint(UInt64(record.flags))),
            ("causation", .uint(record.causation.rawValue)),
            ("payload_base64", .string(Base64.encode(record.payload))),
          ])
          try output.write(object.text)
        } else {
          try output.write(record.payload)
        }
        try output.write(byte: UInt8(ascii: "\n"))
        return true
      }
      try output.flush()
      if let torn = reader.tornTail {
        StandardError.write(
          "cairn: note: \(directory): the log ends in a torn tail of \(torn.bytes) bytes in "
            + "\(torn.segment) at offset \(torn.offset) (\(torn.defect)); printed the valid "
            + "prefix through sequence number \(reader.lastSeq)\n")
      }
    }
  }
}
