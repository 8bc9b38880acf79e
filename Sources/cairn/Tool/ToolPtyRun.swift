import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// Runs an approved command in a pseudo-terminal (`LiveProcess` with `tty: true`) and
/// waits for its end: each chunk shown and recorded as it arrives, its start, exit and
/// result recorded in the session, as `ToolPlainRun` does with pipes.
enum ToolPtyRun {
  /// The longest wait for output between two looks at the interrupt.
  static let waitSliceMilliseconds = 100

  /// A terminal process started, or the end of a run whose command could not start (its
  /// result already recorded in the session).
  enum Start {
    case started(LiveProcess)
    case failed(ToolRunEnd)
  }

  /// Spawns `command` in a terminal of `size` for `tool pty` and `tool pty-live`.
  static func spawn(_ command: [String], size: TerminalSize, context: ToolRunContext) throws
    -> Start
  {
    do {
      return .started(
        try LiveProcess.spawn(
          LiveProcessSpec(
            arguments: command, workingDirectory: context.workdir,
            environment: context.environment, tty: true, size: size)))
    } catch {
      if let recorder = context.recorder, let callID = context.callID {
        try recorder.result(callID, text: "failed to start: \(error)", success: false)
      }
      return .failed(
        ToolRunEnd(
          termination: nil, durationNanoseconds: 0, startFailure: "\(error)", interrupted: false))
    }
  }

  static func run(
    _ command: [String], size: TerminalSize, context: ToolRunContext,
    streams: inout ToolOutputStreams
  ) throws -> ToolRunEnd {
    let startedAt = ToolClock.monotonicNanoseconds()
    let process: LiveProcess
    switch try ToolPtyRun.spawn(command, size: size, context: context) {
    case .started(let started): process = started
    case .failed(let end): return end
    }
    defer { process.terminate(graceMilliseconds: 0) }
    var live = ToolLiveRecording(process: process, context: context, startedAt: startedAt)
    try live.recordStart()
    var interrupted = false
    while true {
      if !interrupted && context.cancellation.isCancelled {
        interrupted = true
        try live.signal(SIGTERM)
      }
      let drain = process.waitAndDrain(
        milliseconds: waitSliceMilliseconds, returningOnOutput: true)
      if let termination = try live.take(drain, into: &streams) {
        try live.finish(termination, streams: streams)
        streams.droppedBytes += live.droppedBytes
        return ToolRunEnd(
          termination: termination, durationNanoseconds: live.elapsedNanoseconds,
          startFailure: nil, interrupted: interrupted)
      }
    }
  }
}

/// A live process's life in the session: each drain's chunks as output events, signals,
/// the exit and the result; what is recorded is committed before it is shown, so what a
/// run printed is in the log even if Cairn is killed right after.
struct ToolLiveRecording {
  let process: LiveProcess
  let context: ToolRunContext
  let startedAt: UInt64
  /// Bytes the live buffer dropped from the middle between two drains (the output came
  /// faster than it was drained).
  private(set) var droppedBytes: UInt64 = 0

  init(process: LiveProcess, context: ToolRunContext, startedAt: UInt64) {
    self.process = process
    self.context = context
    self.startedAt = startedAt
  }

  var elapsedNanoseconds: UInt64 { ToolClock.monotonicNanoseconds() &- startedAt }

  func recordStart() throws {
    guard let recorder = context.recorder, let callID = context.callID else { return }
    try recorder.started(callID, processID: process.processID, tty: process.tty)
  }

  /// Sends `number` to the process group and records it.
  func signal(_ number: Int32) throws {
    try process.signal(number)
    guard let recorder = context.recorder, let callID = context.callID else { return }
    try recorder.signalled(callID, signal: number)
  }

  /// Records and then shows a drain's chunks; returns the termination once it came.
  mutating func take(_ drain: LiveProcessDrain, into streams: inout ToolOutputStreams) throws
    -> ProcessTermination?
  {
    droppedBytes += drain.omittedBytes
    if let recorder = context.recorder, let callID = context.callID, !drain.chunks.isEmpty {
      for chunk in drain.chunks {
        try recorder.output(callID, stream: chunk.stream, bytes: chunk.bytes)
      }
      try recorder.commit()
    }
    for chunk in drain.chunks { streams.take(chunk.stream, chunk.bytes) }
    return drain.termination
  }

  /// Records the exit and the result the model would get.
  func finish(_ termination: ProcessTermination, streams: ToolOutputStreams) throws {
    guard let recorder = context.recorder, let callID = context.callID else { return }
    try recorder.exited(
      callID, termination: termination, durationNanoseconds: elapsedNanoseconds)
    try recorder.result(
      callID,
      text: ExecCommandOutput.render(
        callID: callID.rawValue, exitCode: termination.exitCode,
        wallNanoseconds: elapsedNanoseconds, output: streams.stdout, maxOutputTokens: nil),
      success: termination == .exited(code: 0))
  }
}
