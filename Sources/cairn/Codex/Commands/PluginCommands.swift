import ArgumentParser
import CairnCodex

private let pluginReason = "plugins and plugin marketplaces are not built yet"

/// `cairn plugin`.
struct PluginCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugin", abstract: "Install, list and remove plugins.",
    subcommands: [
      PluginAddCommand.self, PluginListCommand.self, PluginMarketplaceCommand.self,
      PluginRemoveCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: pluginReason)
}

/// The plugin a command acts on: `PLUGIN@MARKETPLACE`, or `PLUGIN` with `-m`.
struct PluginSelector: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "The plugin, as PLUGIN@MARKETPLACE or as PLUGIN with --marketplace.",
      valueName: "PLUGIN[@MARKETPLACE]"))
  var plugin: String

  @Option(
    name: [.customShort("m"), .customLong("marketplace")],
    help: ArgumentHelp("The marketplace, when PLUGIN names none.", valueName: "MARKETPLACE"))
  var marketplace: String?

  @Flag(help: "Print the result as JSON.")
  var json = false
}

/// `cairn plugin add`.
struct PluginAddCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Install a plugin from a configured marketplace.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @OptionGroup var selector: PluginSelector
}

/// `cairn plugin list`.
struct PluginListCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the plugins the configured marketplaces offer.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @Option(
    name: [.customShort("m"), .customLong("marketplace")],
    help: ArgumentHelp("List only this marketplace's plugins.", valueName: "MARKETPLACE"))
  var marketplace: String?

  @Flag(help: "Print the list as JSON.")
  var json = false

  @Flag(help: "Also list plugins that are not installed (with --json).")
  var available = false
}

/// `cairn plugin remove`.
struct PluginRemoveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Uninstall a plugin and drop it from the config and cache.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @OptionGroup var selector: PluginSelector
}

/// `cairn plugin marketplace`.
struct PluginMarketplaceCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "marketplace", abstract: "Add, list, upgrade or remove plugin marketplaces.",
    subcommands: [
      PluginMarketplaceAddCommand.self, PluginMarketplaceListCommand.self,
      PluginMarketplaceUpgradeCommand.self, PluginMarketplaceRemoveCommand.self,
    ])

  static let codexParity = CodexParity.notSupported(reason: pluginReason)
}

/// `cairn plugin marketplace add SOURCE`.
struct PluginMarketplaceAddCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add a marketplace from a local directory or a Git repository.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @Argument(
    help: ArgumentHelp(
      "A local path, owner/repo[@ref], or an HTTPS or SSH Git URL.", valueName: "SOURCE"))
  var source: String

  @Option(help: ArgumentHelp("The Git ref to fetch.", valueName: "REF"))
  var ref: String?

  @Option(
    help: ArgumentHelp("Check out only this path of a Git source; repeatable.", valueName: "PATH"))
  var sparse: [String] = []

  @Flag(help: "Print the result as JSON.")
  var json = false
}

/// `cairn plugin marketplace list`.
struct PluginMarketplaceListCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the marketplaces in use and where they live.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @Flag(help: "Print the list as JSON.")
  var json = false
}

/// `cairn plugin marketplace upgrade [NAME]`.
struct PluginMarketplaceUpgradeCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "upgrade", abstract: "Refresh Git marketplaces (all of them without a name).")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @Argument(help: ArgumentHelp("The marketplace to refresh.", valueName: "MARKETPLACE_NAME"))
  var marketplaceName: String?

  @Flag(help: "Print the result as JSON.")
  var json = false
}

/// `cairn plugin marketplace remove NAME`.
struct PluginMarketplaceRemoveCommand: CodexUnsupportedCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Remove a configured marketplace by name.")

  static let codexParity = CodexParity.notSupported(reason: pluginReason)

  @Argument(help: ArgumentHelp("The marketplace to remove.", valueName: "MARKETPLACE_NAME"))
  var marketplaceName: String

  @Flag(help: "Print the result as JSON.")
  var json = false
}
