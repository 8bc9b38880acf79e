/// Reads figures out of the JSON a measured `cairn` command printed, without a JSON
/// parser: the commands print compact objects (`"key":value`), and the benchmark needs
/// only a few numbers from them and a count of the entries of a listing.
enum JSONFields {
  /// The number after the first `"key":`, or nil when the key is absent or not a number.
  static func number(_ key: String, in output: [UInt8]) -> Double? {
    let pattern = Array("\"\(key)\":".utf8)
    guard let start = firstIndex(of: pattern, in: output, from: 0) else { return nil }
    var end = start + pattern.count
    while end < output.count, output[end] != UInt8(ascii: ","), output[end] != UInt8(ascii: "}") {
      end += 1
    }
    return Double(String(decoding: output[(start + pattern.count)..<end], as: UTF8.self))
  }

  /// How many times `"key":` occurs: the entries of a listing, one `session_id` each.
  static func count(of key: String, in output: [UInt8]) -> Int {
    let pattern = Array("\"\(key)\":".utf8)
    var found = 0
    var from = 0
    while let at = firstIndex(of: pattern, in: output, from: from) {
      found += 1
      from = at + pattern.count
    }
    return found
  }

  private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
    guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
    var index = from
    while index <= bytes.count - pattern.count {
      if bytes[index] == first && bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
        return index
      }
      index += 1
    }
    return nil
  }
}
