import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// Runs `pty-live` steps against one live process: each step done, recorded (and
/// committed) in the session, then shown: a `[step N] TEXT` line and the output that came
/// (human), or one JSON object per step.
struct LiveStepRunner {
  /// Output kept per step for its JSON object (the first bytes; the count is whole).
  static let stepOutputBytesMax = 64 * 1024
  /// The longest wait between two looks at the interrupt while waiting for the exit.
  static let waitSliceMilliseconds = 100

  private var recording: ToolLiveRecording
  private let json: Bool
  private var termination: ProcessTermination?
  private var stepOutput: [UInt8] = []
  private var stepOutputBytes: UInt64 = 0
  private var interrupted = false
  /// Whether human output is at the start of a line (so a step line needs no newline).
  private var atLineStart = true

  private init(recording: ToolLiveRecording, json: Bool) {
    self.recording = recording
    self.json = json
  }

  static func run(
    _ command: [String], size: TerminalSize, steps: [LiveStep], context: ToolRunContext,
    streams: inout ToolOutputStreams
  ) throws -> ToolRunEnd {
    let startedAt = ToolClock.monotonicNanoseconds()
    let process: LiveProcess
    switch try ToolPtyRun.spawn(command, size: size, context: context) {
    case .started(let started): process = started
    case .failed(let end): return end
    }
    defer { process.terminate(graceMilliseconds: 0) }
    var runner = LiveStepRunner(
      recording: ToolLiveRecording(process: process, context: context, startedAt: startedAt),
      json: context.json)
    try runner.recording.recordStart()
    try context.recorder?.commit()
    runner.show(
      index: 0, name: "start", text: "pid \(process.processID), \(size.columns)x\(size.rows)",
      extra: [
        ("pid", .int(Int64(process.processID))), ("columns", .uint(UInt64(size.columns))),
        ("rows", .uint(UInt64(size.rows))),
      ], streams: streams)
    var failure: String?
    for (offset, step) in steps.enumerated() {
      let index = offset + 1
      if !runner.json { runner.header(index: index, step: step) }
      do {
        try runner.perform(step, streams: &streams)
        runner.show(index: index, name: step.name, text: nil, extra: [], streams: streams)
      } catch let error as LiveProcessError {
        failure = "step \(index) (\(step.name)) failed: \(error)"
        runner.show(
          index: index, name: step.name, text: nil, extra: [("error", .string("\(error)"))],
          streams: streams)
        break
      }
      if runner.interrupted { break }
    }
    if runner.termination == nil {
      // Nothing may outlive the run: SIGTERM, SIGKILL after the grace, and the rest of
      // the output with the exit.
      if !process.hasExited { try? runner.recording.signal(SIGTERM) }
      process.terminate(graceMilliseconds: 2000)
      try runner.waitForExit(streams: &streams)
    }
    let termination = runner.termination ?? .signaled(signal: SIGKILL)
    try runner.recording.finish(termination, streams: streams)
    if !runner.json {
      let newline = runner.atLineStart
      let how: String
      switch termination {
      case .exited(let code): how = "code \(code)"
      case .signaled(let number): how = "signal \(number)"
      }
      ToolOutputStreams.writeAll(1, Array("\(newline ? "" : "\n")[exited] \(how)\n".utf8))
    }
    streams.droppedBytes += runner.recording.droppedBytes
    return ToolRunEnd(
      termination: termination, durationNanoseconds: runner.recording.elapsedNanoseconds,
      startFailure: nil, interrupted: runner.interrupted, stepFailure: failure)
  }

  private mutating func perform(_ step: LiveStep, streams: inout ToolOutputStreams) throws {
    let process = recording.process
    let context = recording.context
    switch step {
    case .inputLine(let text):
      try write(Array(text.utf8) + [0x0A])
    case .input(let bytes):
      try write(bytes)
    case .resize(let size):
      try process.resize(size)
      if let recorder = context.recorder, let callID = context.callID {
        try recorder.resized(callID, to: size)
        try recorder.commit()
      }
    case .drain(let milliseconds):
      let deadline = ToolClock.monotonicNanoseconds() + UInt64(milliseconds) * 1_000_000
      while termination == nil && !isInterrupted() {
        let now = ToolClock.monotonicNanoseconds()
        let remaining = now >= deadline ? 0 : Int((deadline - now) / 1_000_000)
        let slice = min(remaining, Self.waitSliceMilliseconds)
        try take(process.waitAndDrain(milliseconds: slice, returningOnOutput: true), &streams)
        if remaining == 0 { break }
      }
    case .signal(let number):
      try recording.signal(number)
      try context.recorder?.commit()
    case .closeInput:
      process.closeInput()
    case .wait:
      try waitForExit(streams: &streams)
    case .kill:
      try recording.signal(SIGKILL)
      try context.recorder?.commit()
      try waitForExit(streams: &streams)
    }
  }

  private func write(_ bytes: [UInt8]) throws {
    try recording.process.write(bytes)
    guard let recorder = recording.context.recorder, let callID = recording.context.callID
    else { return }
    try recorder.wroteStdin(callID, bytes: bytes)
    try recorder.commit()
  }

  /// Until the process has exited and its output is drained (an interrupt sends SIGTERM).
  private mutating func waitForExit(streams: inout ToolOutputStreams) throws {
    while termination == nil {
      if isInterrupted() && !recording.process.hasExited {
        try? recording.signal(SIGTERM)
      }
      try take(
        recording.process.waitAndDrain(
          milliseconds: Self.waitSliceMilliseconds, returningOnOutput: true), &streams)
    }
  }

  private mutating func isInterrupted() -> Bool {
    if !interrupted && recording.context.cancellation.isCancelled { interrupted = true }
    return interrupted
  }

  private mutating func take(_ drain: LiveProcessDrain, _ streams: inout ToolOutputStreams)
    throws
  {
    if let ended = try recording.take(drain, into: &streams) { termination = ended }
    if let last = drain.chunks.last(where: { !$0.bytes.isEmpty })?.bytes.last {
      atLineStart = last == 0x0A
    }
    for chunk in drain.chunks {
      stepOutputBytes += UInt64(chunk.bytes.count)
      let room = Self.stepOutputBytesMax - stepOutput.count
      if room > 0 { stepOutput += chunk.bytes.prefix(room) }
    }
  }

  /// The human line before a step, on a line of its own.
  private mutating func header(index: Int, step: LiveStep) {
    defer { atLineStart = true }
    let text = "\(atLineStart ? "" : "\n")[step \(index)] \(step.name)\(Self.argumentText(step))\n"
    ToolOutputStreams.writeAll(1, Array(text.utf8))
  }

  /// A step's JSON object (or, for the start, its human line); resets the step's output.
  private mutating func show(
    index: Int, name: String, text: String?, extra: [(String, JSONValue)],
    streams: ToolOutputStreams
  ) {
    defer {
      stepOutput = []
      stepOutputBytes = 0
    }
    guard json else {
      if let text { ToolOutputStreams.writeAll(1, Array("[\(name)] \(text)\n".utf8)) }
      return
    }
    var exitCode: JSONValue = .null
    var signal: JSONValue = .null
    switch termination {
    case .exited(let code): exitCode = .int(Int64(code))
    case .signaled(let number): signal = .int(Int64(number))
    case nil: break
    }
    var members: [(String, JSONValue)] = [
      ("step", .uint(UInt64(index))), ("action", .string(name)),
      ("output", .string(String(decoding: stepOutput, as: UTF8.self))),
      ("output_bytes", .uint(stepOutputBytes)),
      ("exited", .bool(termination != nil)), ("exit_code", exitCode), ("signal", signal),
    ]
    members += extra
    ToolOutputStreams.writeAll(1, Array((JSONValue.object(members).text + "\n").utf8))
  }

  static func argumentText(_ step: LiveStep) -> String {
    switch step {
    case .inputLine(let text): return ":" + text
    case .input(let bytes): return ":" + String(decoding: bytes, as: UTF8.self).debugDescription
    case .resize(let size): return ":\(size.columns)x\(size.rows)"
    case .drain(let milliseconds): return ":\(milliseconds)"
    case .signal(let number): return ":\(number)"
    case .closeInput, .wait, .kill: return ""
    }
  }
}
