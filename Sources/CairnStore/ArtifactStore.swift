import CairnLogFormat

/// Compaction handoff artifacts of a session, one file each in `DIR/compactions/`, named
/// `<kind>-<20-digit seq>.artifact` and stored in the checksummed container of checkpoint
/// files (LOG_FORMAT.md, "Checkpoint file"), written atomically. docs/SESSION_STORE.md.
public struct ArtifactStore: Sendable {
  public let directory: String

  public init(logDirectory: String) {
    directory = FileSystem.join(logDirectory, "compactions")
  }

  /// One stored artifact.
  public struct Artifact: Equatable, Sendable {
    public var fileName: String
    public var kind: String
    public var seq: Seq
    public var bytes: [UInt8]
  }

  static func fileName(kind: String, seq: Seq) -> String {
    let digits = String(seq.rawValue)
    return "\(kind)-" + String(repeating: "0", count: 20 - digits.count) + digits + ".artifact"
  }

  static func parse(fileName: String) -> (kind: String, seq: Seq)? {
    guard fileName.hasSuffix(".artifact") else { return nil }
    let stem = fileName.dropLast(9)
    guard let dash = stem.lastIndex(of: "-") else { return nil }
    let digits = stem[stem.index(after: dash)...]
    guard digits.count == 20, digits.allSatisfy(\.isASCII), let seq = UInt64(digits) else {
      return nil
    }
    return (String(stem[..<dash]), Seq(seq))
  }

  /// Stores an artifact durably and returns its file name.
  @discardableResult
  public func put(kind: String, seq: Seq, bytes: [UInt8]) throws -> String {
    guard !kind.isEmpty, kind.utf8.allSatisfy({ $0 != UInt8(ascii: "/") }) else {
      throw LogError.invalidArgument("an artifact kind cannot be empty or contain '/'")
    }
    try FileSystem.createDirectory(directory)
    let name = Self.fileName(kind: kind, seq: seq)
    try FileSystem.writeAtomically(
      CheckpointFile(seq: seq, schemaVersion: 0, bytes: bytes).encoded(),
      to: FileSystem.join(directory, name), durable: true)
    return name
  }

  /// The artifacts of `kind`, oldest first, without their contents.
  public func list(kind: String) throws -> [(fileName: String, seq: Seq)] {
    guard FileSystem.isDirectory(directory) else { return [] }
    return try FileSystem.list(directory).compactMap { name in
      guard let parsed = Self.parse(fileName: name), parsed.kind == kind else { return nil }
      return (name, parsed.seq)
    }.sorted { $0.seq < $1.seq }
  }

  /// An artifact that verifies, or nil.
  public func read(fileName: String) -> Artifact? {
    guard let parsed = Self.parse(fileName: fileName),
      let file = try? PosixFile.openForReading(FileSystem.join(directory, fileName)),
      let size = try? file.size(), size <= CheckpointStore.fileBytesMax,
      let data = try? file.readBytes(count: Int(size), at: 0),
      let decoded = try? data.withUnsafeBytes({ try CheckpointFile.decode($0) }),
      decoded.seq == parsed.seq
    else { return nil }
    return Artifact(fileName: fileName, kind: parsed.kind, seq: parsed.seq, bytes: decoded.bytes)
  }

  public func remove(fileName: String) throws {
    try FileSystem.remove(FileSystem.join(directory, fileName))
  }
}
