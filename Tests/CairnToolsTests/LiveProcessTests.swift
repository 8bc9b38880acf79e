import CairnCore
import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension LiveProcessSuites {
  @Suite("LiveProcess runs real processes in PTYs and pipes", .timeLimit(.minutes(3)))
  struct LiveProcessTests {
    @Test("a PTY runs echo hi: output tagged pty, exit code 0")
    func terminalEcho() throws {
      let process = try spawnLive("echo hi", tty: true)
      #expect(process.tty)
      var chunks: [ProcessOutputChunk] = []
      var termination: ProcessTermination?
      while termination == nil {
        let drain = process.waitAndDrain(milliseconds: 1_000)
        chunks += drain.chunks
        termination = drain.termination
      }
      #expect(text(chunks.flatMap(\.bytes)) == "hi\r\n")
      #expect(chunks.allSatisfy { $0.stream == .pty })
      #expect(termination == .exited(code: 0))
      #expect(process.hasExited)
      // Once drained, later drains are empty and keep the termination.
      let after = process.waitAndDrain(milliseconds: 0)
      #expect(after == LiveProcessDrain(chunks: [], omittedBytes: 0, termination: .exited(code: 0)))
    }

    @Test("pipes: stdout and stderr arrive separately tagged; the exit status is kept")
    func pipesSeparateStreams() throws {
      let process = try spawnLive("echo out; echo err >&2; exit 7", tty: false)
      #expect(!process.tty)
      var chunks: [ProcessOutputChunk] = []
      var termination: ProcessTermination?
      while termination == nil {
        let drain = process.waitAndDrain(milliseconds: 1_000)
        chunks += drain.chunks
        termination = drain.termination
      }
      #expect(termination == .exited(code: 7))
      #expect(text(chunks.filter { $0.stream == .stdout }.flatMap(\.bytes)) == "out\n")
      #expect(text(chunks.filter { $0.stream == .stderr }.flatMap(\.bytes)) == "err\n")
    }

    @Test("isatty is true for all three descriptors in a PTY, which is the controlling tty")
    func terminalIsATerminal() throws {
      let script =
        "if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then echo tty; else echo notty; fi; "
        + "if (: < /dev/tty) 2>/dev/null; then echo ctty; else echo noctty; fi"
      let terminal = collectUntilExit(try spawnLive(script, tty: true))
      #expect(text(terminal.bytes) == "tty\r\nctty\r\n")
      let pipes = collectUntilExit(try spawnLive(script, tty: false))
      #expect(text(pipes.bytes) == "notty\nnoctty\n")
    }

    @Test("the window size is what the spec says, and resize changes it")
    func windowSizeAndResize() throws {
      let sized = collectUntilExit(
        try spawnLive("stty size", tty: true, size: TerminalSize(rows: 30, columns: 100)))
      #expect(text(sized.bytes) == "30 100\r\n")

      // The shell waits for a line, so the resize happens before `stty size` runs.
      let process = try spawnLive("read line; stty size", tty: true)
      try process.resize(TerminalSize(rows: 50, columns: 132))
      try process.write(Array("\n".utf8))
      let (bytes, termination) = collectUntilExit(process)
      #expect(text(bytes).hasSuffix("50 132\r\n"))
      #expect(termination == .exited(code: 0))
      #expect(throws: LiveProcessError.exited) { try process.resize(.standard) }
    }

    @Test("cat in a PTY echoes what is written; closeInput sends EOF (^D) and cat ends")
    func terminalCatRoundTrip() throws {
      let process = try spawnLive("exec cat", tty: true)
      try process.write(Array("hello\n".utf8))
      // The terminal echoes the line, then cat prints it.
      let bytes = collect(process, until: "hello\r\nhello\r\n")
      #expect(text(bytes) == "hello\r\nhello\r\n")
      // A partial line needs two ^D: the first hands the line over, the second is EOF.
      try process.write(Array("tail".utf8))
      process.closeInput()
      let (rest, termination) = collectUntilExit(process)
      #expect(text(rest).hasPrefix("tail"))
      #expect(contains(Array(text(rest).utf8), Array("tail".utf8)))
      #expect(termination == .exited(code: 0))
    }

    @Test("closeInput ends cat on pipes after the queued input is written")
    func pipesCloseInputEndsCat() throws {
      let process = try spawnLive("exec cat", tty: false)
      try process.write(Array("abc".utf8))
      try process.write(Array("def\n".utf8))
      process.closeInput()
      #expect(throws: LiveProcessError.inputClosed) { try process.write([0x41]) }
      let (bytes, termination) = collectUntilExit(process)
      #expect(text(bytes) == "abcdef\n")
      #expect(termination == .exited(code: 0))
      #expect(throws: LiveProcessError.notATerminal) { try process.resize(.standard) }
    }

    @Test("megabytes written to a slow reader are queued, never block, and arrive whole")
    func largeQueuedInput() throws {
      let process = try spawnLive("exec cat", tty: false, bufferedBytesMax: 8 << 20)
      let block = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
      for _ in 0..<4 { try process.write(block) }
      process.closeInput()
      let (bytes, termination) = collectUntilExit(process)
      #expect(bytes.count == 4 << 20)
      #expect(bytes == block + block + block + block)
      #expect(termination == .exited(code: 0))
    }

    @Test("writes after the exit fail with .exited")
    func writeAfterExit() throws {
      let process = try spawnLive("exit 0", tty: false)
      _ = collectUntilExit(process)
      #expect(throws: LiveProcessError.exited) { try process.write([0x41]) }
      #expect(throws: LiveProcessError.exited) { try process.signal(SIGTERM) }
    }

    @Test(
      "signal(SIGINT) ends the whole group, grandchild included", arguments: [true, false])
    func interruptEndsGroup(tty: Bool) throws {
      let process = try spawnLive("sleep 1000 & echo $!; sleep 1000", tty: tty)
      let grandchild = try #require(firstLineNumber(collect(process, until: "\n")))
      #expect(waitUntilShellWaits(leader: process.processID, forChildren: 2, running: "sleep"))
      try process.signal(SIGINT)
      let (_, termination) = collectUntilExit(process)
      #expect(termination == .signaled(signal: SIGINT))
      #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
      #expect(isReaped(process.processID))
    }

    @Test("terminate ends the whole group with SIGTERM", arguments: [true, false])
    func terminateEndsGroup(tty: Bool) throws {
      let process = try spawnLive("sleep 1000 & echo $!; sleep 1000", tty: tty)
      let grandchild = try #require(firstLineNumber(collect(process, until: "\n")))
      #expect(waitUntilShellWaits(leader: process.processID, forChildren: 2, running: "sleep"))
      process.terminate(graceMilliseconds: 10_000)
      #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
      #expect(isReaped(process.processID))
      #expect(process.hasExited)
      let drain = process.waitAndDrain(milliseconds: 0)
      #expect(drain.termination == .signaled(signal: SIGTERM))
      process.terminate()  // idempotent
    }

    @Test("terminate escalates to SIGKILL after the grace when SIGTERM is ignored")
    func terminateEscalates() throws {
      let process = try spawnLive("trap '' TERM; sleep 1000 & echo $!; exec sleep 1000", tty: false)
      let grandchild = try #require(firstLineNumber(collect(process, until: "\n")))
      process.terminate(graceMilliseconds: 200)
      let drain = process.waitAndDrain(milliseconds: 0)
      #expect(drain.termination == .signaled(signal: SIGKILL))
      #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
    }

    @Test("dropping a running process ends it and reaps it")
    func droppedProcessEnds() throws {
      var process: LiveProcess? = try spawnLive("exec sleep 1000", tty: true)
      let pid = try #require(process?.processID)
      process = nil
      #expect(processTerminates(pid, withinMilliseconds: 10_000))
      _ = process
    }

    @Test("binary and invalid UTF-8 output come back byte for byte", arguments: [true, false])
    func binaryOutputIsExact(tty: Bool) throws {
      let invalidUTF8: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80]
      let everyByte: [UInt8] = (0..<1024).map { UInt8(truncatingIfNeeded: $0) }
      let bytes = everyByte + invalidUTF8
      let directory = try makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(atPath: directory) }
      let path = directory + "/bytes"
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      if tty {
        // Raw mode, so the terminal passes every byte as is (no \n to \r\n).
        let (output, _) = collectUntilExit(try spawnLive("stty raw; cat \(path)", tty: true))
        #expect(output == bytes)
      } else {
        let (output, _) = collectUntilExit(try spawnLive("cat \(path)", tty: false))
        #expect(output == bytes)
      }
    }

    @Test("200 MB through drains: each drain within the bound, omitted bytes make up the rest")
    func hugeOutputStaysBounded() throws {
      let total = 200 << 20
      let bound = 1 << 20
      let process = try spawnLive("yes | head -c \(total)", tty: false, bufferedBytesMax: bound)
      var kept = 0
      var omitted: UInt64 = 0
      var first: [UInt8] = []
      var largestDrain = 0
      var termination: ProcessTermination?
      while termination == nil {
        let drain = process.waitAndDrain(milliseconds: 50)
        largestDrain = max(largestDrain, drain.chunkBytes)
        kept += drain.chunkBytes
        omitted += drain.omittedBytes
        if first.isEmpty { first = Array(drain.bytes.prefix(4)) }
        termination = drain.termination
      }
      #expect(termination == .exited(code: 0))
      #expect(largestDrain <= bound)
      #expect(UInt64(kept) + omitted == UInt64(total))
      #expect(first == Array("y\ny\n".utf8))
    }

    @Test("spawn errors name the program or the directory")
    func spawnErrors() throws {
      let environment = ["PATH": "/nonexistent-bin"]
      #expect(throws: LiveProcessError.programNotFound(name: "cat", path: "/nonexistent-bin")) {
        try LiveProcess.spawn(
          LiveProcessSpec(
            arguments: ["cat"], workingDirectory: "/", environment: environment, tty: true))
      }
      #expect(throws: LiveProcessError.workingDirectoryNotFound("/nonexistent-dir")) {
        try LiveProcess.spawn(
          LiveProcessSpec(
            arguments: ["/bin/true"], workingDirectory: "/nonexistent-dir", environment: [:],
            tty: false))
      }
      #expect(throws: LiveProcessError.emptyCommand) {
        try LiveProcess.spawn(
          LiveProcessSpec(arguments: [], workingDirectory: "/", environment: [:], tty: false))
      }
    }
  }
}

/// The number on the first line of `bytes` (a pid a script printed).
func firstLineNumber(_ bytes: [UInt8]) -> Int32? {
  let line = bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).first ?? []
  return Int32(String(decoding: line, as: UTF8.self))
}

/// Whether `pid` is no child of this process any more (reaped, no zombie left).
func isReaped(_ pid: Int32) -> Bool {
  var status: Int32 = 0
  return waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD
}
