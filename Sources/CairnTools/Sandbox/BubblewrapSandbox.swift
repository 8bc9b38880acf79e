#if canImport(Glibc)
  import Glibc
#endif

/// Runs a command inside a bubblewrap (`bwrap`) sandbox that enforces a `SandboxPolicy`:
/// the whole file system mounted read-only, the writable roots bound back read-write, a
/// fresh `/dev` and `/proc` in a new PID namespace, no network interfaces but a down
/// loopback (`--unshare-net`) unless the policy allows the network, and the sandbox dies
/// with its parent and has no controlling terminal (`--die-with-parent`, `--new-session`).
/// `danger-full-access` runs the command unwrapped.
///
/// ```swift
/// let bwrap = try BubblewrapSandbox.locate(searchPath: environment["PATH"])
/// let wrapped = BubblewrapSandbox.wrap(spec, policy: policy, bwrapPath: bwrap)
/// let result = try PlainProcess.run(wrapped, now: clock) { chunk in … }
/// ```
public enum BubblewrapSandbox {
  /// The entries of a writable root that are bound back read-only.
  static let protectedNames = [".git", ".codex"]

  /// The `bwrap` executable on `searchPath` (a `PATH` value).
  public static func locate(searchPath: String?) throws(SandboxError) -> String {
    for directory in (searchPath ?? "").split(separator: ":") where !directory.isEmpty {
      let candidate = directory.hasSuffix("/") ? "\(directory)bwrap" : "\(directory)/bwrap"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    throw .bubblewrapNotFound(searchPath: searchPath)
  }

  /// bwrap's own options for `policy`, up to and including the `--` before the command.
  /// Writable roots that do not exist are left out (bwrap refuses to bind them); existing
  /// ones are resolved through symlinks, since bwrap binds the path it is given. A root's
  /// `.git` and `.codex` stay read-only.
  /// A permission profile's `fileSystem` replaces all of that (see
  /// `bubblewrapOptions(for: SandboxFileSystem)`).
  public static func bubblewrapOptions(for policy: SandboxPolicy) -> [String] {
    var options = ["--new-session", "--die-with-parent"]
    if let fileSystem = policy.fileSystem {
      options += bubblewrapOptions(for: fileSystem)
    } else {
      options += ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid", "--proc", "/proc"]
    }
    if policy.fileSystem == nil && policy.mode == .workspaceWrite {
      for root in policy.writableRoots {
        guard let resolved = resolvedDirectory(root) else { continue }
        options += ["--bind", resolved, resolved]
        // As Codex: a writable root's `.git` and `.codex` stay read-only, so a command
        // cannot rewrite hooks or the agent's own config.
        for name in protectedNames {
          let path = resolved == "/" ? "/" + name : resolved + "/" + name
          if access(path, F_OK) == 0 { options += ["--ro-bind", path, path] }
        }
      }
    }
    if !policy.networkAccess { options.append("--unshare-net") }
    options.append("--")
    return options
  }

  /// `spec` with its command wrapped in bwrap for `policy`; unchanged for
  /// `danger-full-access`. The working directory and environment stay the same (bwrap
  /// changes into the same directory inside the sandbox, and for a permission profile
  /// fails when the profile leaves it out).
  public static func wrap(_ spec: PlainProcessSpec, policy: SandboxPolicy, bwrapPath: String)
    -> PlainProcessSpec
  {
    guard policy.mode != .dangerFullAccess else { return spec }
    var options = bubblewrapOptions(for: policy)
    if policy.fileSystem != nil {
      // A profile may leave the directory out; bwrap would then quietly start the command
      // in `/`. With --chdir it fails instead, naming the directory.
      options.insert(contentsOf: ["--chdir", spec.workingDirectory], at: options.count - 1)
    }
    var wrapped = spec
    wrapped.arguments = [bwrapPath] + options + spec.arguments
    return wrapped
  }

  /// Runs `spec` under `policy` with `PlainProcess`: the exit status in the result is the
  /// command's own (bwrap passes it through). bwrap is looked up on the `PATH` of
  /// `spec.environment` unless `bwrapPath` is given; it is not needed for
  /// `danger-full-access`.
  public static func run(
    _ spec: PlainProcessSpec, policy: SandboxPolicy, bwrapPath: String? = nil,
    limits: PlainProcessLimits = PlainProcessLimits(), cancellation: ProcessCancellation? = nil,
    now: () -> UInt64, onOutput: (ProcessOutputChunk) -> Void
  ) throws(SandboxError) -> PlainProcessResult {
    var wrapped = spec
    if policy.mode != .dangerFullAccess {
      var bwrap = bwrapPath ?? ""
      if bwrapPath == nil { bwrap = try locate(searchPath: spec.environment["PATH"]) }
      wrapped = wrap(spec, policy: policy, bwrapPath: bwrap)
    }
    do {
      return try PlainProcess.run(
        wrapped, limits: limits, cancellation: cancellation, now: now, onOutput: onOutput)
    } catch {
      throw .process(error)
    }
  }

  /// `path` with symlinks resolved, when it is an existing directory.
  static func resolvedDirectory(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    var status = stat()
    guard stat(resolved, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
    return String(cString: resolved)
  }
}
