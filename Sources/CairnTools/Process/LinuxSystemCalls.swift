#if canImport(Glibc)
  import Glibc
#endif

/// Glibc functions that Swift's Glibc module does not show (they sit behind `_GNU_SOURCE`
/// or in headers it does not include), looked up once by name. Each is optional: a libc
/// without one makes the caller take its slower or coarser path, never fail.
enum LinuxSystemCalls {
  typealias PipeWithFlags = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
  typealias ProcessFileDescriptorOpen = @convention(c) (pid_t, UInt32) -> Int32
  typealias SpawnActionsChangeDirectory =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) ->
    Int32
  typealias SpawnActionsCloseFrom =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// The flag `posix_spawnattr_setflags` takes for a new session; Swift does not see it.
  static let spawnSetSessionFlag: Int32 = 0x80

  /// `pipe2(2)`: a pipe whose ends are close-on-exec from birth, so that no child another
  /// thread spawns meanwhile inherits them.
  static let pipeWithFlags: PipeWithFlags? = symbol("pipe2")
  /// `pidfd_open(2)` (glibc 2.36): a descriptor that polls readable when the process exits,
  /// so the run loop sleeps until something happens instead of ticking.
  static let processFileDescriptorOpen: ProcessFileDescriptorOpen? = symbol("pidfd_open")
  /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29): start the child in a directory
  /// without changing the parent's.
  static let spawnActionsChangeDirectory: SpawnActionsChangeDirectory? = symbol(
    "posix_spawn_file_actions_addchdir_np")
  /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): close every descriptor from 3
  /// up in the child, so files Cairn opened without close-on-exec never leak into tools.
  static let spawnActionsCloseFrom: SpawnActionsCloseFrom? = symbol(
    "posix_spawn_file_actions_addclosefrom_np")

  private static func symbol<Function>(_ name: String) -> Function? {
    guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else {
      return nil
    }
    return unsafeBitCast(address, to: Function.self)
  }

  /// A pipe with both ends close-on-exec: `pipe2` when there is one, else `pipe` and then
  /// `FD_CLOEXEC` (with a short window in which a concurrent spawn could inherit it).
  static func makeCloseOnExecPipe() -> (read: Int32, write: Int32)? {
    var descriptors: [Int32] = [-1, -1]
    if let pipeWithFlags {
      guard pipeWithFlags(&descriptors, O_CLOEXEC) == 0 else { return nil }
    } else {
      guard pipe(&descriptors) == 0 else { return nil }
      _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
    }
    return (descriptors[0], descriptors[1])
  }

  /// The current `errno` as text.
  static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
