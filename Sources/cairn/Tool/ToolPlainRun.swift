import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// How an approved `cairn tool` command ended.
struct ToolRunEnd {
  /// nil when it never started.
  var termination: ProcessTermination?
  var durationNanoseconds: UInt64
  /// Why it could not be started.
  var startFailure: String?
  var interrupted: Bool
  /// A `pty-live` step that failed (the steps stopped there).
  var stepFailure: String? = nil

  /// The status `cairn tool` exits with: 1 after a failed step, else the command's own,
  /// 128 + its signal, or 127 when it never started.
  var exitStatus: Int32 {
    if stepFailure != nil { return 1 }
    return termination?.exitCode ?? ToolExitStatus.notStarted
  }
}

/// Runs an approved command with pipes (`PlainProcess`: its own process group, stdin from
/// /dev/null), each chunk of output shown and recorded as it arrives, its start, exit and
/// result recorded in the session.
enum ToolPlainRun {
  static func run(
    _ command: [String], workdir: String, environment: [String: String], callID: CallID?,
    recorder: ToolSessionRecorder?, streams: inout ToolOutputStreams,
    cancellation: ProcessCancellation
  ) throws -> ToolRunEnd {
    var sendError: Error?
    let result: PlainProcessResult
    do {
      result = try PlainProcess.run(
        PlainProcessSpec(arguments: command, workingDirectory: workdir, environment: environment),
        limits: PlainProcessLimits(keptOutputBytesMax: ToolOutputStreams.keptBytesMax),
        cancellation: cancellation, now: ToolClock.monotonicNanoseconds,
        onStarted: { pid in
          guard let recorder, let callID else { return }
          do { try recorder.started(callID, processID: pid, tty: false) } catch {
            sendError = error
          }
        },
        onOutput: { chunk in
          streams.take(chunk.stream, chunk.bytes)
          guard let recorder, let callID, sendError == nil else { return }
          do { try recorder.output(callID, stream: chunk.stream, bytes: chunk.bytes) } catch {
            sendError = error
          }
        })
    } catch {
      if let recorder, let callID {
        try recorder.result(callID, text: "failed to start: \(error)", success: false)
      }
      return ToolRunEnd(
        termination: nil, durationNanoseconds: 0, startFailure: "\(error)", interrupted: false)
    }
    if let sendError { throw sendError }
    if let recorder, let callID {
      try recorder.exited(
        callID, termination: result.termination, durationNanoseconds: result.wallNanoseconds)
      try recorder.result(
        callID,
        text: ExecCommandOutput.render(
          callID: callID.rawValue, result: result, maxOutputTokens: nil),
        success: result.termination == .exited(code: 0))
    }
    return ToolRunEnd(
      termination: result.termination, durationNanoseconds: result.wallNanoseconds,
      startFailure: nil, interrupted: result.stopReason == .cancelled)
  }
}

/// The monotonic clock of tool runs, in nanoseconds.
enum ToolClock {
  static func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}
