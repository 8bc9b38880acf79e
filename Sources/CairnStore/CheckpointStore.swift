import CairnLogFormat

#if canImport(Glibc)
  import Glibc
#endif

/// A stored checkpoint: serialized state as of `seq`, tagged with its schema version.
public struct Checkpoint: Equatable, Sendable {
  public var seq: Seq
  public var schemaVersion: UInt16
  public var bytes: [UInt8]
}

/// Checkpoints in `DIR/checkpoints/`, one file per checkpoint, each checksummed and
/// written atomically (temporary file, fsync, rename, fsync of the directory).
/// docs/LOG_FORMAT.md, "Checkpoints".
public struct CheckpointStore: Sendable {
  public let directory: String

  /// Larger checkpoint files are skipped unread rather than allocated.
  public static let fileBytesMax: UInt64 = 1 << 30

  public init(logDirectory: String) {
    directory = FileSystem.join(logDirectory, "checkpoints")
  }

  static func fileName(seq: Seq, schemaVersion: UInt16) -> String {
    let digits = String(seq.rawValue)
    let version = String(schemaVersion)
    return String(repeating: "0", count: 20 - digits.count) + digits + "-v"
      + String(repeating: "0", count: 5 - version.count) + version + ".ckpt"
  }

  static func parse(fileName: String) -> (Seq, UInt16)? {
    // Exactly "<20 digits>-v<5 digits>.ckpt", as fileName(seq:schemaVersion:) writes.
    let bytes = Array(fileName.utf8)
    guard bytes.count == 32, fileName.hasSuffix(".ckpt"), bytes[20] == UInt8(ascii: "-"),
      bytes[21] == UInt8(ascii: "v"),
      bytes[0..<20].allSatisfy({ $0 >= 48 && $0 <= 57 }),
      bytes[22..<27].allSatisfy({ $0 >= 48 && $0 <= 57 }),
      let seq = UInt64(String(decoding: bytes[0..<20], as: UTF8.self)),
      let version = UInt16(String(decoding: bytes[22..<27], as: UTF8.self))
    else { return nil }
    return (Seq(seq), version)
  }

  /// Stores `bytes` as the checkpoint at `seq` for `schemaVersion`, durably.
  public func put(seq: Seq, schemaVersion: UInt16, bytes: [UInt8]) throws {
    try FileSystem.createDirectory(directory)
    let file = CheckpointFile(seq: seq, schemaVersion: schemaVersion, bytes: bytes)
    try FileSystem.writeAtomically(
      file.encoded(),
      to: FileSystem.join(directory, Self.fileName(seq: seq, schemaVersion: schemaVersion)),
      durable: true)
  }

  /// The newest valid checkpoint at or before `seq` with exactly `schemaVersion`.
  /// Checkpoints of other schema versions are ignored; a file that does not verify is
  /// skipped (it is only a cache of a fold over the log).
  public func latest(atOrBefore seq: Seq, schemaVersion: UInt16) throws -> Checkpoint? {
    guard FileSystem.isDirectory(directory) else { return nil }
    let candidates = try FileSystem.list(directory).compactMap { name -> (Seq, String)? in
      guard let (at, version) = Self.parse(fileName: name), version == schemaVersion, at <= seq
      else { return nil }
      return (at, name)
    }.sorted { $0.0 > $1.0 }
    for (at, name) in candidates {
      if let checkpoint = read(name: name, seq: at), checkpoint.schemaVersion == schemaVersion {
        return checkpoint
      }
    }
    return nil
  }

  /// Every valid checkpoint of `schemaVersion`, oldest first.
  public func all(schemaVersion: UInt16) throws -> [Checkpoint] {
    guard FileSystem.isDirectory(directory) else { return [] }
    let names = try FileSystem.list(directory).compactMap { name -> (Seq, String)? in
      guard let (at, version) = Self.parse(fileName: name), version == schemaVersion else {
        return nil
      }
      return (at, name)
    }.sorted { $0.0 < $1.0 }
    return names.compactMap { at, name in read(name: name, seq: at) }
  }

  /// A checkpoint file that verifies and holds the sequence number its name says, or nil.
  private func read(name: String, seq: Seq) -> Checkpoint? {
    let path = FileSystem.join(directory, name)
    guard let file = try? PosixFile.openForReading(path), let size = try? file.size(),
      size <= Self.fileBytesMax, let data = try? file.readBytes(count: Int(size), at: 0),
      let decoded = try? data.withUnsafeBytes({ try CheckpointFile.decode($0) }),
      decoded.seq == seq
    else { return nil }
    return Checkpoint(seq: decoded.seq, schemaVersion: decoded.schemaVersion, bytes: decoded.bytes)
  }

  /// Removes all but the newest `count` checkpoint files (of any schema version).
  public func prune(keepingLatest count: Int) throws {
    guard FileSystem.isDirectory(directory) else { return }
    let names = try FileSystem.list(directory).compactMap { name -> (Seq, String)? in
      Self.parse(fileName: name).map { ($0.0, name) }
    }.sorted { $0.0 > $1.0 }
    for (_, name) in names.dropFirst(max(count, 1)) {
      try FileSystem.remove(FileSystem.join(directory, name))
    }
  }
}
