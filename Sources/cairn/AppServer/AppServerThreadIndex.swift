import CairnCore
import CairnEngine
import CairnStore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The thread listing's memory: the session catalog, read again only when `catalog.bin`
/// changed (its size or modification time), and the sort orders made from it. The catalog
/// holds each thread's preview and provider; for entries written by an older Cairn (or a
/// first message longer than the catalog keeps) they are read from the log once and kept
/// in `HOME/app-server-summaries.tsv` (id, last seq, provider, preview), so a new process
/// lists ten thousand such threads without opening ten thousand logs; an entry there
/// counts only while the thread's last seq is the one it was read at.
final class AppServerThreadIndex: @unchecked Sendable {
  let home: CairnHome
  private let lock = NSLock()
  private var stamp: (size: Int64, modified: Int64)?
  private var entries: [SessionCatalog.Entry] = []
  private var orders: [String: [Int]] = [:]
  private var summaries: [String: (lastSeq: UInt64, summary: AppServerThreadHistory.Summary)] = [:]
  private var summariesLoaded = false
  private var summariesDirty = false

  static let summariesFile = "app-server-summaries.tsv"

  init(home: CairnHome) { self.home = home }

  /// The catalog's entries, and a cache key for orders made from them.
  func snapshot() throws -> [SessionCatalog.Entry] {
    lock.lock()
    defer { lock.unlock() }
    let path = home.root + "/" + SessionCatalog.fileName
    var info = stat()
    let current: (Int64, Int64)? =
      stat(path, &info) == 0
      ? (
        Int64(info.st_size),
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
      )
      : nil
    if let current, let stamp, stamp == current { return entries }
    entries = try SessionStore(home: home).list()
    orders = [:]
    if stat(path, &info) == 0 {
      stamp = (
        Int64(info.st_size),
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
      )
    } else {
      stamp = nil
    }
    return entries
  }

  /// Indexes into `snapshot()` sorted by `key`, made once per catalog version.
  func order(
    name: String, _ entries: [SessionCatalog.Entry],
    by key: (SessionCatalog.Entry) -> AppServerThreadCursor
  ) -> [Int] {
    if let cached = lock.withLock({ orders[name] }), cached.count == entries.count { return cached }
    let keys = entries.map(key)
    let sorted = keys.indices.sorted { keys[$0] < keys[$1] }
    lock.withLock { orders[name] = sorted }
    return sorted
  }

  /// The preview and provider of a stored thread, from memory, the summaries file or its log.
  func summary(_ entry: SessionCatalog.Entry) -> AppServerThreadHistory.Summary {
    if let known = entry.summary, known.previewIsComplete, !known.preview.isEmpty {
      return AppServerThreadHistory.Summary(preview: known.preview, provider: known.provider)
    }
    lock.lock()
    if !summariesLoaded {
      summariesLoaded = true
      loadSummaries()
    }
    if let known = summaries[entry.sessionID], known.lastSeq == entry.lastSeq {
      lock.unlock()
      return known.summary
    }
    lock.unlock()
    let summary = AppServerThreadHistory.summary(
      directory: home.sessionDirectory(SessionID(entry.sessionID)))
    lock.withLock {
      summaries[entry.sessionID] = (entry.lastSeq, summary)
      summariesDirty = true
    }
    return summary
  }

  /// Writes the summaries file when it gained entries (atomically; it is a cache).
  func saveSummaries() {
    let text: String? = lock.withLock {
      guard summariesDirty else { return nil }
      summariesDirty = false
      var out = ""
      for (id, value) in summaries {
        out +=
          [
            id, String(value.lastSeq), Self.escape(value.summary.provider),
            Self.escape(value.summary.preview),
          ]
          .joined(separator: "\t") + "\n"
      }
      return out
    }
    guard let text else { return }
    let path = home.root + "/" + Self.summariesFile
    guard (try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil
    else { return }
    chmod(path, 0o600)
  }

  private func loadSummaries() {
    guard let data = FileManager.default.contents(atPath: home.root + "/" + Self.summariesFile)
    else { return }
    let bytes = [UInt8](data)
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
      let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
      guard fields.count == 4, let seq = UInt64(String(decoding: fields[1], as: UTF8.self)) else {
        continue
      }
      summaries[String(decoding: fields[0], as: UTF8.self)] = (
        seq,
        AppServerThreadHistory.Summary(
          preview: Self.unescape(fields[3]), provider: Self.unescape(fields[2]))
      )
    }
  }

  /// Tabs, newlines and backslashes as `\t`, `\n`, `\\`.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.append(character)
      }
    }
    return out
  }

  static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
    guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    var escaping = false
    for byte in bytes {
      if escaping {
        switch byte {
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        default: out.append(byte)
        }
        escaping = false
      } else if byte == UInt8(ascii: "\\") {
        escaping = true
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
