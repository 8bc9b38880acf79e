import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// A spawned child and the parent's descriptors for it: the reading ends of its output
/// pipes and, when the kernel has them, a pidfd that polls readable when it exits.
struct ChildProcess {
  struct Output {
    var descriptor: Int32
    let stream: OutputStream
  }

  let pid: pid_t
  var outputs: [Output]
  private(set) var processDescriptor: Int32
  private var reapedStatus: Int32?

  var openOutputs: Int { outputs.count { $0.descriptor >= 0 } }

  /// Spawns `program` with `spec`'s arguments, directory and environment, in a new session,
  /// with default signal dispositions and an empty signal mask (the parent may ignore
  /// SIGPIPE; the child must not inherit that).
  static func spawn(program: String, spec: PlainProcessSpec) throws(PlainProcessError)
    -> ChildProcess
  {
    var pipes: [(read: Int32, write: Int32)] = []
    let streams: [OutputStream] = spec.outputChannels == .merged ? [.stdout] : [.stdout, .stderr]
    for _ in streams {
      guard let pipe = LinuxSystemCalls.makeCloseOnExecPipe() else {
        let code = errno
        for pipe in pipes {
          close(pipe.read)
          close(pipe.write)
        }
        throw .systemCallFailed(call: "pipe", errno: code)
      }
      pipes.append(pipe)
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipes[0].write, 1)
    posix_spawn_file_actions_adddup2(&actions, pipes[pipes.count - 1].write, 2)
    if let closeFrom = LinuxSystemCalls.spawnActionsCloseFrom {
      _ = closeFrom(&actions, 3)
    }
    let directory = spec.workingDirectory
    if let changeDirectory = LinuxSystemCalls.spawnActionsChangeDirectory {
      _ = directory.withCString { changeDirectory(&actions, $0) }
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
    var arguments = spec.arguments
    var executable = program
    if LinuxSystemCalls.spawnActionsChangeDirectory == nil {
      arguments = ["env", "-C", directory, "--", program] + arguments.dropFirst()
      executable = "/usr/bin/env"
    }
    let argv = arguments.map { strdup($0) } + [nil]
    // Sorted, so a run's environment block is the same whatever the dictionary's order.
    let envp =
      spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    for pipe in pipes { close(pipe.write) }
    guard result == 0 else {
      for pipe in pipes { close(pipe.read) }
      throw .spawnFailed(program: spec.arguments[0], errno: result)
    }
    let processDescriptor = LinuxSystemCalls.processFileDescriptorOpen?(pid, 0) ?? -1
    if processDescriptor >= 0 { _ = fcntl(processDescriptor, F_SETFD, FD_CLOEXEC) }
    return ChildProcess(
      pid: pid,
      outputs: zip(pipes, streams).map { Output(descriptor: $0.0.read, stream: $0.1) },
      processDescriptor: processDescriptor, reapedStatus: nil)
  }

  /// Whether the child has exited, without reaping it (its zombie keeps the pid, and so
  /// the process group id, from being reused until `reap()`).
  func hasExited() -> Bool {
    var info = siginfo_t()
    let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
    return result == 0 && info._sifields._sigchld.si_pid == pid
  }

  mutating func closeOutput(at index: Int) {
    guard outputs[index].descriptor >= 0 else { return }
    close(outputs[index].descriptor)
    outputs[index].descriptor = -1
  }

  /// Waits for the child (which has exited or been killed) and returns how it ended.
  mutating func reap() -> ProcessTermination {
    if let reapedStatus { return .fromWaitStatus(reapedStatus) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else {
        // ECHILD: someone else reaped it (a SIGCHLD handler set to SIG_IGN); the status
        // is lost, so report the kill the run would have sent.
        status = SIGKILL
        break
      }
    }
    reapedStatus = status
    return .fromWaitStatus(status)
  }

  mutating func closeDescriptors() {
    for index in outputs.indices { closeOutput(at: index) }
    if processDescriptor >= 0 {
      close(processDescriptor)
      processDescriptor = -1
    }
  }
}
