import CairnCore
import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("LiveProcess runs real processes in PTYs and pipes", .timeLimit(.minutes(2)))
struct LiveProcessTests {
  @Test("a PTY runs echo hi: output tagged pty, exit code 0")
  func terminalEcho() throws {
    let process = try spawnLive("echo hi", tty: true)
    #expect(process.tty)
    let (bytes, termination) = collectUntilExit(process)
    #expect(text(bytes) == "hi\r\n")
    #expect(termination == .exited(code: 0))
    #expect(process.hasExited)
  }

  @Test("pipes: stdout and stderr arrive separately tagged; the exit status is kept")
  func pipesSeparateStreams() throws {
    let process = try spawnLive("echo out; echo err >&2; exit 7", tty: false)
    var chunks: [ProcessOutputChunk] = []
    var termination: ProcessTermination?
    while termination == nil {
      let drain = process.waitAndDrain(milliseconds: 1_000)
      chunks += drain.chunks
      termination = drain.termination
    }
    #expect(termination == .exited(code: 7))
    let out = chunks.filter { $0.stream == .stdout }.flatMap(\.bytes)
    let err = chunks.filter { $0.stream == .stderr }.flatMap(\.bytes)
    #expect(text(out) == "out\n")
    #expect(text(err) == "err\n")
  }
}
