import ArgumentParser
import CairnCodex
import CairnTools
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The parts of `cairn sandbox`: the profile as a `SandboxPolicy`, and the run.
enum SandboxCommandSupport {
  /// `-C DIR` made absolute (the current directory without it); it must exist.
  static func workingDirectory(_ option: String?) throws -> String {
    let current = FileManager.default.currentDirectoryPath
    guard let option else { return current }
    let path = option.hasPrefix("/") ? option : current + "/" + option
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw ValidationError("-C/--cd: \(option) is not a directory") }
    return URL(fileURLWithPath: path).standardizedFileURL.path
  }

  static func environment() -> [String: String] { ProcessInfo.processInfo.environment }

  /// The policy of profile `name`: a built-in `:name`, else `[permissions.NAME]`. The
  /// profile's warnings go to stderr.
  static func policy(
    named name: String, config: CodexConfig, workingDirectory: String,
    environment: [String: String]
  ) throws(PermissionProfileError) -> SandboxPolicy {
    let resolved = try config.permissionsPolicy(
      named: name, workingDirectory: workingDirectory, environment: environment)
    for warning in resolved.warnings { StandardError.write("cairn sandbox: warning: \(warning)\n") }
    return resolved.policy
  }

  /// Runs `command` under `policy`, its output passed straight through; returns its exit
  /// status (128 + the signal when a signal ended it).
  static func run(
    _ command: [String], in directory: String, environment: [String: String],
    policy: SandboxPolicy
  ) throws -> Int32 {
    let spec = PlainProcessSpec(
      arguments: command, workingDirectory: directory, environment: environment)
    // Everything is written through as it arrives; nothing needs to be kept.
    let limits = PlainProcessLimits(keptOutputBytesMax: 4096)
    let result = try BubblewrapSandbox.run(
      spec, policy: policy, limits: limits, now: monotonicNanoseconds
    ) { chunk in
      writeAll(chunk.stream == .stderr ? 2 : 1, chunk.bytes)
    }
    return result.termination.exitCode
  }

  private static func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  /// Writes all of `bytes` to `descriptor`; a closed reader just loses the rest.
  private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
      }
    }
  }
}
