import ArgumentParser
import CairnCore
import CairnLogFormat
import CairnStore

/// `cairn log verify DIR`: every checksum, the chain, the index and the footers.
struct LogVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check every checksum, the chain, the index and the footers (read-only).",
    discussion: """
      Safe while a writer is appending. Exit 0 when clean, 2 on corruption, 3 when the only \
      defect is a torn tail (the next writer's open, or `cairn log repair`, cuts it).
      """
  )

  @Argument(help: "The log directory.")
  var directory: String

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  func run() throws {
    try reportingFailures {
      let report = try LogVerifier.verify(directory: directory)
      var members: [(String, JSONValue)] = []
      let exitCode: Int32
      var summary: String
      switch report.status {
      case .clean:
        members.append(("status", .string("clean")))
        exitCode = 0
        summary = "clean"
      case .tornTail(let segment, let offset, let bytes, let defect):
        members += [
          ("status", .string("torn_tail")), ("segment", .string(segment)),
          ("offset", .uint(offset)), ("bytes", .uint(bytes)), ("defect", .string(defect)),
        ]
        exitCode = report.writerPid == nil ? 3 : 0
        summary =
          "torn tail: \(bytes) bytes in \(segment) at offset \(offset) (\(defect))"
        if let pid = report.writerPid {
          summary += "; process \(pid) is writing, so this may be a block being written"
        } else {
          summary += "; the next writer's open or `cairn log repair` cuts it"
        }
      case .corrupt(let segment, let offset, let defect):
        members += [
          ("status", .string("corrupt")), ("segment", .string(segment)),
          ("offset", .uint(offset)), ("defect", .string(defect)),
        ]
        exitCode = 2
        summary = "corruption in \(segment) at offset \(offset): \(defect)"
      }
      members += [
        ("segments", .uint(UInt64(report.segments))), ("blocks", .uint(UInt64(report.blocks))),
        ("records", .uint(report.records)), ("raw_bytes", .uint(report.rawBytes)),
        ("stored_bytes", .uint(report.storedBytes)),
        ("writer_pid", report.writerPid.map { .int(Int64($0)) } ?? .null),
      ]
      if json {
        print(JSONValue.object(members).text)
      } else {
        print(
          "\(directory): \(summary)\n  \(report.segments) segments, \(report.blocks) blocks, "
            + "\(report.records) records, \(report.rawBytes) raw bytes, "
            + "\(report.storedBytes) stored bytes")
      }
      if exitCode != 0 { throw ExitCode(exitCode) }
    }
  }
}
