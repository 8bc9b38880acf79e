import ArgumentParser
import CairnCore
import CairnEngine

struct SessionShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show a session's metadata and state.")

  @OptionGroup var options: HomeOptions

  @Argument(help: "The session id.")
  var id: String

  func run() throws {
    try reportingSessionFailures {
      let (home, sessionID) = try existingSession(options, id)
      let (state, _) = try SessionResume.load(
        sessionID: sessionID, directory: home.sessionDirectory(sessionID))
      let calls = SessionShowCalls(
        sessionID: sessionID, state: state, directory: home.sessionDirectory(sessionID))
      let members = stateSummary(state)
      if options.json {
        print(JSONValue.object(members + calls.jsonMembers).text)
      } else {
        printSummary(members)
        for line in calls.humanLines { print(line) }
      }
    }
  }
}
