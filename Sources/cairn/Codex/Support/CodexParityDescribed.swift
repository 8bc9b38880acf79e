import ArgumentParser
import CairnCodex

/// A command that answers to a Codex command path and says, next to its definition, how
/// far it goes. `cairn parity` reads these declarations by walking the command tree, and
/// `CodexUnsupportedCommand` derives its behaviour from them.
protocol CodexParityDescribed {
  /// The command's status against Codex's.
  static var codexParity: CodexParity { get }
  /// Exceptions for single arguments, keyed as `--long`, `-s` (short only) or `<NAME>`.
  static var codexArgumentParity: [String: CodexParity] { get }
}

extension CodexParityDescribed {
  static var codexArgumentParity: [String: CodexParity] { [:] }
}

/// A Codex command Cairn parses with Codex's arguments but does not run yet: running it
/// prints `cairn: 'cairn <path>' is not supported yet: <reason>` and exits with
/// `CairnExitCode.notSupported`. Its `codexParity` must be `.notSupported(reason:)`.
protocol CodexUnsupportedCommand: ParsableCommand, CodexParityDescribed {}

extension CodexUnsupportedCommand {
  func run() throws {
    throw CodexNotSupported(command: Self.self).reported()
  }
}

/// The "not supported yet" answer of a Codex command or argument.
struct CodexNotSupported: Error, CustomStringConvertible {
  var commandLine: String
  var reason: String

  init(commandLine: String, reason: String) {
    self.commandLine = commandLine
    self.reason = reason
  }

  /// The answer of `command`, from its declared parity.
  init<Command: ParsableCommand & CodexParityDescribed>(command: Command.Type) {
    guard case .notSupported(let reason) = command.codexParity else {
      preconditionFailure(
        "\(command) declares \(command.codexParity.label) parity but runs the not-supported stub")
    }
    self.init(commandLine: CairnCommandTree.commandLine(of: command), reason: reason)
  }

  var description: String { "'\(commandLine)' is not supported yet: \(reason)" }

  /// Prints the answer on stderr and returns the exit status to throw.
  func reported() -> ExitCode {
    StandardError.write("cairn: \(description)\n")
    return ExitCode(CairnExitCode.notSupported)
  }
}
