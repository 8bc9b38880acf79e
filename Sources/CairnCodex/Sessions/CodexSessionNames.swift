import CairnProtocol

/// Session names as Codex 0.147 keeps them: `$CODEX_HOME/session_index.jsonl`, one
/// `{"id","thread_name","updated_at"}` object per line, appended on each rename; the last
/// line of an id wins. `codex delete --force` removes an id's lines. Malformed lines are
/// skipped (Codex does not care about them either).
public enum CodexSessionNames {
  public static let fileName = "session_index.jsonl"
  /// The largest file read; a bigger one is ignored rather than read into memory.
  public static let fileBytesMax = 64 << 20

  /// Thread id → name.
  public static func load(codexHome: String) -> [String: String] {
    guard let bytes = CodexSmallFile.read(codexHome + "/" + fileName, bytesMax: fileBytesMax)
    else { return [:] }
    var names: [String: String] = [:]
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
      guard let (id, name) = parse(Array(line)) else { continue }
      if let name, !name.isEmpty { names[id] = name } else { names[id] = nil }
    }
    return names
  }

  /// Removes every line of `threadID`; true when the file changed.
  @discardableResult
  public static func remove(threadID: String, codexHome: String) throws(CodexSessionError)
    -> Bool
  {
    let path = codexHome + "/" + fileName
    guard let bytes = CodexSmallFile.read(path, bytesMax: fileBytesMax) else { return false }
    var kept: [UInt8] = []
    var changed = false
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
      if let (id, _) = parse(Array(line)), id == threadID {
        changed = true
        continue
      }
      kept.append(contentsOf: line)
      kept.append(0x0A)
    }
    if changed { try CodexSmallFile.writeAtomically(kept, to: path) }
    return changed
  }

  /// The id and name of one line; nil when it is not an object with a string `id`.
  static func parse(_ line: [UInt8]) -> (String, String?)? {
    let scanner = JSONScanner(source: JSONMemorySource(line), bufferBytes: 4096)
    var id: String?
    var name: String?
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        if scanner.keyEquals("id"), try scanner.peekKind() == .string {
          id = try scanner.readString(keepingBytes: 64).text
        } else if scanner.keyEquals("thread_name"), try scanner.peekKind() == .string {
          name = try scanner.readString(keepingBytes: 1024).text
        } else {
          try scanner.skipValue()
        }
      }
    } catch {
      return nil
    }
    return id.map { ($0, name) }
  }
}
