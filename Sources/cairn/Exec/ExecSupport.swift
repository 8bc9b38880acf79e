import CairnEngine

#if canImport(Glibc)
  import Glibc
#endif

/// The process's environment as a dictionary (for the tools and the provider's keys).
enum ProcessEnvironment {
  static var current: [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }
}

/// The user-agent Cairn sends: Codex's shape (`originator/version (os; arch) terminal`),
/// naming Cairn.
enum CairnUserAgent {
  static var value: String {
    var name = utsname()
    uname(&name)
    func field<T>(_ value: T) -> String {
      withUnsafeBytes(of: value) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
    }
    let terminal = getenv("TERM").map { String(cString: $0) } ?? "unknown"
    let version = CairnVersionOption.version.split(separator: " ").last.map(String.init) ?? "0"
    return
      "cairn/\(version) (\(field(name.sysname)) \(field(name.release)); \(field(name.machine))) "
      + "\(terminal) (codex_exec; 0.147.0)"
  }
}

/// `-o/--output-last-message FILE`: the agent's last message, written whole.
enum LastMessageFile {
  static func write(_ text: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw ExecFailure("-o \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeMutableBytes {
        Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw ExecFailure("-o \(path): \(String(cString: strerror(errno)))")
      }
      done += count
    }
  }
}

/// A private temporary Cairn home for `--ephemeral` runs, removed afterwards.
enum EphemeralDirectory {
  static func make() throws -> String {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/cairn-ephemeral-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw ExecFailure(
        "cannot make a temporary directory in \(base): \(String(cString: strerror(errno)))")
    }
    return String(cString: made)
  }

  static func remove(_ path: String) {
    try? FileCopy.removeTree(path)
  }
}

/// `--color always|never|auto`: auto styles when stderr is a terminal and `NO_COLOR` is
/// not set.
enum ExecColor {
  static func enabled(_ option: String?) -> Bool {
    switch option {
    case "always": return true
    case "never": return false
    default: return StandardError.isTerminal && getenv("NO_COLOR") == nil
    }
  }
}
