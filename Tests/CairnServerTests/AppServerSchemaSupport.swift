import CairnTestSupport
import Foundation

/// What the schema tests share: running the generators (cairn's and codex's), a scratch
/// directory outside /tmp, the Python `jsonschema` validator and `tsc`.
enum AppServerSchemaSupport {
  /// A fresh directory beside the cairn binary (the build directory, not /tmp: codex's home
  /// must not be under /tmp).
  static func scratch(_ name: String) throws -> String {
    let binary = try CairnExecutable.require()
    var base = (binary as NSString).deletingLastPathComponent + "/schema-test-runs"
    if base.hasPrefix("/tmp/") { base = "/var/tmp/cairn-schema-test-runs" }
    try FileManager.default.createDirectory(
      atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let directory = base + "/" + name + "-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return directory
  }

  static var environment: [String: String] {
    let parent = ProcessInfo.processInfo.environment
    return [
      "PATH": parent["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": parent["HOME"] ?? "/",
      "LANG": "C.UTF-8", "TZ": "UTC",
    ]
  }

  /// Runs a program to its end; returns exit status, stdout and stderr.
  static func run(
    _ arguments: [String], environment: [String: String]? = nil, seconds: Double = 120
  )
    throws -> (code: Int32, stdout: String, stderr: String)
  {
    let process = try SpawnedProcess(arguments, environment: environment ?? Self.environment)
    let code = try process.waitForExit(
      withinSeconds: seconds, what: arguments.prefix(3).joined(separator: " "))
    return (
      code, String(decoding: process.stdout, as: UTF8.self),
      process.stderr
    )
  }

  /// `cairn app-server <generator> --out DIR [extra…]`, which must succeed silently.
  static func cairnGenerate(_ generator: String, out: String, _ extra: [String] = []) throws {
    let cairn = try CairnExecutable.require()
    let result = try run([cairn, "app-server", generator, "--out", out] + extra)
    guard result.code == 0, result.stdout.isEmpty else {
      throw HarnessFailure(
        "cairn app-server \(generator) exited \(result.code): \(result.stdout)\(result.stderr)")
    }
  }

  /// `codex app-server <generator> --out DIR [extra…]` in a loopback-only network namespace,
  /// with its home under `home` (outside /tmp).
  static func codexGenerate(_ generator: String, out: String, home: String, _ extra: [String])
    throws
  {
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    var environment = Self.environment
    environment["CODEX_HOME"] = home
    let result = try run(
      [
        "unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$@\"", "_", "codex", "app-server",
        generator, "--out", out,
      ] + extra, environment: environment)
    guard result.code == 0 else {
      throw HarnessFailure("codex app-server \(generator) exited \(result.code): \(result.stderr)")
    }
  }

  /// The python3 that imports jsonschema 4.26.0, or a failure that says how to get it.
  static func requirePythonJSONSchema() throws -> String {
    let path = Self.environment["PATH"]!
    guard let python = try? SpawnedProcessPath.find("python3", path: path) else {
      throw HarnessFailure(
        "python3 is not on PATH: run tools/bootstrap (it installs jsonschema==4.26.0)")
    }
    let check = try run([
      python, "-c",
      "import sys, jsonschema, importlib.metadata as m; print(m.version('jsonschema'))",
    ])
    guard check.code == 0 else {
      throw HarnessFailure(
        "python3 cannot import jsonschema (\(check.stderr.suffix(300))): run tools/bootstrap, "
          + "which installs jsonschema==4.26.0")
    }
    return python
  }

  /// Runs a Python program (written to `directory`) with arguments; returns its result.
  static func python(_ source: String, in directory: String, _ arguments: [String]) throws
    -> (code: Int32, stdout: String, stderr: String)
  {
    let python = try requirePythonJSONSchema()
    let script = directory + "/check.py"
    try Data(source.utf8).write(to: URL(fileURLWithPath: script))
    return try run([python, script] + arguments)
  }

  /// Every regular file under `root`, relative path → bytes.
  static func tree(_ root: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else {
      throw HarnessFailure("cannot list \(root)")
    }
    for case let path as String in walker {
      var isDirectory: ObjCBool = false
      let full = root + "/" + path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
      }
    }
    return files
  }
}
