import CairnCore
import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("PlainProcess runs real child processes")
struct PlainProcessTests {
  @Test("echo: output, exit code 0, chunks as they arrive")
  func echoOutputAndExitCode() throws {
    let (result, chunks) = try runScript("echo hello-from-tool")
    #expect(result.termination == .exited(code: 0))
    #expect(result.stopReason == .none)
    #expect(outputText(result) == "hello-from-tool\n")
    #expect(chunks.map(\.bytes).reduce([], +) == Array("hello-from-tool\n".utf8))
    #expect(chunks.allSatisfy { $0.stream == .stdout })
    #expect(result.stdoutBytes == 16 && result.stderrBytes == 0)
    #expect(result.outputLeftOpen == false)
  }

  @Test("a nonzero exit status is reported as is")
  func nonzeroExit() throws {
    let (result, _) = try runScript("echo partial; exit 3")
    #expect(result.termination == .exited(code: 3))
    #expect(result.termination.exitCode == 3)
    #expect(outputText(result) == "partial\n")
  }

  @Test("stderr is captured and tagged; merged channels keep the write order")
  func stderrCaptured() throws {
    let (separate, chunks) = try runScript("echo out; echo err >&2")
    #expect(separate.stdoutBytes == 4 && separate.stderrBytes == 4)
    let stderrText = chunks.filter { $0.stream == .stderr }.map(\.bytes).reduce([], +)
    #expect(String(decoding: stderrText, as: UTF8.self) == "err\n")
    #expect(separate.output.totalBytes == 8)

    let script = "for i in 1 2 3; do echo o$i; echo e$i >&2; done"
    let (merged, mergedChunks) = try runScript(script, channels: .merged)
    #expect(outputText(merged) == "o1\ne1\no2\ne2\no3\ne3\n")
    #expect(mergedChunks.allSatisfy { $0.stream == .stdout })
  }

  @Test("a command killed by a signal reports the signal and 128 + it")
  func killedBySignal() throws {
    let (result, _) = try runScript("kill -KILL $$")
    #expect(result.termination == .signaled(signal: SIGKILL))
    #expect(result.termination.exitCode == 137)
    #expect(result.stopReason == .none)
  }

  @Test("a timeout ends the whole group, grandchildren included", .timeLimit(.minutes(1)))
  func timeoutKillsGroup() throws {
    // The child starts a grandchild, prints its pid, and both would sleep 100 s.
    let limits = PlainProcessLimits(timeoutMilliseconds: 300, killGraceMilliseconds: 200)
    let (result, _) = try runScript("sleep 100 & echo $!; sleep 100", limits: limits)
    #expect(result.stopReason == .timedOut)
    #expect(result.termination == .signaled(signal: SIGTERM))
    let grandchild = try #require(Int32(outputText(result).trimmingCharacters(in: .newlines)))
    #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
    #expect(processTerminates(result.pid, withinMilliseconds: 0))
    #expect(result.wallNanoseconds >= 300_000_000)
  }

  @Test(
    "SIGKILL follows SIGTERM after the grace when the child ignores it", .timeLimit(.minutes(1)))
  func timeoutEscalatesToKill() throws {
    let limits = PlainProcessLimits(timeoutMilliseconds: 200, killGraceMilliseconds: 200)
    let (result, _) = try runScript(
      "trap '' TERM; echo ready; while :; do sleep 1; done", limits: limits)
    #expect(result.stopReason == .timedOut)
    #expect(result.termination == .signaled(signal: SIGKILL))
    #expect(outputText(result) == "ready\n")
  }

  @Test("cancellation from another thread stops the group promptly", .timeLimit(.minutes(1)))
  func cancellationFromAnotherThread() throws {
    let cancellation = ProcessCancellation()
    let (result, _) = try runScript("sleep 100 & echo $!; sleep 100", cancellation: cancellation) {
      _ in
      // Cancel from a thread of its own once the child is running.
      Thread { cancellation.cancel() }.start()
    }
    #expect(result.stopReason == .cancelled)
    #expect(result.termination == .signaled(signal: SIGTERM))
    if let grandchild = Int32(outputText(result).trimmingCharacters(in: .newlines)) {
      #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
    }
  }

  @Test("a cancellation before the run spawns nothing")
  func cancelledBeforeStart() throws {
    let cancellation = ProcessCancellation()
    cancellation.cancel()
    var started = false
    let (result, chunks) = try runScript("echo never", cancellation: cancellation) { _ in
      started = true
    }
    #expect(result.stopReason == .cancelled)
    #expect(started == false)
    #expect(chunks.isEmpty)
  }

  @Test(
    "a grandchild holding stdout open after the child exits does not hang the call",
    .timeLimit(.minutes(1)))
  func grandchildKeepsPipeOpen() throws {
    let (result, _) = try runScript("sleep 100 & echo $!; echo done")
    #expect(result.termination == .exited(code: 0))
    #expect(result.outputLeftOpen)
    let lines = outputText(result).split(separator: "\n")
    #expect(lines.last == "done")
    let grandchild = try #require(Int32(lines.first ?? ""))
    // The default leftover policy killed it.
    #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
  }

  @Test("leftover processes can be left running")
  func leftoverProcessesLeftRunning() throws {
    let limits = PlainProcessLimits(leftoverProcesses: .leaveRunning)
    let (result, _) = try runScript("sleep 100 >/dev/null 2>&1 & echo $!", limits: limits)
    let grandchild = try #require(Int32(outputText(result).trimmingCharacters(in: .newlines)))
    #expect(result.outputLeftOpen == false)
    #expect(kill(grandchild, 0) == 0)
    kill(grandchild, SIGKILL)
    #expect(processTerminates(grandchild, withinMilliseconds: 10_000))
  }

  @Test("10 MB of output: every byte reaches onOutput, memory stays bounded")
  func largeOutputIsBounded() throws {
    let limits = PlainProcessLimits(keptOutputBytesMax: 64 * 1024)
    var delivered: UInt64 = 0
    var largestChunk = 0
    let spec = PlainProcessSpec(
      arguments: ["/bin/bash", "-c", "yes 0123456789abcdef | head -c 10485760"],
      workingDirectory: "/", environment: inheritedEnvironment())
    let result = try PlainProcess.run(spec, limits: limits, now: monotonicNanoseconds) {
      delivered += UInt64($0.bytes.count)
      largestChunk = max(largestChunk, $0.bytes.count)
    }
    #expect(result.termination == .exited(code: 0))
    #expect(delivered == 10_485_760)
    #expect(result.output.totalBytes == 10_485_760)
    #expect(result.output.keptBytes == 64 * 1024)
    #expect(result.output.newlineCount == 10_485_760 / 17)
    #expect(largestChunk <= 64 * 1024)
    #expect(result.output.head.starts(with: Array("0123456789abcdef\n".utf8)))
  }

  @Test("the working directory is honoured; a missing one is an error")
  func workingDirectory() throws {
    let directory = try makeTemporaryDirectory()
    defer { rmdir(directory) }
    let (result, _) = try runScript("pwd", directory: directory)
    #expect(outputText(result) == directory + "\n")

    #expect(throws: PlainProcessError.workingDirectoryNotFound(directory + "/missing")) {
      _ = try runScript("pwd", directory: directory + "/missing")
    }
  }

  @Test("a program missing from PATH is an error naming it")
  func programNotFound() throws {
    let spec = PlainProcessSpec(
      arguments: ["no-such-program-cairn"], workingDirectory: "/",
      environment: ["PATH": "/usr/bin:/bin"])
    #expect(
      throws: PlainProcessError.programNotFound(
        name: "no-such-program-cairn", path: "/usr/bin:/bin")
    ) {
      _ = try PlainProcess.run(spec, now: monotonicNanoseconds) { _ in }
    }
  }

  @Test("the environment is exactly the one given; stdin is empty")
  func environmentAndStdin() throws {
    let spec = PlainProcessSpec(
      arguments: ["/bin/bash", "-c", "echo \"$CAIRN_PROBE|${HOME-unset}\"; cat; echo end"],
      workingDirectory: "/", environment: ["CAIRN_PROBE": "yes", "PATH": "/usr/bin:/bin"])
    var text: [UInt8] = []
    let result = try PlainProcess.run(spec, now: monotonicNanoseconds) { text += $0.bytes }
    #expect(result.termination == .exited(code: 0))
    #expect(String(decoding: text, as: UTF8.self) == "yes|unset\nend\n")
  }
}
