import ArgumentParser
import CairnCodex
import CairnCore
import CairnTools
import Foundation

/// `cairn execpolicy` (hidden, as in Codex).
struct ExecPolicyCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "execpolicy", abstract: "Tools for exec policy rule files.",
    shouldDisplay: false, subcommands: [ExecPolicyCheckCommand.self])

  static let codexParity = CodexParity.implemented
}

/// `cairn execpolicy check --rules PATH COMMAND...`: prints Codex's JSON evaluation.
struct ExecPolicyCheckCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Check a command against exec policy rule files.",
    discussion: """
      Prints the rules the command matches and the strictest decision (forbidden > prompt \
      > allow) as JSON, as `codex execpolicy check` does; the exit status is 0 whatever the \
      decision. A rule file with an error is reported as FILE:LINE:COLUMN: cause (exit 1). \
      Format: docs/APPROVAL_POLICY.md.
      """)

  static let codexParity = CodexParity.partial(
    missing: "load errors are Cairn's FILE:LINE:COLUMN messages, not Starlark tracebacks")

  @Argument(help: ArgumentHelp("The command's words.", valueName: "COMMAND"))
  var command: [String]

  @Option(
    name: [.customShort("r"), .customLong("rules")],
    help: ArgumentHelp("A rule file to load; repeatable.", valueName: "PATH"))
  var rules: [String]

  @Flag(help: "Indent the JSON result.")
  var pretty = false

  @Flag(
    help: """
      Match absolute program paths against rules for their base name, as the policy's \
      host_executable() entries allow.
      """)
  var resolveHostExecutables = false

  func run() throws {
    let policy = try ExecPolicyFiles.load(rules)
    let evaluation = policy.check(command, resolveHostExecutables: resolveHostExecutables)
    print(pretty ? PrettyJSON.text(evaluation.json) : evaluation.json.text)
  }
}

/// Loads `.rules` files for the CLI, reporting a bad file on stderr with exit status 1.
enum ExecPolicyFiles {
  static func load(_ paths: [String]) throws -> ExecPolicy {
    var policy = ExecPolicy()
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        StandardError.write("cairn: cannot read the rule file \(path); check the path\n")
        throw ExitCode(1)
      }
      guard let source = String(data: data, encoding: .utf8) else {
        StandardError.write("cairn: \(path): the rule file is not UTF-8 text\n")
        throw ExitCode(1)
      }
      do {
        try policy.load(
          source: source, path: path, home: ProcessInfo.processInfo.environment["HOME"])
      } catch {
        StandardError.write("cairn: \(error)\n")
        throw ExitCode(1)
      }
    }
    return policy
  }
}

/// JSON indented by two spaces, as serde_json's pretty printer writes it.
enum PrettyJSON {
  static func text(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: "", to: &out)
    return out
  }

  private static func write(_ value: JSONValue, indent: String, to out: inout String) {
    let inner = indent + "  "
    switch value {
    case .object(let members) where !members.isEmpty:
      out += "{\n"
      for (offset, (key, member)) in members.enumerated() {
        out += inner + JSONValue.quoted(key) + ": "
        write(member, indent: inner, to: &out)
        out += offset + 1 < members.count ? ",\n" : "\n"
      }
      out += indent + "}"
    case .array(let items) where !items.isEmpty:
      out += "[\n"
      for (offset, item) in items.enumerated() {
        out += inner
        write(item, indent: inner, to: &out)
        out += offset + 1 < items.count ? ",\n" : "\n"
      }
      out += indent + "]"
    default:
      out += value.text
    }
  }
}
