import CairnTools
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A monotonic clock in nanoseconds, the `now` the tests pass to `PlainProcess.run`.
func monotonicNanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// The test process's environment, the way the runtime would pass it.
func inheritedEnvironment() -> [String: String] { ProcessInfo.processInfo.environment }

/// A fresh directory under /tmp, removed by the caller.
func makeTemporaryDirectory() throws -> String {
  var template = Array("/tmp/cairn-tools-XXXXXX".utf8CString)
  guard let path = mkdtemp(&template) else { throw POSIXError(.EIO) }
  return String(cString: path)
}

/// Runs `script` with `/bin/bash -c` and collects its chunks.
func runScript(
  _ script: String, directory: String = "/", limits: PlainProcessLimits = PlainProcessLimits(),
  channels: PlainProcessSpec.OutputChannels = .separate,
  cancellation: ProcessCancellation? = nil, onStarted: (Int32) -> Void = { _ in }
) throws -> (result: PlainProcessResult, chunks: [ProcessOutputChunk]) {
  var chunks: [ProcessOutputChunk] = []
  let spec = PlainProcessSpec(
    arguments: ["/bin/bash", "-c", script], workingDirectory: directory,
    environment: inheritedEnvironment(), outputChannels: channels)
  let result = try PlainProcess.run(
    spec, limits: limits, cancellation: cancellation, now: monotonicNanoseconds,
    onStarted: onStarted
  ) { chunks.append($0) }
  return (result, chunks)
}

/// Waits, through a pidfd, until process `pid` has terminated (exited or become a zombie);
/// false if it is still running after `milliseconds`. A pid that no longer exists is gone.
func processTerminates(_ pid: Int32, withinMilliseconds milliseconds: Int32) -> Bool {
  typealias Open = @convention(c) (pid_t, UInt32) -> Int32
  guard let address = dlsym(dlopen(nil, RTLD_NOW), "pidfd_open") else {
    // No pidfd: fall back to asking the kernel whether the pid is there at all.
    return kill(pid, 0) != 0
  }
  let open = unsafeBitCast(address, to: Open.self)
  let descriptor = open(pid, 0)
  if descriptor < 0 { return errno == ESRCH }
  defer { close(descriptor) }
  var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
  return poll(&entry, 1, milliseconds) == 1
}

/// The text of the output kept for the model.
func outputText(_ result: PlainProcessResult) -> String {
  String(decoding: result.output.head + result.output.tail, as: UTF8.self)
}
