import CairnLogFormat

/// A failure of the log store, carrying where it happened. Each case maps to one of the
/// CLI's exit codes (docs/LOG_FORMAT.md, "Exit codes").
public enum LogError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A system call failed.
  case io(path: String, operation: String, errno: Int32)
  /// A file uses a format version this build does not read.
  case unsupportedVersion(path: String, found: UInt16, supported: UInt16)
  /// Invalid bytes that are followed by valid ones, or a broken chain: never cut silently.
  case corruption(segment: String, offset: UInt64, defect: String)
  /// Another process holds the writer lock.
  case locked(directory: String, holderPid: Int32?)
  /// A record's payload exceeds the configured maximum.
  case recordTooLarge(bytes: Int, limit: Int)
  /// The options or arguments cannot be used.
  case invalidArgument(String)
  /// The directory holds no log.
  case notALog(directory: String)
  /// An earlier write or sync of this writer failed; it accepts nothing more.
  case writerFailed(directory: String, cause: String)

  public var description: String {
    switch self {
    case .io(let path, let operation, let errno):
      return "\(path): \(operation) failed: \(systemErrorText(errno)) (errno \(errno))"
    case .unsupportedVersion(let path, let found, let supported):
      return
        "\(path): unsupported log format version \(found); this build of cairn reads version "
        + "\(supported): use a newer cairn"
    case .corruption(let segment, let offset, let defect):
      return
        "\(segment) at offset \(offset): corruption: \(defect). This is not a torn tail, so "
        + "nothing was cut: `cairn log repair --force` cuts it and everything after it, after "
        + "saving those bytes to quarantine files"
    case .locked(let directory, let holderPid):
      let holder = holderPid.map { "process \($0)" } ?? "another process"
      return "\(directory): the log is locked by \(holder), which is writing to it"
    case .recordTooLarge(let bytes, let limit):
      return "record of \(bytes) bytes exceeds the maximum record size of \(limit) bytes"
    case .invalidArgument(let message):
      return message
    case .notALog(let directory):
      return "\(directory): no log here (no such directory)"
    case .writerFailed(let directory, let cause):
      return
        "\(directory): the writer stopped after a failed write (\(cause)); records not yet "
        + "acknowledged were not stored: open the log again to recover and continue"
    }
  }

  /// The CLI exit code for this error: 1 I/O or version, 2 corruption, 4 locked, 64 usage.
  public var exitCode: Int32 {
    switch self {
    case .io, .unsupportedVersion, .recordTooLarge, .notALog, .writerFailed: return 1
    case .corruption: return 2
    case .locked: return 4
    case .invalidArgument: return 64
    }
  }
}
