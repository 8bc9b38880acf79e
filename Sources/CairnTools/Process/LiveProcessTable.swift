import Synchronization

/// Many live processes addressed by id, as the model addresses `exec_command` sessions in
/// `write_stdin`: duplicates refused, at most `limit` at once (Codex caps unified exec at
/// 64). Thread-safe.
public final class LiveProcessTable: @unchecked Sendable {
  public let limit: Int
  private let processes = Mutex<[Int: LiveProcess]>([:])

  public init(limit: Int = 64) {
    self.limit = limit
  }

  /// Registers `process` under `id`.
  public func insert(_ process: LiveProcess, id: Int) throws(LiveProcessTableError) {
    let refusal: LiveProcessTableError? = processes.withLock { table in
      if table[id] != nil { return .duplicate(id) }
      if table.count >= limit { return .full(limit: limit) }
      table[id] = process
      return nil
    }
    if let refusal { throw refusal }
  }

  public func process(_ id: Int) -> LiveProcess? {
    processes.withLock { $0[id] }
  }

  /// Unregisters and returns the process under `id` (it keeps running: the caller decides).
  public func remove(_ id: Int) -> LiveProcess? {
    processes.withLock { $0.removeValue(forKey: id) }
  }

  /// The registered ids, ascending.
  public var ids: [Int] {
    processes.withLock { $0.keys.sorted() }
  }

  /// The grace `terminateAll()` gives each group between SIGTERM and SIGKILL.
  public static let terminationGraceMilliseconds = 2_000

  /// Terminates every registered process (SIGTERM, grace, SIGKILL, reap) and empties the
  /// table.
  public func terminateAll() {
    let graceMilliseconds = Self.terminationGraceMilliseconds
    let all = processes.withLock { table in
      let all = table.values
      table.removeAll()
      return Array(all)
    }
    // SIGTERM to every group first, then wait: the graces run side by side, not one
    // after another.
    for process in all { process.core.beginTermination(graceMilliseconds: graceMilliseconds) }
    for process in all { process.core.waitUntilFinished() }
  }
}
