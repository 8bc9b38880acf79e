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

  /// Spawns `program` with `spec`'s arguments, directory and environment through
  /// `ProcessSpawner` (a new session, default signals), stdin from `/dev/null`.
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

    let fileActions: [ProcessSpawner.FileAction] = [
      .open(descriptor: 0, path: "/dev/null", flags: O_RDONLY),
      .duplicate(source: pipes[0].write, target: 1),
      .duplicate(source: pipes[pipes.count - 1].write, target: 2),
    ]
    let pid: pid_t
    do {
      pid = try ProcessSpawner.spawn(
        executable: program, arguments: spec.arguments, environment: spec.environment,
        workingDirectory: spec.workingDirectory, fileActions: fileActions)
    } catch {
      for pipe in pipes {
        close(pipe.read)
        close(pipe.write)
      }
      throw .spawnFailed(program: spec.arguments[0], errno: error.code)
    }
    for pipe in pipes { close(pipe.write) }
    let processDescriptor = ProcessSpawner.openProcessDescriptor(pid)
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
