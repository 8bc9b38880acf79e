import ArgumentParser
import CairnCore
import CairnEngine

/// `cairn session resume-plan ID`: what a resume will read, without reading it.
struct SessionResumePlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume-plan",
    abstract: "Show which checkpoint, which blocks, and how many events and bytes a resume reads.")

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id.")
  var id: String

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let plan = try ResumePlan.make(directory: home.sessionDirectory(sessionID))
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(sessionID.rawValue)), ("last_seq", .uint(plan.lastSeq.rawValue)),
            ("checkpoint_seq", plan.checkpointSeq.map { .uint($0.rawValue) } ?? .null),
            ("events", .uint(plan.events)), ("stored_bytes", .uint(plan.storedBytes)),
            (
              "blocks",
              .array(
                plan.blocks.map {
                  .object([
                    ("segment", .string($0.segment)), ("offset", .uint($0.offset)),
                    ("stored_bytes", .uint($0.storedBytes)),
                    ("first_seq", .uint($0.firstSeq.rawValue)),
                    ("last_seq", .uint($0.lastSeq.rawValue)),
                  ])
                })
            ),
          ]).text)
        return
      }
      let start =
        plan.checkpointSeq.map { "the checkpoint at sequence number \($0)" }
        ?? "the first record (no checkpoint)"
      print("\(sessionID): a resume starts from \(start)")
      print(
        "  then replays \(plan.events) events through \(plan.lastSeq), reading \(plan.blocks.count) blocks (\(plan.storedBytes) stored bytes)"
      )
      for block in plan.blocks.prefix(20) {
        print(
          "  \(block.segment) @\(block.offset)  seq \(block.firstSeq)–\(block.lastSeq)  \(block.storedBytes) bytes"
        )
      }
      if plan.blocks.count > 20 { print("  … \(plan.blocks.count - 20) more blocks") }
    }
  }
}
