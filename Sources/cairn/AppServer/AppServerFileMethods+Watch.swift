import CairnCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `fs/watch` / `fs/unwatch` and the `fs/changed` notifications, on one inotify descriptor
/// read by one thread for the whole process. As Codex: a directory is watched one level
/// deep (a change reports the child's path); a file, or a path that does not exist yet, is
/// watched through its parent directory (a change reports the path itself, so a file
/// replaced by rename or created later is seen). Events that arrive within
/// `coalesceMilliseconds` of each other become one notification per watch, each path once.
/// Watches end with `fs/unwatch` or when their connection closes.
enum AppServerFileWatches {
  static let coalesceMilliseconds = 50
  static let eventMask: UInt32 =
    UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MODIFY) | UInt32(IN_MOVED_FROM)
    | UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_ATTRIB)
    | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

  /// One client watch.
  struct Watch {
    var connection: AppServerConnection
    var watchID: String
    /// The path reported to the client.
    var path: String
    var descriptor: Int32
    /// Set when the watch is on the parent directory: only events for this name count.
    var name: String?
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var inotify: Int32 = -1
  nonisolated(unsafe) private static var watches: [Watch] = []

  static func watch(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let watchID = try request.params.requiredString("watchId")
    let path = try request.params.absolutePath("path")
    let connection = request.connection
    var info = stat()
    let isDirectory = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    let reported: String
    let target: String
    var name: String?
    if isDirectory {
      reported = AppServerConfigWrite.canonical(path)
      target = reported
    } else {
      let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
      let slash = trimmed.lastIndex(of: "/") ?? trimmed.startIndex
      let parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
      let base = String(trimmed[trimmed.index(after: slash)...])
      target = AppServerConfigWrite.canonical(parent)
      reported = target == "/" ? "/" + base : target + "/" + base
      name = base
    }
    lock.lock()
    defer { lock.unlock() }
    if watches.contains(where: { $0.connection.id == connection.id && $0.watchID == watchID }) {
      throw .invalid("watchId already exists: \(watchID)")
    }
    if inotify < 0 {
      let descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
      guard descriptor >= 0 else { throw AppServerFileMethods.osError(errno) }
      inotify = descriptor
      let thread = Thread { readEvents(descriptor) }
      thread.name = "cairn fs/watch"
      thread.start()
    }
    let descriptor = inotify_add_watch(inotify, target, eventMask)
    guard descriptor >= 0 else { throw AppServerFileMethods.osError(errno) }
    watches.append(
      Watch(
        connection: connection, watchID: watchID, path: reported, descriptor: descriptor,
        name: name))
    return AppServerReply(result: .object([("path", .string(reported))]))
  }

  /// Codex answers `{}` for an unknown watch id too.
  static func unwatch(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let watchID = try request.params.requiredString("watchId")
    let connection = request.connection.id
    lock.withLock {
      removeWatches { $0.connection.id == connection && $0.watchID == watchID }
    }
    return AppServerReply(result: .object([]))
  }

  static func connectionClosed(_ connection: Int) {
    lock.withLock { removeWatches { $0.connection.id == connection } }
  }

  /// Drops the matching watches; a kernel watch goes when no client watch uses it. Called
  /// with the lock held.
  private static func removeWatches(where matches: (Watch) -> Bool) {
    let removed = watches.filter(matches)
    watches.removeAll(where: matches)
    for descriptor in Set(removed.map(\.descriptor))
    where !watches.contains(where: { $0.descriptor == descriptor }) {
      _ = inotify_rm_watch(inotify, descriptor)
    }
  }

  // MARK: The reader thread

  /// Reads events forever (the descriptor lives as long as the process); pending paths
  /// are sent once no event came for `coalesceMilliseconds`.
  private static func readEvents(_ descriptor: Int32) {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var pending: [(connection: AppServerConnection, watchID: String, paths: [String])] = []
    while true {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, pending.isEmpty ? -1 : Int32(coalesceMilliseconds))
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 {
        for batch in pending {
          batch.connection.notify(
            AppServerNotification(
              "fs/changed",
              [
                ("watchId", .string(batch.watchID)),
                ("changedPaths", .array(batch.paths.map { .string($0) })),
              ]))
        }
        pending = []
        continue
      }
      let count = read(descriptor, &buffer, buffer.count)
      guard count > 0 else { continue }
      var offset = 0
      while offset + 16 <= count {
        let (watchDescriptor, length, name) = parseEvent(buffer, at: offset, count: count)
        offset += 16 + length
        let matches = lock.withLock { watches.filter { $0.descriptor == watchDescriptor } }
        for watch in matches {
          let changed: String
          if let filter = watch.name {
            guard name == filter else { continue }
            changed = watch.path
          } else {
            changed = name.isEmpty ? watch.path : watch.path + "/" + name
          }
          if let index = pending.firstIndex(where: {
            $0.connection.id == watch.connection.id && $0.watchID == watch.watchID
          }) {
            if !pending[index].paths.contains(changed) { pending[index].paths.append(changed) }
          } else {
            pending.append((watch.connection, watch.watchID, [changed]))
          }
        }
      }
    }
  }

  /// `struct inotify_event` at `offset`: its watch descriptor, name length and name.
  private static func parseEvent(_ bytes: [UInt8], at offset: Int, count: Int)
    -> (Int32, Int, String)
  {
    func word(_ at: Int) -> UInt32 {
      UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
        | UInt32(bytes[at + 3]) << 24
    }
    let watchDescriptor = Int32(bitPattern: word(offset))
    let length = Int(word(offset + 12))
    let start = offset + 16
    let end = min(start + length, count)
    let raw = bytes[start..<end]
    let name = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    return (watchDescriptor, length, name)
  }
}
