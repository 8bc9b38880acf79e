import CairnTools
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension LiveProcessSuites {
  @Suite("LiveProcessTable addresses live processes by id", .timeLimit(.minutes(2)))
  struct LiveProcessTableTests {
    @Test("duplicates and a 65th process are refused; terminateAll ends every one")
    func limitsAndDuplicates() throws {
      let table = LiveProcessTable()
      #expect(table.limit == 64)
      var pids: [Int32] = []
      for id in 0..<64 {
        let process = try spawnLive("exec cat", tty: id % 2 == 0)
        pids.append(process.processID)
        try table.insert(process, id: 1_000 + id)
      }
      let extra = try spawnLive("exec cat", tty: false)
      #expect(throws: LiveProcessTableError.duplicate(1_000)) { try table.insert(extra, id: 1_000) }
      #expect(throws: LiveProcessTableError.full(limit: 64)) { try table.insert(extra, id: 5) }
      #expect(table.ids == Array(1_000..<1_064))
      #expect(table.process(1_003)?.processID == pids[3])
      #expect(table.process(7) == nil)

      let removed = try #require(table.remove(1_010))
      #expect(removed.processID == pids[10])
      #expect(table.ids.count == 63)
      try table.insert(extra, id: 5)
      #expect(table.ids.first == 5)

      table.terminateAll()
      #expect(table.ids.isEmpty)
      for (index, pid) in pids.enumerated() where index != 10 {
        #expect(isReaped(pid))
      }
      #expect(isReaped(extra.processID))
      removed.terminate()
      #expect(isReaped(removed.processID))
    }
  }
}
