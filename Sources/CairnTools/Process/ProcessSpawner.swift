#if canImport(Glibc)
  import Glibc
#endif

/// The one place Cairn calls `posix_spawn` for a tool: a new session (so the child leads
/// its own process group and has no controlling terminal until it opens one), default
/// signal dispositions and an empty signal mask (the parent may ignore SIGPIPE or block
/// signals; the child must not inherit that), every descriptor from 3 up closed, and the
/// working directory set in the child. `PlainProcess` and `LiveProcess` differ only in the
/// file actions that give the child its descriptors 0, 1 and 2.
enum ProcessSpawner {
  /// One step that sets up a descriptor of the child before it execs.
  enum FileAction: Equatable {
    /// `open(path, flags)` as `descriptor`: e.g. `/dev/null` as stdin, or a pty's slave as
    /// stdin, which (after the new session) makes it the controlling terminal.
    case open(descriptor: Int32, path: String, flags: Int32)
    /// `dup2(source, target)`.
    case duplicate(source: Int32, target: Int32)
  }

  /// Why `posix_spawn` failed: its error number.
  struct Failure: Error, Equatable {
    let code: Int32
  }

  /// Spawns `executable` (a resolved path) with `arguments` (`arguments[0]` is passed as
  /// is), the whole `environment`, in `workingDirectory`, after `fileActions`. Returns the
  /// pid; the caller owns reaping it.
  static func spawn(
    executable: String, arguments: [String], environment: [String: String],
    workingDirectory: String, fileActions: [FileAction]
  ) throws(Failure) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for action in fileActions {
      switch action {
      case .open(let descriptor, let path, let flags):
        _ = posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0)
      case .duplicate(let source, let target):
        _ = posix_spawn_file_actions_adddup2(&actions, source, target)
      }
    }
    if let closeFrom = LinuxSystemCalls.spawnActionsCloseFrom {
      _ = closeFrom(&actions, 3)
    }
    if let changeDirectory = LinuxSystemCalls.spawnActionsChangeDirectory {
      _ = workingDirectory.withCString { changeDirectory(&actions, $0) }
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    let flags =
      Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
      | LinuxSystemCalls.spawnSetSessionFlag
    posix_spawnattr_setflags(&attributes, Int16(flags))
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)

    // Without addchdir_np (glibc < 2.29) `env -C` changes directory and execs the program,
    // so the pid is still the program's own.
    var argumentVector = arguments
    var program = executable
    if LinuxSystemCalls.spawnActionsChangeDirectory == nil {
      argumentVector = ["env", "-C", workingDirectory, "--", executable] + arguments.dropFirst()
      program = "/usr/bin/env"
    }
    let argv = argumentVector.map { strdup($0) } + [nil]
    // Sorted, so a run's environment block is the same whatever the dictionary's order.
    let envp =
      environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
    guard result == 0 else { throw Failure(code: result) }
    return pid
  }

  /// A pidfd for `pid` (close-on-exec), or -1 when the kernel has none.
  static func openProcessDescriptor(_ pid: pid_t) -> Int32 {
    let descriptor = LinuxSystemCalls.processFileDescriptorOpen?(pid, 0) ?? -1
    // pidfd_open sets close-on-exec itself; this is for kernels that predate the flag.
    if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    return descriptor
  }
}
