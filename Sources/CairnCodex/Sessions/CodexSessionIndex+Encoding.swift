import CairnLogFormat

/// The cache file's format (docs/CODEX_COMPAT.md, "The index file"): little-endian,
/// `CDXINDEX` magic, version, the Codex home it describes, the entries, and an XXH3-64 of
/// everything before it. A file that does not verify is never trusted.
extension CodexSessionIndex {
  static let magic: UInt64 = {
    var value: UInt64 = 0
    for (shift, byte) in "CDXINDEX".utf8.enumerated() { value |= UInt64(byte) << (8 * shift) }
    return value
  }()
  static let formatVersion: UInt64 = 1

  /// Why a cache file was not used.
  public enum DecodeProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case tooShort
    case badMagic
    case unknownVersion(UInt64)
    case checksumMismatch
    case malformed(offset: Int)
    case otherHome(String)

    public var description: String {
      switch self {
      case .tooShort: "the file is too short"
      case .badMagic: "not an index file (bad magic)"
      case .unknownVersion(let version): "unknown format version \(version)"
      case .checksumMismatch: "checksum mismatch"
      case .malformed(let offset): "malformed entry at byte \(offset)"
      case .otherHome(let home): "it describes another Codex home (\(home))"
      }
    }
  }

  func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(64 + entries.count * 256)
    func integer(_ value: UInt64) {
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    func string(_ text: String) {
      integer(UInt64(text.utf8.count))
      bytes.append(contentsOf: text.utf8)
    }
    integer(Self.magic)
    integer(Self.formatVersion)
    string(codexHome)
    integer(UInt64(entries.count))
    for entry in entries {
      string(entry.threadID)
      string(entry.path)
      bytes.append(entry.isArchived ? 1 : 0)
      integer(entry.fileBytes)
      integer(UInt64(bitPattern: entry.modifiedAtNanoseconds))
      integer(UInt64(bitPattern: entry.createdAtMilliseconds))
      string(entry.cwd)
      string(entry.modelProvider)
      string(entry.cliVersion)
      string(entry.source)
      string(entry.preview)
      string(entry.rolloutName)
    }
    integer(Checksum.xxh3(bytes))
    return bytes
  }

  static func decode(_ bytes: [UInt8]) -> Result<CodexSessionIndex, DecodeProblem> {
    guard bytes.count >= 40 else { return .failure(.tooShort) }
    let body = bytes.count - 8
    return bytes.withUnsafeBytes { raw -> Result<CodexSessionIndex, DecodeProblem> in
      func load(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      }
      guard load(0) == magic else { return .failure(.badMagic) }
      guard load(8) == formatVersion else { return .failure(.unknownVersion(load(8))) }
      guard load(body) == Checksum.xxh3(UnsafeRawBufferPointer(rebasing: raw[0..<body])) else {
        return .failure(.checksumMismatch)
      }
      var offset = 16
      func integer() -> UInt64? {
        guard offset + 8 <= body else { return nil }
        defer { offset += 8 }
        return load(offset)
      }
      func string() -> String? {
        guard let length = integer(), length <= UInt64(body - offset) else { return nil }
        let start = offset
        offset += Int(length)
        return String(
          validating: UnsafeRawBufferPointer(rebasing: raw[start..<offset]), as: UTF8.self)
      }
      guard let home = string(), let count = integer(), count <= UInt64(body) else {
        return .failure(.malformed(offset: offset))
      }
      var entries: [CodexSessionEntry] = []
      entries.reserveCapacity(Int(count))
      for _ in 0..<count {
        let start = offset
        guard let id = string(), let path = string(), offset < body else {
          return .failure(.malformed(offset: start))
        }
        let archived = raw[offset] == 1
        offset += 1
        guard let size = integer(), let modified = integer(), let created = integer(),
          let cwd = string(), let provider = string(), let version = string(),
          let source = string(), let preview = string(), let name = string()
        else { return .failure(.malformed(offset: start)) }
        entries.append(
          CodexSessionEntry(
            threadID: id, path: path, isArchived: archived, fileBytes: size,
            modifiedAtNanoseconds: Int64(bitPattern: modified),
            createdAtMilliseconds: Int64(bitPattern: created), cwd: cwd, modelProvider: provider,
            cliVersion: version, source: source, preview: preview, rolloutName: name))
      }
      guard offset == body else { return .failure(.malformed(offset: offset)) }
      return .success(CodexSessionIndex(codexHome: home, entries: entries))
    }
  }
}
