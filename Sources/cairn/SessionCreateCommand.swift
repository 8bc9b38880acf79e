import ArgumentParser
import CairnCore
import CairnEngine

struct SessionCreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: "Create a session and print its id.")

  @OptionGroup var options: HomeOptions

  @Option(help: "The session id (default: a new random UUID).")
  var id: String?

  @Option(help: "The session's working directory.")
  var cwd: String = "."

  @Option(help: "The model.")
  var model: String = "gpt-5-codex"

  @Option(help: "The model provider.")
  var provider: String = "openai"

  @Option(help: "untrusted, on-request, on-failure or never.")
  var approvalPolicy: ApprovalPolicy = .onRequest

  @Option(help: "read-only, workspace-write or danger-full-access.")
  var sandbox: SandboxMode = .workspaceWrite

  func run() throws {
    try reportingSessionFailures {
      let engine = try SessionEngine.create(
        home: CairnHome.resolve(explicit: options.home),
        SessionCreated(
          sessionID: id.map { SessionID($0) } ?? newSessionID(), cwd: cwd, model: model,
          provider: provider, approvalPolicy: approvalPolicy, sandboxMode: sandbox),
        clock: wallClockNanoseconds)
      try engine.close()
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(engine.sessionID.rawValue)),
            ("directory", .string(engine.directory)),
          ]).text)
      } else {
        print(engine.sessionID.rawValue)
      }
    }
  }
}
