import Foundation

/// What one `codex` run did: its exit code, its output, and the rollout files that exist
/// after it.
public struct CodexRun: Sendable {
  public var arguments: [String]
  public var exitCode: Int32
  /// With `--json`, one `exec` event per line (CODEX_OBSERVED.md §4).
  public var stdout: [UInt8]
  public var stderr: String
  /// Every rollout under `CODEX_HOME/sessions` after the run, sorted by path.
  public var rolloutPaths: [String]

  public init(
    arguments: [String], exitCode: Int32, stdout: [UInt8], stderr: String, rolloutPaths: [String]
  ) {
    self.arguments = arguments
    self.exitCode = exitCode
    self.stdout = stdout
    self.stderr = stderr
    self.rolloutPaths = rolloutPaths
  }

  public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

  /// The stdout lines parsed as JSON objects (lines that are not objects are skipped).
  public var events: [[String: Any]] { jsonObjectLines(stdout) }

  /// The events whose `type` is `type`.
  public func events(ofType type: String) -> [[String: Any]] {
    events.filter { $0["type"] as? String == type }
  }

  /// The `thread_id` of the `thread.started` event.
  public var threadID: String? {
    events(ofType: "thread.started").first?["thread_id"] as? String
  }
}

/// The lines of a rollout file parsed as JSON objects (`{"timestamp","type","payload"}`).
public func rolloutLines(path: String) throws -> [[String: Any]] {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  return jsonObjectLines(Array(data))
}

/// Newline-separated JSON objects; lines that are not JSON objects are skipped.
public func jsonObjectLines(_ bytes: [UInt8]) -> [[String: Any]] {
  bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
    (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
  }
}
