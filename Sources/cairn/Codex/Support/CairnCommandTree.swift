import ArgumentParser
import CairnCodex
import Foundation

/// Cairn's own command tree, read at run time: the argument parser describes every
/// command and argument (the JSON of `--experimental-dump-help`), and the command types
/// (`CommandConfiguration.subcommands`) carry each command's declared parity. Nothing
/// here is a hand-kept list, so a new command or flag shows up in `cairn parity` by
/// itself.
enum CairnCommandTree {
  /// One command as the argument parser describes it, joined to its type.
  struct Node {
    var type: ParsableCommand.Type
    var name: String
    var isHidden: Bool
    /// The subcommand that runs when none is named, if it is hidden: its arguments
    /// belong to this command's path (Cairn's way to give a command with subcommands a
    /// positional argument, as `cairn [PROMPT]` and `cairn exec [PROMPT]`).
    var hiddenDefault: Node? {
      get { hiddenDefaultBox.first }
      set { hiddenDefaultBox = newValue.map { [$0] } ?? [] }
    }
    var hiddenDefaultBox: [Node]
    var children: [Node]
    var arguments: [CodexHelpArgument]
  }

  /// The whole tree from the root `cairn` command.
  static func root() -> Node {
    let dump =
      (try? JSONSerialization.jsonObject(with: Data(Cairn._dumpHelp().utf8))) as? [String: Any]
    guard let command = dump?["command"] as? [String: Any] else {
      preconditionFailure("the argument parser's help dump has no command object")
    }
    return node(command, type: Cairn.self)
  }

  private static func node(_ json: [String: Any], type: ParsableCommand.Type) -> Node {
    let subcommands = json["subcommands"] as? [[String: Any]] ?? []
    var children: [Node] = []
    for subtype in type.configuration.subcommands {
      guard
        let child = subcommands.first(where: {
          $0["commandName"] as? String == subtype._commandName
        })
      else { continue }
      children.append(node(child, type: subtype))
    }
    var hiddenDefault: Node?
    if let defaultType = type.configuration.defaultSubcommand,
      let index = children.firstIndex(where: {
        ObjectIdentifier($0.type) == ObjectIdentifier(defaultType)
      }), children[index].isHidden
    {
      hiddenDefault = children.remove(at: index)
    }
    let arguments = (json["arguments"] as? [[String: Any]] ?? []).compactMap(argument)
    return Node(
      type: type, name: type._commandName, isHidden: !(json["shouldDisplay"] as? Bool ?? true),
      hiddenDefaultBox: hiddenDefault.map { [$0] } ?? [], children: children,
      arguments: arguments)
  }

  /// Converts one argument of the dump; nil for the parser's own `-h/--help`.
  private static func argument(_ json: [String: Any]) -> CodexHelpArgument? {
    let names = json["names"] as? [[String: Any]] ?? []
    let long = names.first { $0["kind"] as? String == "long" }?["name"] as? String
    let short = (names.first { $0["kind"] as? String == "short" }?["name"] as? String)?.first
    let valueName = json["valueName"] as? String
    let isOptional = json["isOptional"] as? Bool ?? true
    let isRepeating = json["isRepeating"] as? Bool ?? false
    switch json["kind"] as? String {
    case "positional":
      return CodexHelpArgument(
        kind: .positional, valueName: valueName, isOptional: isOptional, isRepeating: isRepeating)
    case "option":
      return CodexHelpArgument(
        kind: .option, long: long, short: short, valueName: valueName, isOptional: isOptional,
        isRepeating: isRepeating)
    case "flag":
      if long == "help" { return nil }
      return CodexHelpArgument(kind: .option, long: long, short: short)
    default:
      return nil
    }
  }

  /// Every command path of the tree with the arguments accepted there and its parity.
  static func surface() -> [CairnCommandSurface] {
    var out: [CairnCommandSurface] = []
    collect(root(), path: .root, inherited: [], into: &out)
    return out
  }

  private static func collect(
    _ node: Node, path: CodexCommandPath, inherited: [CodexHelpArgument],
    into out: inout [CairnCommandSurface]
  ) {
    let own = node.arguments + (node.hiddenDefault?.arguments ?? [])
    let ownKeys = Set(own.map(\.key))
    let accepted = own + inherited.filter { !ownKeys.contains($0.key) }
    let described =
      (node.type as? CodexParityDescribed.Type)
      ?? (node.hiddenDefault?.type as? CodexParityDescribed.Type)
    out.append(
      CairnCommandSurface(
        path: path, parity: described?.codexParity,
        argumentParity: described?.codexArgumentParity ?? [:], arguments: accepted,
        isHidden: node.isHidden))
    // The argument parser lets a command's options (not its positionals) follow the
    // names of its subcommands.
    // The hidden default subcommand is not an ancestor of the others: its options stay.
    let passedDown = (node.arguments + inherited.filter { !ownKeys.contains($0.key) })
      .filter { $0.kind == .option }
    for child in node.children where child.name != "help" {
      collect(child, path: path.appending(child.name), inherited: passedDown, into: &out)
    }
  }

  /// `cairn exec resume` for `ExecResumeCommand`; a hidden default subcommand answers
  /// with its parent's command line (`cairn` for the interactive session). Walks the
  /// command types only, so a stub's answer does not pay for the help dump.
  static func commandLine(of type: ParsableCommand.Type) -> String {
    var names: [String] = []
    let found = search(Cairn.self, for: type, names: &names)
    return found ? (["cairn"] + names).joined(separator: " ") : "cairn"
  }

  private static func search(
    _ command: ParsableCommand.Type, for type: ParsableCommand.Type, names: inout [String]
  ) -> Bool {
    if ObjectIdentifier(command) == ObjectIdentifier(type) { return true }
    let configuration = command.configuration
    for child in configuration.subcommands {
      let isHiddenDefault =
        configuration.defaultSubcommand.map { ObjectIdentifier($0) == ObjectIdentifier(child) }
        ?? false
        && !child.configuration.shouldDisplay
      if !isHiddenDefault { names.append(child._commandName) }
      if search(child, for: type, names: &names) { return true }
      if !isHiddenDefault { names.removeLast() }
    }
    return false
  }
}
