#if canImport(Glibc)
  import Glibc
#endif

/// The prompt of an exec run, as Codex reads it: the argument; or stdin when the argument
/// is missing or `-`; and when both are given and stdin is not a terminal, stdin is added
/// as a `<stdin>` block.
enum ExecPrompt {
  static func read(argument: String?) throws -> String {
    let stdinIsTerminal = isatty(0) == 1
    if let argument, argument != "-" {
      guard !stdinIsTerminal else { return argument }
      StandardError.write("Reading additional input from stdin...\n")
      let piped = try readStandardInput()
      return compose(argument: argument, stdin: piped)
    }
    if stdinIsTerminal && argument == nil {
      throw ExecFailure("no prompt: give one as an argument, or pipe it to stdin with `-`")
    }
    StandardError.write("Reading prompt from stdin...\n")
    let text = try readStandardInput()
    guard !text.allSatisfy(\.isWhitespace) else {
      throw ExecFailure("No prompt provided via stdin.")
    }
    return text
  }

  /// The prompt with piped input appended as Codex does.
  static func compose(argument: String, stdin: String) -> String {
    var piped = Substring(stdin)
    while piped.last == "\n" || piped.last == "\r" { piped.removeLast() }
    guard !piped.isEmpty else { return argument }
    return argument + "\n\n<stdin>\n" + piped + "\n</stdin>"
  }

  private static func readStandardInput() throws -> String {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw ExecFailure("cannot read stdin: \(String(cString: strerror(errno)))")
      }
      bytes += chunk[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
