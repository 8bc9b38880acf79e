import ArgumentParser
import CairnCore
import CairnLogFormat
import CairnStore

/// `cairn log repair DIR`: cut a torn tail; cut corruption only with --force.
struct LogRepairCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Cut a torn tail back to the last whole block, and report it.",
    discussion: """
      Corruption before the tail (invalid data followed by valid data) is cut only with \
      --force, which first copies every byte it removes into quarantine files beside the log \
      (<segment>.<offset>.quarantine, and later segments renamed to <segment>.quarantine).
      """
  )

  @Argument(help: "The log directory.")
  var directory: String

  @Flag(help: "Also cut corruption and everything after it, after quarantining those bytes.")
  var force = false

  @Flag(help: "Print the report as a JSON object.")
  var json = false

  func run() throws {
    try reportingFailures {
      let report = try LogRepair.repair(directory: directory, force: force)
      if json {
        let cuts = report.cuts.map { cut in
          JSONValue.object([
            ("reason", .string(cut.reason.rawValue)), ("segment", .string(cut.segment)),
            ("offset", .uint(cut.offset)), ("bytes", .uint(cut.bytes)),
            ("defect", .string(cut.defect)),
            ("quarantine_file", cut.quarantineFile.map { .string($0) } ?? .null),
          ])
        }
        print(
          JSONValue.object([
            ("repaired", .bool(!report.cuts.isEmpty)), ("cuts", .array(cuts)),
            ("last_seq", .uint(report.lastSeq.rawValue)),
          ]).text)
        return
      }
      if report.cuts.isEmpty {
        print("\(directory): nothing to repair; the log ends at sequence number \(report.lastSeq)")
      }
      for cut in report.cuts {
        var line =
          "\(directory): cut \(cut.bytes) bytes (\(cut.reason.text)) "
          + "from \(cut.segment) at offset \(cut.offset): \(cut.defect)"
        if let saved = cut.quarantineFile { line += "; saved to \(saved)" }
        print(line)
      }
      if !report.cuts.isEmpty {
        print("\(directory): the log now ends at sequence number \(report.lastSeq)")
      }
    }
  }
}

extension RepairReport.Cut.Reason {
  fileprivate var text: String {
    switch self {
    case .tornTail: return "torn tail"
    case .footerRebuilt: return "damaged footer, rebuilt from the blocks"
    case .corruption: return "corruption"
    }
  }
}
