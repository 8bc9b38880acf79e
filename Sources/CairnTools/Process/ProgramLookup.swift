#if canImport(Glibc)
  import Glibc
#endif

/// Finds the program of an argument vector and checks the working directory, before any
/// descriptor is made, so a bad command fails with a sentence rather than a spawn errno.
enum ProgramLookup {
  enum Failure: Error, Equatable {
    case emptyCommand
    case programNotFound(name: String, path: String?)
    case workingDirectoryNotFound(String)
    case workingDirectoryNotADirectory(String)
  }

  /// The program's path: as given when it has a slash, else the first executable match on
  /// `environment`'s `PATH` (the child's, not the parent's).
  static func resolve(_ arguments: [String], environment: [String: String]) throws(Failure)
    -> String
  {
    guard let name = arguments.first, !name.isEmpty else { throw .emptyCommand }
    if name.contains("/") { return name }
    let path = environment["PATH"]
    for directory in (path ?? "").split(separator: ":", omittingEmptySubsequences: true) {
      let candidate = "\(directory)/\(name)"
      var status = stat()
      if access(candidate, X_OK) == 0, stat(candidate, &status) == 0,
        status.st_mode & S_IFMT != S_IFDIR
      {
        return candidate
      }
    }
    throw .programNotFound(name: name, path: path)
  }

  static func checkWorkingDirectory(_ path: String) throws(Failure) {
    var status = stat()
    guard stat(path, &status) == 0 else { throw .workingDirectoryNotFound(path) }
    guard status.st_mode & S_IFMT == S_IFDIR else { throw .workingDirectoryNotADirectory(path) }
  }
}
