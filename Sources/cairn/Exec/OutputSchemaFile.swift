import CairnProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// `--output-schema FILE`: a JSON Schema the final answer must follow, sent as
/// `text.format` (json_schema, strict).
enum OutputSchemaFile {
  static func read(_ path: String) throws -> RawJSON {
    guard let file = fopen(path, "rb") else {
      throw ExecFailure("--output-schema \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = fread(&chunk, 1, chunk.count, file)
      if count == 0 { break }
      bytes += chunk[0..<count]
      if bytes.count > 16 << 20 { throw ExecFailure("--output-schema \(path): larger than 16 MiB") }
    }
    do {
      return try RawJSON(validating: String(decoding: bytes, as: UTF8.self))
    } catch {
      throw ExecFailure("--output-schema \(path): not valid JSON: \(error)")
    }
  }
}
