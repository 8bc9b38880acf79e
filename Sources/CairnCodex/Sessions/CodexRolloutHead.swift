import CairnProtocol

/// The head of a rollout: `session_meta` and the first prompt, read by streaming the file's
/// first lines and stopping as soon as both are known. Bounded three ways: a small read
/// window (line 1 alone is ~22 KB in 0.147, and a longer line streams through it), at most
/// `linesMax` lines, and at most `bytesMax` bytes of file.
public struct CodexRolloutHead: Sendable, Equatable {
  /// The most bytes of the first prompt kept as the preview.
  public static let previewBytesMax = 512
  public static let linesMax = 200
  public static let bytesMax: UInt64 = 4 << 20

  public var meta: SessionMeta?
  /// `session_meta.payload.timestamp` in milliseconds since the epoch.
  public var createdAtMilliseconds: Int64?
  public var preview: String
  /// The last `thread_name_updated` name seen in the lines read.
  public var name: String

  public init(
    meta: SessionMeta? = nil, createdAtMilliseconds: Int64? = nil, preview: String = "",
    name: String = ""
  ) {
    self.meta = meta
    self.createdAtMilliseconds = createdAtMilliseconds
    self.preview = preview
    self.name = name
  }

  /// Reads the head of `path`. Malformed lines are skipped (the summary command reports
  /// them); only an unreadable file throws.
  public static func read(path: String) throws -> CodexRolloutHead {
    let options = RolloutReader.Options(
      bufferBytes: 64 * 1024,
      parse: RolloutParseOptions(textBytesMax: previewBytesMax, nameBytesMax: 512, partsMax: 4))
    let reader = try RolloutReader(path: path, options: options)
    var head = CodexRolloutHead()
    var sawPrompt = false
    while reader.lineCount < linesMax, reader.bytesRead < bytesMax, !sawPrompt,
      let item = try reader.next()
    {
      guard case .record(let record) = item else { continue }
      switch record.line {
      case .sessionMeta(let meta) where head.meta == nil:
        head.meta = meta
        head.createdAtMilliseconds =
          meta.timestamp.flatMap(RolloutTimestamp.milliseconds) ?? record.timestampMilliseconds
      case .eventMsg(.userMessage(let text, _)):
        head.preview = Self.cut(text?.text ?? "", bytesMax: previewBytesMax)
        sawPrompt = true
      case .eventMsg(.threadNameUpdated(let name)):
        if let name { head.name = name }
      default:
        continue
      }
    }
    return head
  }

  /// `text` cut to at most `bytesMax` UTF-8 bytes, at a character boundary.
  static func cut(_ text: String, bytesMax: Int) -> String {
    if text.utf8.count <= bytesMax { return text }
    var out = ""
    var used = 0
    for character in text {
      let size = character.utf8.count
      if used + size > bytesMax { break }
      out.append(character)
      used += size
    }
    return out
  }
}
