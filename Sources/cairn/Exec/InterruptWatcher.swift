import CairnModel
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C during a run: the first SIGINT cancels the turn (the runner records it as
/// interrupted and keeps what arrived); a second one exits at once with 130. SIGINT is
/// blocked in every thread and taken by a thread waiting for it, so no handler runs in
/// signal context.
final class InterruptWatcher: @unchecked Sendable {
  private let thread: Thread

  init(cancel: CancellationFlag) {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    let waitSet = set
    thread = Thread {
      var set = waitSet
      var count = 0
      while true {
        var signal: Int32 = 0
        guard sigwait(&set, &signal) == 0 else { continue }
        count += 1
        if count == 1 {
          StandardError.write("\ninterrupting the turn (Ctrl-C again to quit now)\n")
          cancel.cancel()
        } else {
          exit(130)
        }
      }
    }
    thread.start()
  }

  func stop() {}
}
