/// A compact JSON writer that appends UTF-8 to a byte array, for the wire encodings of this
/// module (CairnCore's `JSONValue` is not available here, and a request of hundreds of
/// megabytes should not be built as a tree first).
///
/// Strings are escaped as serde_json escapes them (and so as Codex sends them): `"` and
/// `\` with a backslash, `\n` `\r` `\t` `\b` `\f` short, other control characters as
/// `\u00xx` (lowercase hex); everything else, `/` and non-ASCII included, verbatim.
///
/// The caller writes the structure; the writer only places commas:
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("type"); writer.string("message")
/// writer.key("content"); writer.beginArray(); writer.endArray()
/// writer.endObject()   // {"type":"message","content":[]}
/// ```
public struct JSONWriter: Sendable {
  /// The text written so far.
  public private(set) var bytes: [UInt8]
  /// Whether the next value or key is the first of its container (no comma before it).
  private var atContainerStart = true

  public init(reservingCapacity capacity: Int = 256) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  public mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    atContainerStart = true
  }

  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    atContainerStart = false
  }

  public mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    atContainerStart = true
  }

  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    atContainerStart = false
  }

  /// A member name and its colon; the value comes next, without a comma.
  public mutating func key(_ name: String) {
    separate()
    appendQuoted(name)
    bytes.append(UInt8(ascii: ":"))
    atContainerStart = true
  }

  public mutating func string(_ value: String) {
    separate()
    appendQuoted(value)
  }

  public mutating func bool(_ value: Bool) {
    separate()
    bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
  }

  public mutating func null() {
    separate()
    bytes.append(contentsOf: Self.nullBytes)
  }

  public mutating func integer(_ value: Int64) {
    separate()
    bytes.append(contentsOf: String(value).utf8)
  }

  /// A JSON text already known to be valid, embedded as is.
  public mutating func raw(_ json: RawJSON) {
    separate()
    bytes.append(contentsOf: json.text.utf8)
  }

  /// `"name":"value"` in one call.
  public mutating func member(_ name: String, _ value: String) {
    key(name)
    string(value)
  }

  private mutating func separate() {
    if atContainerStart {
      atContainerStart = false
    } else {
      bytes.append(UInt8(ascii: ","))
    }
  }

  private static let trueBytes: [UInt8] = Array("true".utf8)
  private static let falseBytes: [UInt8] = Array("false".utf8)
  private static let nullBytes: [UInt8] = Array("null".utf8)

  private mutating func appendQuoted(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { utf8 in appendEscaped(utf8) }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Copies runs of bytes that need no escape in one call each: long texts (instructions,
  /// tool outputs) are mostly such runs.
  private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    var runStart = 0
    var index = 0
    let count = utf8.count
    while index < count {
      let byte = utf8[index]
      if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
        index += 1
        continue
      }
      if index > runStart {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      }
      bytes.append(UInt8(ascii: "\\"))
      switch byte {
      case 0x22: bytes.append(UInt8(ascii: "\""))
      case 0x5C: bytes.append(UInt8(ascii: "\\"))
      case 0x0A: bytes.append(UInt8(ascii: "n"))
      case 0x0D: bytes.append(UInt8(ascii: "r"))
      case 0x09: bytes.append(UInt8(ascii: "t"))
      case 0x08: bytes.append(UInt8(ascii: "b"))
      case 0x0C: bytes.append(UInt8(ascii: "f"))
      default:
        let hex: StaticString = "0123456789abcdef"
        bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        bytes.append(hex.utf8Start[Int(byte >> 4)])
        bytes.append(hex.utf8Start[Int(byte & 15)])
      }
      index += 1
      runStart = index
    }
    if count > runStart {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }
  }
}
