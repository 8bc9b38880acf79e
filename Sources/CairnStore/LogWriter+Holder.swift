extension LogWriter {
  /// The pid of the process writing the log in `directory` now, or nil when none is: the
  /// writer's `flock` goes with its process, so a crashed writer is never reported.
  public static func activeWriterPid(directory: String) -> Int32? {
    WriterLock.holderPid(directory: directory)
  }
}
