import CairnModel
import CairnTools
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The write end of the pipe the SIGINT handler signals through (the only thing a signal
/// handler may touch: an async-signal-safe `write` to a descriptor).
nonisolated(unsafe) private var interruptPipeWrite: Int32 = -1

/// Ctrl-C during a run: the first SIGINT cancels the turn (the transfer stops, the running
/// command's process group is killed, and the runner records the turn as interrupted with
/// what arrived); a second one exits at once with 130. The handler only writes a byte to a
/// pipe; a thread of its own reads it and does the rest.
final class InterruptWatcher: @unchecked Sendable {
  init(cancel: CancellationFlag, processes: ProcessCancellation) {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { return }
    for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    interruptPipeWrite = descriptors[1]
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      var byte: UInt8 = 1
      _ = write(interruptPipeWrite, &byte, 1)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
    let readEnd = descriptors[0]
    Thread {
      var count = 0
      var byte: UInt8 = 0
      while true {
        let got = read(readEnd, &byte, 1)
        if got < 0 && errno == EINTR { continue }
        guard got == 1 else { return }
        count += 1
        if count == 1 {
          StandardError.write("\ninterrupting the turn (Ctrl-C again to quit now)\n")
          cancel.cancel()
          processes.cancel()
        } else {
          exit(130)
        }
      }
    }.start()
  }

  func stop() {}
}
