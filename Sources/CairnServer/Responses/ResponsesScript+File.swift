#if canImport(Glibc)
  import Glibc
#endif

extension ResponsesScript {
  /// Scripts larger than this are refused: a script is a hand-written test fixture.
  public static let fileBytesMax = 64 * 1024 * 1024

  /// Reads and parses the script file at `path`; errors name the file (and, for bad
  /// content, the line, column and JSON path).
  public static func load(path: String) throws(ResponsesScriptError) -> ResponsesScript {
    func failure(_ reason: String) -> ResponsesScriptError {
      ResponsesScriptError(file: path, line: 0, column: 0, path: "", reason: reason)
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure("cannot open the script: \(errnoText())") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure("cannot read the script: \(errnoText())")
      }
      bytes.append(contentsOf: chunk[0..<count])
      guard bytes.count <= fileBytesMax else {
        throw failure("the script is larger than \(fileBytesMax) bytes")
      }
    }
    return try parse(bytes, file: path)
  }
}
