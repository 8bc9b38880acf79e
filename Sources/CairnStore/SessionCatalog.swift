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
    /// The session's model provider and first user message, when known (a catalog written
    /// by an older Cairn has neither: the caller reads them from the log).
    public var summary: Summary?

    public init(
      sessionID: String, title: String, cwd: String, model: String,
      createdAtNanoseconds: Int64, updatedAtNanoseconds: Int64, lastSeq: UInt64,
      archived: Bool, parentID: String, summary: Summary? = nil
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
      self.summary = summary
    }
  }

  /// What a listing shows of a session besides its metadata: its provider and the start of
  /// its first user message.
  public struct Summary: Equatable, Sendable {
    /// The most of the first user message a catalog keeps, in UTF-8 bytes.
    public static let previewBytesMax = 4096

    public var provider: String
    /// The first user message, cut to `previewBytesMax` bytes on a character boundary; ""
    /// before the first message.
    public var preview: String
    /// Whether `preview` is the whole first message.
    public var previewIsComplete: Bool

    public init(provider: String, firstMessage: String) {
      self.provider = provider
      if firstMessage.utf8.count <= Self.previewBytesMax {
        preview = firstMessage
        previewIsComplete = true
      } else {
        var cut = ""
        var bytes = 0
        for character in firstMessage {
          bytes += character.utf8.count
          if bytes > Self.previewBytesMax { break }
          cut.append(character)
        }
        preview = cut
        previewIsComplete = false
      }
    }

    init(provider: String, preview: String, previewIsComplete: Bool) {
      self.provider = provider
      self.preview = preview
      self.previewIsComplete = previewIsComplete
    }
  }

  public static let fileName = "catalog.bin"
  static let magic = magic64("CAIRNCAT")
  /// Version 2 added each entry's summary; version 1 files are still read.
  static let version: UInt64 = 2

  /// Entries by session id, in id order.
  public var entries: [Entry]

  public init(entries: [Entry] = []) {
    self.entries = entries.sorted { $0.sessionID < $1.sessionID }
  }

  private init(sortedEntries: [Entry]) { entries = sortedEntries }

  /// The entry of `sessionID`, if the catalog has one.
  public func entry(_ sessionID: String) -> Entry? {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].sessionID < sessionID { low = middle + 1 } else { high = middle }
    }
    return low < entries.count && entries[low].sessionID == sessionID ? entries[low] : nil
  }

  /// Inserts or replaces the entry with the same session id.
  public mutating func upsert(_ entry: Entry) {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].sessionID < entry.sessionID { low = middle + 1 } else { high = middle }
    }
    if low < entries.count, entries[low].sessionID == entry.sessionID {
      entries[low] = entry
    } else {
      entries.insert(entry, at: low)
    }
  }

  public mutating func remove(sessionID: String) {
    entries.removeAll { $0.sessionID == sessionID }
  }

  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.appendLE(Self.magic)
    bytes.appendLE(Self.version)
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
      if let summary = entry.summary {
        bytes.append(summary.previewIsComplete ? 2 : 1)
        string(summary.provider)
        string(summary.preview)
      } else {
        bytes.append(0)
      }
    }
    bytes.appendLE(Checksum.xxh3(bytes))
    return bytes
  }

  /// Decodes a catalog file; nil when it does not verify (the caller rebuilds it).
  public static func decode(_ bytes: [UInt8]) -> SessionCatalog? {
    guard bytes.count >= 32 else { return nil }
    let body = bytes.count - 8
    return bytes.withUnsafeBytes { raw -> SessionCatalog? in
      let version = raw.loadLE(at: 8, as: UInt64.self)
      guard raw.loadLE(at: 0, as: UInt64.self) == magic, version == 1 || version == 2,
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
        // The checksum vouches for the bytes; decoding (which would repair bad UTF-8)
        // takes the standard library's fast path, where `validating:` takes a slow one.
        return String(
          decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + length])
            .assumingMemoryBound(to: UInt8.self),
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
        var summary: Summary?
        if version >= 2 {
          guard offset < body else { return nil }
          let flag = raw[offset]
          offset += 1
          if flag != 0 {
            guard flag <= 2, let provider = string(), let preview = string() else { return nil }
            summary = Summary(provider: provider, preview: preview, previewIsComplete: flag == 2)
          }
        }
        // A file written by this type is in id order; one that is not is not ours.
        if let last = entries.last, !(last.sessionID < id) { return nil }
        entries.append(
          Entry(
            sessionID: id, title: title, cwd: cwd, model: model,
            createdAtNanoseconds: Int64(bitPattern: created),
            updatedAtNanoseconds: Int64(bitPattern: updated), lastSeq: lastSeq,
            archived: archived, parentID: parent, summary: summary))
      }
      guard offset == body else { return nil }
      return SessionCatalog(sortedEntries: entries)
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
