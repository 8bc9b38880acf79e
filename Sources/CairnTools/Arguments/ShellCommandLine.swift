#if canImport(Glibc)
  import Glibc
#endif

/// Builds the argument vector that runs a model's shell script, as Codex does:
/// `[shell, "-lc", script]` for a login shell, `[shell, "-c", script]` otherwise.
enum ShellCommandLine {
  /// The shells that take `-c SCRIPT` (and `-l`) the POSIX way. PowerShell and cmd.exe,
  /// which Codex also knows, have no place on Linux.
  static let posixShells: Set<String> = ["bash", "zsh", "sh", "dash", "ksh", "mksh", "yash"]

  static func make(script: String, shell: String, login: Bool, environment: [String: String])
    throws(ToolArgumentsError) -> [String]
  {
    let name = shell.split(separator: "/").last.map(String.init) ?? shell
    guard posixShells.contains(name) else {
      throw .invalidValue(
        field: "shell", value: "\"\(shell)\"",
        expected: "a POSIX shell (\(posixShells.sorted().joined(separator: ", ")))")
    }
    let path = try locate(shell, environment: environment)
    return [path, login ? "-lc" : "-c", script]
  }

  /// `shell` itself when it is a path, else the first executable of that name on the
  /// `PATH` of `environment`.
  private static func locate(_ shell: String, environment: [String: String])
    throws(ToolArgumentsError) -> String
  {
    if shell.contains("/") {
      guard access(shell, X_OK) == 0 else {
        throw .invalidValue(
          field: "shell", value: "\"\(shell)\"", expected: "an executable shell that exists")
      }
      return shell
    }
    let path = environment["PATH"] ?? ""
    for directory in path.split(separator: ":") where access("\(directory)/\(shell)", X_OK) == 0 {
      return "\(directory)/\(shell)"
    }
    throw .invalidValue(
      field: "shell", value: "\"\(shell)\"", expected: "a shell on PATH (\(path))")
  }

  /// `directory` against `base`: nil or empty is `base`, an absolute path is itself, a
  /// relative one is joined to `base` (the kernel resolves any `..`).
  static func resolve(_ directory: String?, against base: String) -> String {
    guard let directory, !directory.isEmpty else { return base }
    if directory.hasPrefix("/") { return directory }
    if directory == "." { return base }
    return base.hasSuffix("/") ? base + directory : base + "/" + directory
  }
}
