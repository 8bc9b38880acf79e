import Foundation

/// The real `codex` binary, when one is installed: where it is and what it says.
public struct LocalCodex: Sendable {
  public var path: String

  /// How long one run may take before it is killed.
  public static let timeoutSeconds = 10.0

  public init(path: String) { self.path = path }

  /// `$CAIRN_CODEX` when set (a path; `none` means "use no local codex"), else `codex` on
  /// `$PATH`.
  public static func find(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> LocalCodex?
  {
    if let chosen = environment["CAIRN_CODEX"], !chosen.isEmpty {
      if chosen == "none" { return nil }
      return FileManager.default.isExecutableFile(atPath: chosen) ? LocalCodex(path: chosen) : nil
    }
    for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/codex"
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
        !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate)
      {
        return LocalCodex(path: candidate)
      }
    }
    return nil
  }

  public struct RunFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// `codex --version`'s version (`0.147.0`).
  public func version() throws(RunFailure) -> String {
    let output = try run(["--version"])
    guard let last = output.split(whereSeparator: \.isWhitespace).last else {
      throw RunFailure(description: "`codex --version` printed nothing")
    }
    return String(last)
  }

  /// The catalog from `codex features list`, run with an empty `CODEX_HOME` so that the
  /// states it prints are the defaults. Whether a flag follows config is taken from the
  /// embedded catalog (true for flags it does not know).
  public func featureCatalog() throws(RunFailure) -> FeatureCatalog {
    let output = try run(["features", "list"])
    let rows: [FeatureListParser.Row]
    do {
      rows = try FeatureListParser.parse(output)
    } catch {
      throw RunFailure(description: "cannot read `codex features list`: \(error)")
    }
    guard !rows.isEmpty else { throw RunFailure(description: "`codex features list` was empty") }
    let embedded = FeatureCatalog.embedded
    return FeatureCatalog(
      origin: .localCodex(path: path),
      features: rows.map { row in
        FeatureSpec(
          name: row.name, stage: row.stage, defaultEnabled: row.enabled,
          followsConfig: embedded.spec(named: row.name)?.followsConfig ?? true)
      })
  }

  /// Runs codex with a fresh, empty `CODEX_HOME`, its output going to a file (so a full pipe
  /// can never block it), and a timeout.
  func run(_ arguments: [String]) throws(RunFailure) -> String {
    let fileManager = FileManager.default
    // Codex refuses to set up its sandbox helper under /tmp; /var/tmp is safe for it.
    let base = fileManager.fileExists(atPath: "/var/tmp") ? "/var/tmp" : NSTemporaryDirectory()
    var template = Array("\(base)/cairn-codex.XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw RunFailure(description: "cannot create a temporary CODEX_HOME in \(base)")
    }
    let home = String(cString: made)
    defer { try? fileManager.removeItem(atPath: home) }
    let outputPath = home + "/stdout"
    guard fileManager.createFile(atPath: outputPath, contents: nil),
      let output = FileHandle(forWritingAtPath: outputPath)
    else { throw RunFailure(description: "cannot create \(outputPath)") }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["CODEX_HOME"] = home
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    do {
      try process.run()
    } catch {
      try? output.close()
      throw RunFailure(description: "cannot run \(path): \(error.localizedDescription)")
    }
    if exited.wait(timeout: .now() + Self.timeoutSeconds) == .timedOut {
      process.terminate()
      exited.wait()
      try? output.close()
      throw RunFailure(
        description: "`codex \(arguments.joined(separator: " "))` did not finish within "
          + "\(Int(Self.timeoutSeconds)) s")
    }
    try? output.close()
    guard process.terminationStatus == 0 else {
      throw RunFailure(
        description: "`codex \(arguments.joined(separator: " "))` exited with status "
          + "\(process.terminationStatus)")
    }
    let data = fileManager.contents(atPath: outputPath) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}

/// Chooses the feature catalog: the local codex's, else the embedded one.
public enum FeatureCatalogSource {
  /// The catalog and, when a local codex was found but could not be read, why.
  public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> (catalog: FeatureCatalog, warning: String?)
  {
    guard let codex = LocalCodex.find(environment: environment) else {
      return (.embedded, nil)
    }
    do {
      return (try codex.featureCatalog(), nil)
    } catch {
      return (
        .embedded,
        "could not read the feature catalog from \(codex.path) (\(error)); using the catalog "
          + "of Codex \(EmbeddedFeatureCatalog.codexVersion) built into Cairn"
      )
    }
  }
}
