import ArgumentParser
import CairnCodex
import CairnServer

/// `cairn app-server`: the JSON-RPC service editors and other front ends talk to
/// (docs/APP_SERVER.md).
struct AppServerCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "app-server",
    abstract: "[experimental] Run the app server, or manage and use its daemon.",
    subcommands: [
      AppServerDaemonCommand.self, AppServerProxyCommand.self, AppServerGenerateTsCommand.self,
      AppServerGenerateJsonSchemaCommand.self,
    ])

  static let codexParity = CodexParity.partial(
    missing: "signed bearer tokens for WebSocket auth, and part of the methods "
      + "(docs/APP_SERVER.md lists each)")
  static let codexArgumentParity: [String: CodexParity] = [
    "--code-mode-host": .notSupported(reason: "code mode is not built yet"),
    "--analytics-default-enabled": .partial(missing: "Cairn sends no analytics"),
    "--listen": .implemented, "--stdio": .implemented, "--ws-token-file": .implemented,
    "--ws-auth": .partial(missing: "signed-bearer-token (capability-token works)"),
    "--ws-token-sha256": .notSupported(reason: "give the token itself with --ws-token-file"),
    "--ws-shared-secret-file": .notSupported(reason: "signed bearer tokens are not built yet"),
    "--ws-issuer": .notSupported(reason: "signed bearer tokens are not built yet"),
    "--ws-audience": .notSupported(reason: "signed bearer tokens are not built yet"),
    "--ws-max-clock-skew-seconds": .notSupported(
      reason: "signed bearer tokens are not built yet"),
  ]

  @ParentCommand var root: Cairn

  @Option(
    help: ArgumentHelp(
      "Use the code-mode host at this WebSocket URL instead of a local one.", valueName: "WS_URL"))
  var codeModeHost: String?

  @OptionGroup var strictConfig: CodexStrictConfigOption

  @Option(
    help: ArgumentHelp(
      "Where to listen: stdio:// (default), unix://, unix://PATH, ws://IP:PORT or off.",
      valueName: "URL"))
  var listen: String?

  @Flag(help: "Listen on stdin/stdout (the same as --listen stdio://).")
  var stdio = false

  @Flag(help: "Turn analytics on unless config.toml says otherwise (they are off by default).")
  var analyticsDefaultEnabled = false

  @Option(
    help: ArgumentHelp(
      "How WebSocket clients authenticate on non-loopback listeners: capability-token or "
        + "signed-bearer-token.", valueName: "MODE"))
  var wsAuth: String?

  @Option(help: ArgumentHelp("The capability token's file (absolute path).", valueName: "PATH"))
  var wsTokenFile: String?

  @Option(help: ArgumentHelp("The capability token's SHA-256, in hex.", valueName: "HEX"))
  var wsTokenSha256: String?

  @Option(
    help: ArgumentHelp(
      "The shared secret that signs JWT bearer tokens (absolute path).", valueName: "PATH"))
  var wsSharedSecretFile: String?

  @Option(help: ArgumentHelp("The issuer signed bearer tokens must name.", valueName: "ISSUER"))
  var wsIssuer: String?

  @Option(help: ArgumentHelp("The audience signed bearer tokens must name.", valueName: "AUDIENCE"))
  var wsAudience: String?

  @Option(
    help: ArgumentHelp("The clock skew allowed when checking bearer tokens.", valueName: "SECONDS"))
  var wsMaxClockSkewSeconds: Int?

  func run() throws {
    let codexHome = CodexHome.resolve(option: nil).path
    let target: AppServerListenTarget
    do {
      target = try AppServerListenTarget.resolve(
        stdio ? "stdio://" : (listen ?? "stdio://"),
        authentication: .init(
          mode: wsAuth, tokenFile: wsTokenFile, tokenSHA256: wsTokenSha256,
          signedBearerFlags: signedBearerFlags),
        codexHome: codexHome)
    } catch let failure as AppServerListenTarget.Failure {
      StandardError.write("cairn app-server: \(failure.description)\n")
      throw ExitCode(2)
    } catch let unsupported as CodexNotSupported {
      throw unsupported.reported()
    }
    if target == .off { return }
    if codeModeHost != nil {
      throw CodexNotSupported(
        commandLine: "cairn app-server --code-mode-host", reason: "code mode is not built yet"
      ).reported()
    }
    try AppServerLaunch.run(root: root, target: target)
  }

  /// The signed-bearer-token flags given (that mode is not built).
  private var signedBearerFlags: [String] {
    [
      wsSharedSecretFile.map { _ in "--ws-shared-secret-file" },
      wsIssuer.map { _ in "--ws-issuer" }, wsAudience.map { _ in "--ws-audience" },
      wsMaxClockSkewSeconds.map { _ in "--ws-max-clock-skew-seconds" },
    ].compactMap { $0 }
  }
}

/// `cairn app-server proxy`: a byte relay between stdio and the control socket (the client
/// speaks WebSocket through it, as with Codex's).
struct AppServerProxyCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "proxy", abstract: "Relay stdin/stdout to the running app server's socket.")

  static let codexParity = CodexParity.implemented

  @Option(help: ArgumentHelp("The app server's Unix socket.", valueName: "SOCKET_PATH"))
  var sock: String?

  func run() throws {
    let path =
      sock
      ?? AppServerListenTarget.defaultControlSocket(
        codexHome: CodexHome.resolve(option: nil).path)
    if let failure = UnixSocketRelay.run(socketPath: path) {
      StandardError.write(
        "cairn app-server proxy: \(failure.description) (is `cairn app-server --listen "
          + "unix://` running?)\n")
      throw ExitCode(1)
    }
  }
}

/// `cairn app-server generate-ts`: TypeScript for Cairn's protocol, from the same catalog as
/// the JSON Schema (docs/APP_SERVER.md, "Schema generators"). Silent on success, as Codex.
struct AppServerGenerateTsCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "generate-ts",
    abstract: "[experimental] Write TypeScript types for the app-server protocol.")

  static let codexParity = CodexParity.partial(
    missing: "the types of the methods Cairn does not answer yet (docs/APP_SERVER.md)")
  static let codexArgumentParity: [String: CodexParity] = [
    "--out": .implemented, "--prettier": .implemented, "--experimental": .implemented,
    "--config": .implemented, "--enable": .implemented, "--disable": .implemented,
  ]

  @Option(
    name: [.customShort("o"), .customLong("out")],
    help: ArgumentHelp("The directory to write the .ts files to.", valueName: "DIR"))
  var out: String

  @Option(
    name: [.customShort("p"), .customLong("prettier")],
    help: ArgumentHelp("A Prettier binary to format the files with.", valueName: "PRETTIER_BIN"))
  var prettier: String?

  @Flag(help: "Include experimental methods and fields.")
  var experimental = false

  func run() throws {
    try AppServerSchemaGeneration.run(command: "generate-ts") {
      let files = try ProtocolTypeScript(catalog: ProtocolCatalog(experimental: experimental))
        .files()
      let written = try ProtocolBundleWriter(out: out).write(files)
      if let prettier { try ProtocolBundleWriter.format(with: prettier, files: written) }
    }
  }
}

/// `cairn app-server generate-json-schema`: JSON Schema (draft-07) for Cairn's protocol.
struct AppServerGenerateJsonSchemaCommand: ParsableCommand, CodexParityDescribed {
  static let configuration = CommandConfiguration(
    commandName: "generate-json-schema",
    abstract: "[experimental] Write JSON Schemas for the app-server protocol.")

  static let codexParity = CodexParity.partial(
    missing: "the types of the methods Cairn does not answer yet (docs/APP_SERVER.md)")
  static let codexArgumentParity: [String: CodexParity] = [
    "--out": .implemented, "--experimental": .implemented, "--config": .implemented,
    "--enable": .implemented, "--disable": .implemented,
  ]

  @Option(
    name: [.customShort("o"), .customLong("out")],
    help: ArgumentHelp("The directory to write the schemas to.", valueName: "DIR"))
  var out: String

  @Flag(help: "Include experimental methods and fields.")
  var experimental = false

  func run() throws {
    try AppServerSchemaGeneration.run(command: "generate-json-schema") {
      let files = try ProtocolJSONSchema(catalog: ProtocolCatalog(experimental: experimental))
        .files()
      _ = try ProtocolBundleWriter(out: out).write(files)
    }
  }
}

/// The two generators' failure reporting: one line naming the cause, exit status 1.
enum AppServerSchemaGeneration {
  static func run(command: String, _ body: () throws -> Void) throws {
    do {
      try ProtocolCatalog.checkCoverage()
      try body()
    } catch let failure as ProtocolBundleWriter.Failure {
      StandardError.write("cairn app-server \(command): \(failure.description)\n")
      throw ExitCode(1)
    } catch let failure as ProtocolCatalog.Failure {
      StandardError.write("cairn app-server \(command): \(failure.description)\n")
      throw ExitCode(1)
    }
  }
}
