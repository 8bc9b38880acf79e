#if canImport(Glibc)
  import Glibc
#endif

/// A progress bar on standard error, drawn only when stderr is a terminal and the work
/// has run for more than a second.
final class ProgressBar {
  private let label: String
  private let total: UInt64
  private let started = ProgressBar.monotonicSeconds()
  private var drawn = false

  init(label: String, total: UInt64) {
    self.label = label
    self.total = total
  }

  func update(_ done: UInt64) {
    guard StandardError.isTerminal, total > 0 else { return }
    let elapsed = ProgressBar.monotonicSeconds() - started
    guard elapsed >= 1 else { return }
    let fraction = min(Double(done) / Double(total), 1)
    let width = 30
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    StandardError.write("\r\(label) \(bar) \(Int(fraction * 100))% (\(done)/\(total))")
    drawn = true
  }

  func finish() {
    if drawn {
      update(total)
      StandardError.write("\n")
    }
  }

  static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}
