/// Whether a command that failed inside the sandbox probably failed *because* of it: the
/// `on-failure` approval policy then offers to run it again outside. A guess from the
/// output, as Codex makes it; a wrong guess only costs the user a question.
///
/// ```swift
/// SandboxDenial.isLikely(exitCode: 1, output: Array("touch: cannot touch 'x': Read-only file system\n".utf8))
/// // true
/// ```
public enum SandboxDenial {
  /// Messages the kernel's refusals turn into in common tools.
  static let markers = [
    "Read-only file system", "Permission denied", "Operation not permitted",
    "Network is unreachable", "Could not resolve host", "Temporary failure in name resolution",
    "Name or service not known", "unable to access", "EROFS", "EACCES", "EPERM",
  ]

  public static func isLikely(exitCode: Int32, output: [UInt8]) -> Bool {
    guard exitCode != 0 else { return false }
    let text = String(decoding: output, as: UTF8.self)
    return markers.contains { text.contains($0) }
  }
}
