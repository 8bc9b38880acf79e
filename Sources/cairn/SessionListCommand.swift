import ArgumentParser
import CairnCore
import CairnEngine
import CairnStore

struct SessionListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the sessions, most recently updated first.")

  @OptionGroup var options: HomeOptions

  @Flag(help: "Include archived sessions.")
  var all = false

  func run() throws {
    try reportingSessionFailures {
      let entries = try SessionStore(home: CairnHome.resolve(explicit: options.home)).list()
        .filter { all || !$0.archived }
        .sorted {
          ($0.updatedAtNanoseconds, $0.sessionID) > ($1.updatedAtNanoseconds, $1.sessionID)
        }
      if options.json {
        print(
          JSONValue.array(
            entries.map { entry in
              .object([
                ("session_id", .string(entry.sessionID)), ("title", .string(entry.title)),
                ("cwd", .string(entry.cwd)), ("model", .string(entry.model)),
                ("created_at_ns", .int(entry.createdAtNanoseconds)),
                ("updated_at_ns", .int(entry.updatedAtNanoseconds)),
                ("last_seq", .uint(entry.lastSeq)), ("archived", .bool(entry.archived)),
                ("parent_id", entry.parentID.isEmpty ? .null : .string(entry.parentID)),
              ])
            }
          ).text)
        return
      }
      if entries.isEmpty {
        print("no sessions (create one with `cairn session create`)")
        return
      }
      let output = StandardOutput()
      for entry in entries {
        let name = entry.title.isEmpty ? entry.cwd : entry.title
        try output.write(
          "\(entry.sessionID.padded(to: 37))\(isoTimestamp(nanoseconds: entry.updatedAtNanoseconds))  "
            + "\(String(entry.lastSeq).padded(to: 9))\(entry.archived ? "[archived] " : "")\(name)\n"
        )
      }
      try output.flush()
    }
  }
}
