import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine

/// `cairn export codex ID --out FILE`: a native session as a Codex rollout.
struct ExportCodexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codex",
    abstract: "Write a Cairn session as a Codex rollout that `codex resume` continues.",
    discussion: """
      Writes the session's model history (user and assistant messages, tool calls and \
      their outputs, reasoning that carries the provider's encrypted state) and the events \
      Codex shows (turns, prompts, token counts) as a Codex 0.147 rollout, 0600, with \
      secrets redacted. With --codex-home the file goes where Codex looks for it \
      (DIR/sessions/YYYY/MM/DD/rollout-…-<id>.jsonl), so `codex exec resume <id> "next"` \
      continues it. The Codex thread id is the session id when it is a UUID (every \
      imported session), else --id, else a UUIDv7-shaped id derived from the session \
      (recorded in the session's codex-export.json). docs/CODEX_COMPAT.md lists what is \
      not preserved.
      """
  )

  @Argument(help: "The session id.")
  var id: String

  @Option(help: ArgumentHelp("Write the rollout to this file.", valueName: "FILE"))
  var out: String?

  @Option(
    name: .customLong("codex-home"),
    help: ArgumentHelp(
      "Write the rollout into this Codex home's sessions/ tree instead.", valueName: "DIR"))
  var codexHome: String?

  @Option(
    name: .customLong("id"),
    help: ArgumentHelp(
      "The Codex thread id (a UUID) to give a session whose id is not one.", valueName: "UUID"))
  var threadID: String?

  @OptionGroup var options: HomeOptions

  func validate() throws {
    if (out == nil) == (codexHome == nil) {
      throw ValidationError("give --out FILE or --codex-home DIR")
    }
  }

  func run() throws {
    let home = CairnHome.resolve(explicit: options.home)
    let destination: CodexExport.Destination =
      out.map { .file($0) } ?? .codexHome(codexHome!)
    do {
      let result = try CodexExport.export(
        home: home, sessionID: SessionID(id), to: destination, threadID: threadID)
      if options.json {
        print(
          JSONValue.object([
            ("session_id", .string(result.sessionID.rawValue)),
            ("codex_thread_id", .string(result.threadID)),
            ("thread_id_derived", .bool(result.threadIDDerived)), ("path", .string(result.path)),
            ("lines", .uint(UInt64(result.lines))), ("bytes", .uint(result.bytes)),
            ("turns", .uint(UInt64(result.turns))),
            ("events_skipped", .uint(UInt64(result.eventsSkipped))),
          ]).text)
      } else {
        print(
          "\(result.path): session \(result.sessionID) as Codex thread \(result.threadID): "
            + "\(result.turns) turns, \(result.lines) lines")
      }
    } catch {
      StandardError.write("cairn: \(error)\n")
      throw ExitCode(1)
    }
  }
}
