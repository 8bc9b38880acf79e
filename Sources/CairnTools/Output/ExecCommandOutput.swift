/// The `function_call_output` text the model gets back for a finished `exec_command`, in
/// Codex 0.147's framing (docs/TOOLS.md):
///
/// ```text
/// Chunk ID: 3fa2c1
/// Wall time: 0.0516 seconds
/// Process exited with code 0
/// Original token count: 13
/// Output:
/// hello-from-tool
/// ```
///
/// Pure and deterministic: the same inputs give the same bytes, so reducers and replays
/// can render it. Codex draws the chunk id at random; Cairn derives it from the call id.
public enum ExecCommandOutput {
  /// Codex's default `max_output_tokens`.
  public static let defaultMaxOutputTokens = 10_000
  /// The exit code Codex reports for a command it stopped at its timeout.
  public static let timeoutExitCode: Int32 = 124

  /// Six lowercase hex digits from the call id (FNV-1a, 64 bits, folded to 24): stable
  /// across runs and machines.
  ///
  /// ```swift
  /// ExecCommandOutput.chunkID(callID: "call_resp_002")  // always the same 6 hex digits
  /// ```
  public static func chunkID(callID: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in callID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let folded = (hash ^ (hash >> 24) ^ (hash >> 48)) & 0xFF_FFFF
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for shift in stride(from: 20, through: 0, by: -4) {
      text.append(digits[Int((folded >> UInt64(shift)) & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// Seconds with four decimals, rounded half up from the nanoseconds: `51_650_000` →
  /// `"0.0517"`.
  public static func wallTimeText(nanoseconds: UInt64) -> String {
    let tenThousandths = (nanoseconds / 50_000 + 1) / 2
    let fraction = String(tenThousandths % 10_000)
    return "\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count)
      + fraction
  }

  /// The whole text for a finished command. `maxOutputTokens` nil means Codex's default.
  public static func render(
    callID: String, exitCode: Int32, wallNanoseconds: UInt64, output: BoundedOutputCapture,
    maxOutputTokens: Int?
  ) -> String {
    render(
      callID: callID, exitCode: exitCode, wallNanoseconds: wallNanoseconds, output: output,
      maxOutputTokens: maxOutputTokens, notice: nil)
  }

  /// The same for an output held whole in memory.
  public static func render(
    callID: String, exitCode: Int32, wallNanoseconds: UInt64, outputBytes: [UInt8],
    maxOutputTokens: Int?
  ) -> String {
    render(
      callID: callID, exitCode: exitCode, wallNanoseconds: wallNanoseconds,
      output: BoundedOutputCapture(bytes: outputBytes), maxOutputTokens: maxOutputTokens)
  }

  /// The text for a `PlainProcess` run: a signal is reported as 128 + its number, a
  /// timeout as 124 with a first output line saying so (as Codex's shell tool does).
  public static func render(
    callID: String, result: PlainProcessResult, maxOutputTokens: Int?
  ) -> String {
    switch result.stopReason {
    case .timedOut:
      let milliseconds = result.wallNanoseconds / 1_000_000
      return render(
        callID: callID, exitCode: timeoutExitCode, wallNanoseconds: result.wallNanoseconds,
        output: result.output, maxOutputTokens: maxOutputTokens,
        notice: "command timed out after \(milliseconds) milliseconds\n")
    case .none, .cancelled:
      return render(
        callID: callID, exitCode: result.termination.exitCode,
        wallNanoseconds: result.wallNanoseconds, output: result.output,
        maxOutputTokens: maxOutputTokens, notice: nil)
    }
  }

  /// The session id a live `exec_command` answers with: 4 or 5 digits from the call id
  /// (Codex draws it at random), so a replay of the same calls gets the same ids.
  ///
  /// ```swift
  /// ExecCommandOutput.sessionID(callID: "call_resp_001")  // always the same number
  /// ```
  public static func sessionID(callID: String) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in callID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return 1_000 + Int(hash % 99_000)
  }

  /// The text for a process still running after its wait: Codex's framing with
  /// `Process running with session ID N` in place of the exit code.
  public static func renderRunning(
    callID: String, sessionID: Int, wallNanoseconds: UInt64, output: BoundedOutputCapture,
    maxOutputTokens: Int?
  ) -> String {
    "Chunk ID: \(chunkID(callID: callID))\n"
      + "Wall time: \(wallTimeText(nanoseconds: wallNanoseconds)) seconds\n"
      + "Process running with session ID \(sessionID)\n"
      + "Original token count: \(MiddleTruncation.approximateTokens(bytes: output.totalBytes))\n"
      + "Output:\n"
      + MiddleTruncation.truncatedText(
        output, maxTokens: maxOutputTokens ?? defaultMaxOutputTokens)
  }

  /// `notice` goes first in the output, outside the truncation budget.
  private static func render(
    callID: String, exitCode: Int32, wallNanoseconds: UInt64, output: BoundedOutputCapture,
    maxOutputTokens: Int?, notice: String?
  ) -> String {
    "Chunk ID: \(chunkID(callID: callID))\n"
      + "Wall time: \(wallTimeText(nanoseconds: wallNanoseconds)) seconds\n"
      + "Process exited with code \(exitCode)\n"
      + "Original token count: \(MiddleTruncation.approximateTokens(bytes: output.totalBytes))\n"
      + "Output:\n" + (notice ?? "")
      + MiddleTruncation.truncatedText(
        output, maxTokens: maxOutputTokens ?? defaultMaxOutputTokens)
  }
}
