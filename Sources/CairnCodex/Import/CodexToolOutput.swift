import CairnProtocol

/// What a Codex tool output says about the run: its exit code and wall time, read from the
/// text Codex gave the model. The text itself is imported unchanged (it is what the model
/// saw, and what an export gives back); docs/CODEX_COMPAT.md lists the formats.
struct CodexToolOutput: Equatable {
  var exitCode: Int32?
  var durationNanoseconds: UInt64

  /// Reads the three formats Codex has written:
  /// - JSON `{"output": …, "metadata": {"exit_code": N, "duration_seconds": S}}` (0.46, and
  ///   `apply_patch` up to 0.125);
  /// - `Exit code: N\nWall time: S seconds\nOutput:\n…` (0.65–0.87, `apply_patch` in 0.147);
  /// - `Chunk ID: …\nWall time: S seconds\nProcess exited with code N\n…Output:\n…` (0.106+).
  /// Anything else: no exit code, no duration.
  static func parse(_ bytes: [UInt8]) -> CodexToolOutput {
    if bytes.first == UInt8(ascii: "{") { return parseJSON(bytes) }
    var result = CodexToolOutput(exitCode: nil, durationNanoseconds: 0)
    var sawOutputMarker = false
    for line in bytes.prefix(4096).split(separator: UInt8(ascii: "\n"), maxSplits: 8) {
      let header = String(decoding: line, as: UTF8.self)
      if header == "Output:" {
        sawOutputMarker = true
        break
      }
      if let value = header.suffix(afterPrefix: "Exit code: ") {
        result.exitCode = Int32(value)
      } else if let value = header.suffix(afterPrefix: "Process exited with code ") {
        result.exitCode = Int32(value)
      } else if let value = header.suffix(afterPrefix: "Wall time: "),
        let seconds = Double(value.split(separator: " ").first ?? "")
      {
        result.durationNanoseconds = nanoseconds(seconds)
      }
    }
    return sawOutputMarker ? result : CodexToolOutput(exitCode: nil, durationNanoseconds: 0)
  }

  private static func nanoseconds(_ seconds: Double) -> UInt64 {
    guard seconds.isFinite, seconds > 0, seconds < 1e9 else { return 0 }
    return UInt64(seconds * 1e9)
  }

  private static func parseJSON(_ bytes: [UInt8]) -> CodexToolOutput {
    var result = CodexToolOutput(exitCode: nil, durationNanoseconds: 0)
    let scanner = JSONScanner(source: JSONMemorySource(bytes), bufferBytes: 64 * 1024)
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        guard scanner.keyEquals("metadata"), try scanner.peekKind() == .object else {
          try scanner.skipValue()
          continue
        }
        try scanner.beginObject()
        while try scanner.nextMember() {
          if scanner.keyEquals("exit_code"), try scanner.peekKind() == .number,
            let code = try scanner.readInteger()
          {
            result.exitCode = Int32(clamping: code)
          } else {
            try scanner.skipValue()
          }
        }
      }
    } catch {
      // A cut or odd text keeps what was read before the problem.
    }
    return result
  }
}

extension String {
  fileprivate func suffix(afterPrefix prefix: String) -> String? {
    guard hasPrefix(prefix) else { return nil }
    return String(dropFirst(prefix.count))
  }
}
