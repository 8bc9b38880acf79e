/// Character classes of single bytes, as bit flags in a 256-entry table, so the scanner's
/// inner loop classifies a byte with one load. The flags are computed properties so that
/// they fold to constants (a stored `static let` is a lazily initialized global, checked at
/// each use). Bytes from 0x80 up (UTF-8 lead and continuation bytes, or binary noise) have
/// no bit: they neither end an unquoted value nor belong to a name or a token.
enum SecretByteClass {
  /// `[A-Za-z0-9_-]`: bytes that continue a word, so a token prefix only counts after a
  /// byte outside this class.
  static var word: UInt8 { 1 }
  /// First bytes of the prefixes checked at the start of a word: `s r g A x e B b`.
  static var triggerAtWordStart: UInt8 { 2 }
  /// Bytes checked wherever they occur: `=`, `:` and `-`.
  static var triggerAnywhere: UInt8 { 4 }
  /// `[A-Za-z0-9_.-]`: bytes of an assignment name.
  static var name: UInt8 { 8 }
  /// `[A-Za-z0-9._~+/=-]`: bytes of an RFC 6750 `b64token`, the credential after `Bearer`.
  static var credential: UInt8 { 16 }
  /// Bytes that end an unquoted value: whitespace and other control bytes, quotes, the
  /// backquote, `, ; ( ) ] } &` and the backslash (which starts a JSON escape such as `\n`).
  static var valueStop: UInt8 { 32 }
  /// `[A-Za-z0-9+/=]`: standard base64.
  static var base64: UInt8 { 64 }
  /// Bytes that end the authority of a URL: whitespace and other control bytes,
  /// `/ ? #`, quotes, the backquote, `< >` and the backslash.
  static var authorityStop: UInt8 { 128 }

  /// The class bits of each byte value.
  static let table: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 256)
    func add(_ bits: UInt8, _ bytes: String) {
      for byte in bytes.utf8 { table[Int(byte)] |= bits }
    }
    let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    let alphanumerics = letters + "0123456789"
    add(word, alphanumerics + "_-")
    add(triggerAtWordStart, "srgAxeBb")
    add(triggerAnywhere, "=:-")
    add(name, alphanumerics + "_.-")
    add(credential, alphanumerics + "._~+/=-")
    add(base64, alphanumerics + "+/=")
    for control in 0..<0x20 {
      table[control] |= valueStop | authorityStop
    }
    table[0x7F] |= valueStop | authorityStop
    add(valueStop, " \"'`,;()]}&\\")
    add(authorityStop, " /?#\"'`<>\\")
    return table
  }()

  /// For each pair of bytes `first | second << 8`, bit flags: 1 when a detector could
  /// start at `first` (a trigger byte, and ``SecretScanner/pairMayTrigger(_:_:)``), 2
  /// when it could start at `second` (a colon after a quote, ``SecretScanner/isQuote(_:)``).
  /// 64 KiB, so the scanner's inner loop sorts out most positions with one load each.
  static let pairs: [UInt8] = {
    var pairs = [UInt8](repeating: 0, count: 1 << 16)
    let triggers = triggerAnywhere | triggerAtWordStart
    for first in 0..<256 where table[first] & triggers != 0 {
      for second in 0..<256 where SecretScanner.pairMayTrigger(UInt8(first), UInt8(second)) {
        pairs[first | second << 8] |= 1
      }
    }
    for first in 0..<256 where SecretScanner.isQuote(UInt8(first)) {
      pairs[first | Int(UInt8(ascii: ":")) << 8] |= 2
    }
    return pairs
  }()
}
