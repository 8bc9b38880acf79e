import CairnLogFormat

/// A forked log's link to the sealed segments it shares with its parent: `DIR/PREFIX`.
/// The child's own segments begin right after `sharedThrough` and chain to
/// `chainChecksum`. docs/LOG_FORMAT.md, "Forks".
public struct LogPrefix: Equatable, Sendable {
  public static let fileName = "PREFIX"
  static let magic = magic64("CAIRNPFX")

  /// The parent's log directory: relative to the child's directory unless absolute.
  public var parentDirectory: String
  /// The last sequence number the child reads from the parent's sealed segments.
  public var sharedThrough: Seq
  /// The checksum of the parent's last shared block: the chain value the child continues.
  public var chainChecksum: UInt64

  public init(parentDirectory: String, sharedThrough: Seq, chainChecksum: UInt64) {
    self.parentDirectory = parentDirectory
    self.sharedThrough = sharedThrough
    self.chainChecksum = chainChecksum
  }

  func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.appendLE(Self.magic)
    bytes.appendLE(UInt64(FormatLimits.formatVersion))
    bytes.appendLE(sharedThrough.rawValue)
    bytes.appendLE(chainChecksum)
    let path = Array(parentDirectory.utf8)
    bytes.appendLE(UInt64(path.count))
    bytes.append(contentsOf: path)
    bytes.appendLE(Checksum.xxh3(bytes))
    return bytes
  }

  static func decode(_ bytes: [UInt8]) -> LogPrefix? {
    guard bytes.count >= 48 else { return nil }
    return bytes.withUnsafeBytes { raw -> LogPrefix? in
      let body = raw.count - 8
      guard raw.loadLE(at: 0, as: UInt64.self) == magic,
        raw.loadLE(at: 8, as: UInt64.self) == UInt64(FormatLimits.formatVersion),
        raw.loadLE(at: body, as: UInt64.self)
          == Checksum.xxh3(UnsafeRawBufferPointer(rebasing: raw[0..<body]))
      else { return nil }
      let length = raw.loadLE(at: 32, as: UInt64.self)
      guard length == UInt64(body - 40),
        let path = String(
          validating: UnsafeRawBufferPointer(rebasing: raw[40..<body]), as: UTF8.self),
        !path.isEmpty
      else { return nil }
      return LogPrefix(
        parentDirectory: path, sharedThrough: Seq(raw.loadLE(at: 16, as: UInt64.self)),
        chainChecksum: raw.loadLE(at: 24, as: UInt64.self))
    }
  }

  /// The prefix link of `directory`, nil when the log is not a fork that shares segments.
  /// A `PREFIX` file that does not verify is corruption: without it the log has no start.
  public static func load(directory: String) throws -> LogPrefix? {
    let path = FileSystem.join(directory, fileName)
    guard FileSystem.exists(path) else { return nil }
    let file = try PosixFile.openForReading(path)
    let size = try file.size()
    guard size <= 1 << 20, let prefix = decode(try file.readBytes(count: Int(size), at: 0))
    else {
      throw LogError.corruption(
        segment: fileName, offset: 0,
        defect: "the fork's link to its parent's segments does not verify")
    }
    return prefix
  }

  /// Writes the link durably.
  public func save(directory: String) throws {
    try FileSystem.createDirectory(directory)
    try FileSystem.writeAtomically(
      encoded(), to: FileSystem.join(directory, Self.fileName), durable: true)
  }

  /// Removes the link (after the shared segments were copied in).
  public static func remove(directory: String) throws {
    try FileSystem.remove(FileSystem.join(directory, fileName))
    try FileSystem.syncDirectory(directory)
  }

  /// The parent's directory as a path usable from here.
  public func resolvedParent(childDirectory: String) -> String {
    parentDirectory.hasPrefix("/") ? parentDirectory : childDirectory + "/" + parentDirectory
  }
}
