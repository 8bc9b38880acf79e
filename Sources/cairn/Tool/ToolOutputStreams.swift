import CairnCore
import CairnTools

#if canImport(Glibc)
  import Glibc
#endif

/// A tool run's output as `cairn tool` shows it: written through to stdout and stderr as
/// it arrives (human mode), and kept per stream, head and tail, for `--json`.
struct ToolOutputStreams {
  /// Bytes kept per stream: the first half and the last half of this.
  static let keptBytesMax = 128 * 1024

  var writesThrough: Bool
  var stdout = BoundedOutputCapture(keptBytesMax: keptBytesMax)
  var stderr = BoundedOutputCapture(keptBytesMax: keptBytesMax)
  /// Output a live process's buffer dropped before it was drained (it came too fast).
  var droppedBytes: UInt64 = 0

  init(writesThrough: Bool) { self.writesThrough = writesThrough }

  /// Takes a chunk; a PTY's one stream counts as stdout.
  mutating func take(_ stream: OutputStream, _ bytes: [UInt8]) {
    switch stream {
    case .stdout, .pty: stdout.append(bytes)
    case .stderr: stderr.append(bytes)
    }
    if writesThrough { Self.writeAll(stream == .stderr ? 2 : 1, bytes) }
  }

  /// `stdout`, `stdout_bytes`, `stdout_truncated_bytes` and the same for stderr: the text
  /// is the kept head and tail joined (invalid UTF-8 as U+FFFD), the truncated count the
  /// bytes left out between them.
  var jsonMembers: [(String, JSONValue)] {
    var members: [(String, JSONValue)] = []
    for (name, capture) in [("stdout", stdout), ("stderr", stderr)] {
      members.append((name, .string(String(decoding: capture.head + capture.tail, as: UTF8.self))))
      members.append(("\(name)_bytes", .uint(capture.totalBytes)))
      members.append(("\(name)_truncated_bytes", .uint(capture.omittedBytes)))
    }
    members.append(("dropped_bytes", .uint(droppedBytes)))
    return members
  }

  /// Writes all of `bytes` to `descriptor`; a closed reader just loses the rest.
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
      }
    }
  }
}
