import CairnCore

#if canImport(Glibc)
  import Glibc
#endif

/// The descriptors only the reader thread touches (apart from the master, which callers
/// also use for resizing under the lock, and which the thread closes last).
struct LiveProcessDescriptors {
  struct Output {
    var descriptor: Int32
    let stream: OutputStream
  }

  var outputs: [Output]
  /// Where input is written: the master (for a terminal) or the stdin pipe's write end.
  var input: Int32
  var processDescriptor: Int32
  var wakeRead: Int32
  /// A terminal's master, closed only at the end (it is the output and the input, and the
  /// thread stops using either before the end); -1 for pipes.
  var master: Int32 = -1

  var openOutputs: Int { outputs.count { $0.descriptor >= 0 } }

  /// Closes everything, each descriptor once (a terminal's master is both an output and
  /// the input).
  mutating func closeAll() {
    var closed: Set<Int32> = []
    for descriptor in outputs.map(\.descriptor) + [input, processDescriptor, wakeRead, master]
    where descriptor >= 0 && closed.insert(descriptor).inserted {
      close(descriptor)
    }
    for index in outputs.indices { outputs[index].descriptor = -1 }
    input = -1
    processDescriptor = -1
    wakeRead = -1
    master = -1
  }
}

/// The context handed to the reader thread through `pthread_create`'s `void *`.
private final class ReaderStart {
  let core: LiveProcessCore
  let descriptors: LiveProcessDescriptors

  init(core: LiveProcessCore, descriptors: LiveProcessDescriptors) {
    self.core = core
    self.descriptors = descriptors
  }
}

extension LiveProcessCore {
  /// Resolves the program, makes the descriptors, spawns the child and starts its thread.
  static func start(_ spec: LiveProcessSpec, bufferedBytesMax: Int) throws(LiveProcessError)
    -> LiveProcessCore
  {
    let program: String
    do {
      program = try ProgramLookup.resolve(spec.arguments, environment: spec.environment)
      try ProgramLookup.checkWorkingDirectory(spec.workingDirectory)
    } catch {
      throw LiveProcessError(error)
    }
    guard let wake = LinuxSystemCalls.makeCloseOnExecPipe() else {
      throw .systemCallFailed(call: "pipe", errno: errno)
    }
    setNonBlocking(wake.read)
    setNonBlocking(wake.write)
    let spawned: (pid: pid_t, descriptors: LiveProcessDescriptors, master: Int32)
    do throws(LiveProcessError) {
      spawned =
        spec.tty
        ? try spawnInTerminal(program: program, spec: spec, wakeRead: wake.read)
        : try spawnWithPipes(program: program, spec: spec, wakeRead: wake.read)
    } catch {
      close(wake.read)
      close(wake.write)
      throw error
    }
    let core = LiveProcessCore(
      pid: spawned.pid, tty: spec.tty, bufferedBytesMax: bufferedBytesMax,
      wakeWriteDescriptor: wake.write, masterDescriptor: spawned.master)
    let context = Unmanaged.passRetained(
      ReaderStart(core: core, descriptors: spawned.descriptors)
    ).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { raw in
        let start = Unmanaged<ReaderStart>.fromOpaque(raw!).takeRetainedValue()
        start.core.runReader(start.descriptors)
        return nil
      }, context)
    guard result == 0 else {
      // No thread to look after the child: end it here and leave nothing behind.
      let start = Unmanaged<ReaderStart>.fromOpaque(context).takeRetainedValue()
      var descriptors = start.descriptors
      kill(-spawned.pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(spawned.pid, &status, 0) < 0 && errno == EINTR {}
      descriptors.closeAll()
      close(wake.write)
      throw .systemCallFailed(call: "pthread_create", errno: result)
    }
    pthread_detach(thread)
    return core
  }

  private static func spawnInTerminal(program: String, spec: LiveProcessSpec, wakeRead: Int32)
    throws(LiveProcessError) -> (pid: pid_t, descriptors: LiveProcessDescriptors, master: Int32)
  {
    let terminal: PseudoTerminal
    do {
      terminal = try PseudoTerminal.open(size: spec.size)
    } catch {
      switch error {
      case .systemCallFailed(let call, let code): throw .systemCallFailed(call: call, errno: code)
      }
    }
    // Opened without O_NOCTTY after the new session, the slave becomes the child's
    // controlling terminal.
    let actions: [ProcessSpawner.FileAction] = [
      .open(descriptor: 0, path: terminal.slavePath, flags: O_RDWR),
      .duplicate(source: 0, target: 1),
      .duplicate(source: 0, target: 2),
    ]
    let pid: pid_t
    do {
      pid = try ProcessSpawner.spawn(
        executable: program, arguments: spec.arguments, environment: spec.environment,
        workingDirectory: spec.workingDirectory, fileActions: actions)
    } catch {
      close(terminal.master)
      throw .spawnFailed(program: spec.arguments[0], errno: error.code)
    }
    setNonBlocking(terminal.master)
    let descriptors = LiveProcessDescriptors(
      outputs: [.init(descriptor: terminal.master, stream: .pty)], input: terminal.master,
      processDescriptor: ProcessSpawner.openProcessDescriptor(pid), wakeRead: wakeRead,
      master: terminal.master)
    return (pid, descriptors, terminal.master)
  }

  private static func spawnWithPipes(program: String, spec: LiveProcessSpec, wakeRead: Int32)
    throws(LiveProcessError) -> (pid: pid_t, descriptors: LiveProcessDescriptors, master: Int32)
  {
    var pipes: [(read: Int32, write: Int32)] = []
    for _ in 0..<3 {
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
    let (input, standardOutput, standardError) = (pipes[0], pipes[1], pipes[2])
    let actions: [ProcessSpawner.FileAction] = [
      .duplicate(source: input.read, target: 0),
      .duplicate(source: standardOutput.write, target: 1),
      .duplicate(source: standardError.write, target: 2),
    ]
    let pid: pid_t
    do {
      pid = try ProcessSpawner.spawn(
        executable: program, arguments: spec.arguments, environment: spec.environment,
        workingDirectory: spec.workingDirectory, fileActions: actions)
    } catch {
      for pipe in pipes {
        close(pipe.read)
        close(pipe.write)
      }
      throw .spawnFailed(program: spec.arguments[0], errno: error.code)
    }
    close(input.read)
    close(standardOutput.write)
    close(standardError.write)
    // The thread writes input only when poll says there is room, but a write larger than
    // the room must still return short rather than block.
    setNonBlocking(input.write)
    let descriptors = LiveProcessDescriptors(
      outputs: [
        .init(descriptor: standardOutput.read, stream: .stdout),
        .init(descriptor: standardError.read, stream: .stderr),
      ], input: input.write, processDescriptor: ProcessSpawner.openProcessDescriptor(pid),
      wakeRead: wakeRead)
    return (pid, descriptors, -1)
  }

  private static func setNonBlocking(_ descriptor: Int32) {
    let flags = fcntl(descriptor, F_GETFL)
    _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
  }
}
