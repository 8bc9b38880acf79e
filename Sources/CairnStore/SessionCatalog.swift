import CairnLogFormat

/// The per-home catalog of sessions: one small file, `HOME/catalog.bin`, so that listing
/// ten thousand sessions reads one file instead of ten thousand logs. It is a cache: kept
/// in step by the engine, and rebuildable from the logs (docs/SESSION_STORE.md).
public struct SessionCatalog: Equatable, Sendable {
  /// One session as a listing shows it.
  public struct Entry: Equatable, Sendable {
    public var sessionID: String
    public var title: String
    public var cwd: String
    public var model: String
    public var createdAtNanoseconds: Int64
    public var updatedAtNanoseconds: Int64
    public var lastSeq: UInt64
    public var archived: Bool
    /// The parent session of a fork, or "".
    public var parentID: String

    public init(
      sessionID: String, title: String, cwd: String, model: String,
      createdAtNanoseconds: Int64, updatedAtNanoseconds: Int64, lastSeq: UInt64,
      archived: Bool, parentID: String
    ) {
      self.sessionID = sessionID
      self.title = title
      self.cwd = cwd
      self.model = model
      self.createdAtNanoseconds = createdAtNanoseconds
      self.updatedAtNanoseconds = updatedAtNanoseconds
      self.lastSeq = lastSeq
      self.archived = archived
      self.parentID = parentID
    }
  }

  public static let fileName = "catalog.bin"
  static let magic = magic64("CAIRNCAT")

  /// Entries by session id, in id order.
  public var entries: [Entry]

  public init(entries: [Entry] = []) {
    self.entries = entries.sorted { $0.sessionID < $1.sessionID }
  }

  /// Inserts or replaces the entry with the same session id.
  public mutating func upsert(_ entry: Entry) {
    if let index = entries.firstIndex(where: { $0.sessionID == entry.sessionID }) {
      entries[index] = entry
    } else {
      entries.append(entry)
      entries.sort { $0.sessionID < $1.sessionID }
    }
  }

  public mutating func remove(sessionID: String) {
    entries.removeAll { $0.sessionID == sessionID }
  }

  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.appendLE(Self.magic)
    bytes.appendLE(UInt64(FormatLimits.formatVersion))
    bytes.appendLE(UInt64(entries.count))
    func string(_ text: String) {
      let utf8 = Array(text.utf8)
      bytes.appendLE(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
    for entry in entries {
      string(entry.sessionID)
      string(entry.title)
      string(entry.cwd)
      string(entry.model)
      bytes.appendLE(entry.createdAtNanoseconds)
      bytes.appendLE(entry.updatedAtNanoseconds)
      bytes.appendLE(entry.lastSeq)
      bytes.append(entry.archived ? 1 : 0)
      string(entry.parentID)
    }
    bytes.appendLE(Checksum.xxh3(bytes))
    return bytes
  }

  /// Decodes a catalog file; nil when it does not verify (the caller rebuilds it).
  public static func decode(_ bytes: [UInt8]) -> SessionCatalog? {
    guard bytes.count >= 32 else { return nil }
    let body = bytes.count - 8
    return bytes.withUnsafeBytes { raw -> SessionCatalog? in
      guard raw.loadLE(at: 0, as: UInt64.self) == magic,
        raw.loadLE(at: 8, as: UInt64.self) == UInt64(FormatLimits.formatVersion),
        raw.loadLE(at: body, as: UInt64.self)
          == Checksum.xxh3(UnsafeRawBufferPointer(rebasing: raw[0..<body]))
      else { return nil }
      let count = raw.loadLE(at: 16, as: UInt64.self)
      guard count <= UInt64(body) else { return nil }
      var offset = 24
      func string() -> String? {
        guard offset + 4 <= body else { return nil }
        let length = Int(raw.loadLE(at: offset, as: UInt32.self))
        offset += 4
        guard length <= body - offset else { return nil }
        defer { offset += length }
        return String(
          validating: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + length]),
          as: UTF8.self)
      }
      func integer() -> UInt64? {
        guard offset + 8 <= body else { return nil }
        defer { offset += 8 }
        return raw.loadLE(at: offset, as: UInt64.self)
      }
      var entries: [Entry] = []
      entries.reserveCapacity(Int(count))
      for _ in 0..<count {
        guard let id = string(), let title = string(), let cwd = string(), let model = string(),
          let created = integer(), let updated = integer(), let lastSeq = integer(),
          offset < body
        else { return nil }
        let archived = raw[offset] == 1
        offset += 1
        guard let parent = string() else { return nil }
        entries.append(
          Entry(
            sessionID: id, title: title, cwd: cwd, model: model,
            createdAtNanoseconds: Int64(bitPattern: created),
            updatedAtNanoseconds: Int64(bitPattern: updated), lastSeq: lastSeq,
            archived: archived, parentID: parent))
      }
      guard offset == body else { return nil }
      return SessionCatalog(entries: entries)
    }
  }

  /// Reads `HOME/catalog.bin`; nil when it is missing or does not verify.
  public static func load(home: String) -> SessionCatalog? {
    let path = FileSystem.join(home, fileName)
    guard let file = try? PosixFile.openForReading(path), let size = try? file.size(),
      size <= 1 << 30, let bytes = try? file.readBytes(count: Int(size), at: 0)
    else { return nil }
    return decode(bytes)
  }

  /// Writes the catalog atomically (temporary file, rename); a lost catalog is rebuilt, so
  /// no fsync is spent on it.
  public func save(home: String) throws {
    try FileSystem.createDirectory(home)
    try FileSystem.writeAtomically(
      encoded(), to: FileSystem.join(home, Self.fileName), durable: false)
  }

  /// Runs `body` on the catalog under an exclusive lock on `HOME/catalog.lock`, so that
  /// processes updating different sessions do not lose each other's entries, and saves it.
  public static func update(
    home: String, rebuild: () throws -> SessionCatalog, _ body: (inout SessionCatalog) -> Void
  ) throws {
    try FileSystem.createDirectory(home)
    let lock = try PosixFile.openForWriting(FileSystem.join(home, "catalog.lock"), create: true)
    try lock.lockExclusive()
    defer { lock.unlock() }
    var catalog = try load(home: home) ?? rebuild()
    body(&catalog)
    try catalog.save(home: home)
  }
}
