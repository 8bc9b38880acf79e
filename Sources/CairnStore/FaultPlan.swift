import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Storage faults on demand, for tests: a thin layer over the real file system that makes
/// the writer's writes and syncs fail as a full disk or a failing device would. Production
/// code passes no plan.
public final class FaultPlan: Sendable {
  private struct State {
    var writeBytesLeft: UInt64?
    var syncsLeft: Int?
    var writes = 0
    var syncs = 0
  }

  private let state: Mutex<State>

  /// - Parameters:
  ///   - diskFullAfterBytes: writes succeed for this many bytes in total; the write that
  ///     passes it stores only the bytes that fit and then fails with ENOSPC, as a full
  ///     disk tears a write.
  ///   - failSyncAfter: this many syncs succeed; every later one fails with EIO.
  public init(diskFullAfterBytes: UInt64? = nil, failSyncAfter: Int? = nil) {
    state = Mutex(State(writeBytesLeft: diskFullAfterBytes, syncsLeft: failSyncAfter))
  }

  /// How many writes and syncs reached the plan.
  public var counts: (writes: Int, syncs: Int) {
    state.withLock { ($0.writes, $0.syncs) }
  }

  /// How many of `bytes` a write may store; the caller fails with ENOSPC after a short one.
  func admitWrite(bytes: Int) -> Int {
    state.withLock { state in
      state.writes += 1
      guard let left = state.writeBytesLeft else { return bytes }
      let admitted = Int(min(UInt64(bytes), left))
      state.writeBytesLeft = left - UInt64(admitted)
      return admitted
    }
  }

  /// Whether a sync may succeed.
  func admitSync() -> Bool {
    state.withLock { state in
      state.syncs += 1
      guard let left = state.syncsLeft else { return true }
      if left == 0 { return false }
      state.syncsLeft = left - 1
      return true
    }
  }
}
