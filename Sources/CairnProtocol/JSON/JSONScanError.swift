/// A JSON text that is not well-formed UTF-8 JSON, with the absolute byte offset of the
/// first byte that is wrong (counted from the start of the scanner's input) and why.
public struct JSONScanError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Why the bytes are not JSON.
  public enum Cause: Equatable, Sendable {
    /// A byte that cannot come here; `expected` names what could.
    case unexpectedByte(UInt8, expected: String)
    /// The input ended inside a value (a cut-off file or a truncated last line).
    case unexpectedEndOfInput
    /// The line ended (a newline in line mode) inside a value.
    case unexpectedEndOfLine
    /// A byte sequence in a string that is not UTF-8 (bad lead or continuation byte,
    /// overlong form, surrogate, or beyond U+10FFFF).
    case invalidUTF8
    /// A raw control character (below 0x20) inside a string; JSON wants it escaped.
    case controlCharacterInString(UInt8)
    /// A backslash followed by something other than `"\/bfnrtu`, or a bad `\u` escape.
    case invalidEscape
    /// A `\u` escape of a lone or mismatched UTF-16 surrogate.
    case loneSurrogate
    /// A number that breaks JSON's grammar (`01`, `1.`, `-`, `1e`).
    case invalidNumber
    /// A number longer than `JSONScanner.numberBytesMax`.
    case numberTooLong
    /// Objects and arrays nested deeper than `JSONScanner.depthMax`.
    case nestingTooDeep
    /// Bytes after the end of the value on its line.
    case trailingBytes(UInt8)
  }

  public var offset: UInt64
  public var cause: Cause

  public init(offset: UInt64, cause: Cause) {
    self.offset = offset
    self.cause = cause
  }

  public var description: String { "byte \(offset): \(cause.text)" }
}

extension JSONScanError.Cause {
  /// A sentence fragment for error messages.
  public var text: String {
    switch self {
    case .unexpectedByte(let byte, let expected):
      return "unexpected \(Self.describe(byte)), expected \(expected)"
    case .unexpectedEndOfInput: return "the input ends inside a JSON value"
    case .unexpectedEndOfLine: return "the line ends inside a JSON value"
    case .invalidUTF8: return "invalid UTF-8 in a string"
    case .controlCharacterInString(let byte):
      return "unescaped control character \(Self.describe(byte)) in a string"
    case .invalidEscape: return "invalid escape sequence in a string"
    case .loneSurrogate: return "\\u escape of a lone UTF-16 surrogate"
    case .invalidNumber: return "malformed number"
    case .numberTooLong: return "number longer than \(JSONScanner.numberBytesMax) bytes"
    case .nestingTooDeep: return "nesting deeper than \(JSONScanner.depthMax) levels"
    case .trailingBytes(let byte): return "unexpected \(Self.describe(byte)) after the value"
    }
  }

  static func describe(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    let hex = Array("0123456789ABCDEF".utf8)
    let digits = String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
    return "byte 0x\(digits)"
  }
}
