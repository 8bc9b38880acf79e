import ArgumentParser
import CairnCodex
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn sandbox -P PROFILE [-C DIR] -- COMMAND...`: run a command in the sandbox the
/// agent's commands get (bubblewrap), exiting with the command's own status.
struct SandboxCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "sandbox", abstract: "Run a command inside the agent's sandbox.")

  static let codexParity = CodexParity.partial(
    missing: "network.domains and glob patterns in `[permissions.NAME]` profiles, the "
      + "--sandbox-state-* options and --include-managed-config; stdin is /dev/null; a "
      + "blocked connection fails with ECONNREFUSED/ENETUNREACH rather than Codex's EPERM")

  static var codexArgumentParity: [String: CodexParity] {
    let stateReason = CodexParity.notSupported(
      reason: "sandbox states from codex/sandbox-state-meta are not read yet")
    return [
      "--sandbox-state-json": stateReason, "--sandbox-state-readable-root": stateReason,
      "--sandbox-state-disable-network": stateReason,
      "--include-managed-config": .notSupported(reason: "Cairn reads no managed config yet"),
      "--config": .implemented, "--enable": .implemented, "--disable": .implemented,
    ]
  }

  @ParentCommand var root: Cairn

  @Argument(
    parsing: .captureForPassthrough,
    help: ArgumentHelp("The command and its arguments.", valueName: "COMMAND"))
  var command: [String] = []

  @Option(
    help: ArgumentHelp(
      "A sandbox state (JSON, as in codex/sandbox-state-meta) to use as is.", valueName: "JSON"))
  var sandboxStateJson: String?

  @Option(
    help: ArgumentHelp(
      "Add a readable root to that sandbox state; repeatable.",
      valueName: "SANDBOX_STATE_READABLE_ROOT"))
  var sandboxStateReadableRoot: [String] = []

  @Flag(help: "Take network access away in that sandbox state.")
  var sandboxStateDisableNetwork = false

  @Option(
    name: [.customShort("P"), .customLong("permission-profile")],
    help: ArgumentHelp(
      "The permissions profile: `:read-only`, `:workspace`, `:danger-full-access`, or a "
        + "[permissions.NAME] profile from the config.",
      valueName: "NAME"))
  var permissionProfile: String?

  @OptionGroup var profile: CodexProfileOption

  @Option(
    name: [.customShort("C"), .customLong("cd")],
    help: ArgumentHelp(
      "The directory to resolve profiles in and run the command in.", valueName: "DIR"))
  var cd: String?

  @Flag(help: "Also apply managed requirements when resolving --permission-profile.")
  var includeManagedConfig = false

  /// The command captures everything from its first word, `--help` included: answer a
  /// leading `-h`/`--help` with the help, as Codex does.
  func validate() throws {
    if let first = command.first, first == "-h" || first == "--help" {
      throw CleanExit.helpRequest(Self.self)
    }
  }

  mutating func run() throws {
    var overrides = root.overrides
    peelLeadingOptions(into: &overrides)
    if command.first == "--" { command.removeFirst() }
    try refuseUnsupportedOptions()
    guard let name = permissionProfile else {
      throw ValidationError("missing -P/--permission-profile NAME (e.g. -P :workspace)")
    }
    guard !command.isEmpty else { throw ValidationError("missing the COMMAND to run") }
    let directory = try SandboxCommandSupport.workingDirectory(cd)
    var status: Int32 = 0
    try reportingSandboxFailures {
      let request = ConfigRequest(
        home: CodexHome.resolve(option: nil), overrides: overrides,
        profile: profile.profile)
      let effective = try ConfigLoader.load(request, catalog: resolveFeatureCatalog())
      if effective.hasErrors {
        throw ConfigError.invalid(effective.diagnostics.filter { $0.severity == .error })
      }
      printWarnings(effective.diagnostics)
      let environment = SandboxCommandSupport.environment()
      let policy = try SandboxCommandSupport.policy(
        named: name, config: CodexConfig(effective), workingDirectory: directory,
        environment: environment)
      status = try SandboxCommandSupport.run(
        command, in: directory, environment: environment, policy: policy)
    }
    if status != 0 { throw ExitCode(status) }
  }

  /// The captured command starts at the first option the parser did not place (a global
  /// `-c` after `sandbox` starts the capture): take the options before the command.
  private mutating func peelLeadingOptions(into overrides: inout CodexOverrideOptions) {
    while command.count >= 2 {
      let value = command[1]
      switch command[0] {
      case "-c", "--config": overrides.config.append(value)
      case "--enable": overrides.enabledFeatures.append(value)
      case "--disable": overrides.disabledFeatures.append(value)
      case "-P", "--permission-profile": permissionProfile = value
      case "-C", "--cd": cd = value
      case "-p", "--profile": profile.profile = value
      default: return
      }
      command.removeFirst(2)
    }
  }

  /// Config errors as the config commands report them; a profile that does not resolve
  /// or a sandbox that cannot start as `cairn sandbox: …` and status 1; a profile that
  /// asks for what the sandbox cannot enforce yet as not supported (status 69).
  private func reportingSandboxFailures(_ body: () throws -> Void) throws {
    do {
      try reportingConfigFailures(body)
    } catch let error as PermissionProfileError {
      if case .notSupported(let key, let reason) = error {
        // Refused rather than run with less protection than the profile asks for.
        let commandLine = "cairn sandbox -P \(permissionProfile ?? "")"
        throw CodexNotSupported(commandLine: commandLine, reason: "\(key): \(reason)").reported()
      }
      StandardError.write("cairn sandbox: \(error)\n")
      throw ExitCode(1)
    } catch let error as SandboxError {
      StandardError.write("cairn sandbox: \(error)\n")
      throw ExitCode(1)
    }
  }

  private func refuseUnsupportedOptions() throws {
    let used: [(Bool, String)] = [
      (sandboxStateJson != nil, "--sandbox-state-json"),
      (!sandboxStateReadableRoot.isEmpty, "--sandbox-state-readable-root"),
      (sandboxStateDisableNetwork, "--sandbox-state-disable-network"),
      (includeManagedConfig, "--include-managed-config"),
    ]
    for (isUsed, option) in used where isUsed {
      guard case .notSupported(let reason)? = Self.codexArgumentParity[option] else { continue }
      throw CodexNotSupported(commandLine: "cairn sandbox \(option)", reason: reason).reported()
    }
  }
}
