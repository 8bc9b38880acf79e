/// A forward, single-pass scanner that yields the secrets of a byte buffer one at a time,
/// in input order and without overlaps.
///
/// The inner loop looks at each position once through ``SecretByteClass/pairs`` (keyed by
/// the byte and the next one), eight positions per branch. Most positions are skipped
/// there; a detector runs only at a few trigger bytes (`=`, `:`, `-`, and the first letter
/// of a word that could start a token prefix) followed by a byte that fits. Each detector looks a bounded
/// distance back (``RedactionLimits``) and forward only across the run of bytes it could
/// claim, so the whole scan stays linear in the input size. Nothing here allocates: the
/// scanner lives on the stack and reads the input in place, which is what lets
/// ``SecretRedactor/containsSecret(_:)`` promise no allocation.
///
/// The scanner reads bytes with `load(fromByteOffset:as:)`, so it accepts memory bound to
/// any type, and it never reads outside `0..<count`.
struct SecretScanner {
  let base: UnsafeRawPointer
  let count: Int
  let classes: UnsafePointer<UInt8>
  /// ``SecretByteClass/pairs``.
  let pairs: UnsafePointer<UInt8>
  /// Where the next call to ``next()`` resumes. The byte before it never counts as a word
  /// byte: at the start, and after a finding, as if the secret were already replaced by
  /// its `[REDACTED:…]` text, which ends with `]`; so the scan of an input and the scan of
  /// its redacted output agree. Only ``next()``, ``nextByReference()`` and ``accept(_:)``
  /// move it.
  var position = 0
  /// The end of the last finding. Detectors never look back past it, for the same reason.
  var floor = 0
  /// A second finding reported by a detector that found two at once (a token as the user
  /// of a URL and the password after it).
  var pending: SecretFinding?
  /// The last unquoted value run measured, so several `=` inside one long run measure it
  /// once.
  var unquotedRun = 0..<0
  /// The last search for the end line of a PEM block: the first `-----END …-----` line at
  /// or after `from` starts at `start` and ends at `end` (or there is none when `start` is
  /// `nil`). Searches start at increasing offsets, so each reuses the one before.
  var privateKeyEnd: (from: Int, start: Int?, end: Int)?

  /// Runs `body` with a scanner over `bytes`. Returns `nil` without calling `body` for an
  /// empty buffer.
  static func withScanner<Result>(
    over bytes: UnsafeRawBufferPointer, _ body: (inout SecretScanner) -> Result
  ) -> Result? {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
    return SecretByteClass.table.withUnsafeBufferPointer { table in
      SecretByteClass.pairs.withUnsafeBufferPointer { pairs in
        var scanner = SecretScanner(
          base: base, count: bytes.count, classes: table.baseAddress!, pairs: pairs.baseAddress!)
        return body(&scanner)
      }
    }
  }

  private init(
    base: UnsafeRawPointer, count: Int, classes: UnsafePointer<UInt8>,
    pairs: UnsafePointer<UInt8>
  ) {
    self.base = base
    self.count = count
    self.classes = classes
    self.pairs = pairs
  }

  /// The next secret after the previous one, or `nil` at the end of the input.
  mutating func next() -> SecretFinding? {
    if let finding = pending {
      pending = nil
      return accept(finding)
    }
    // Local copies, so the loops keep them in registers instead of reloading them from
    // `self` at each byte.
    let base = self.base
    let pairs = self.pairs
    let count = self.count
    let start = position
    var index = start
    // Eight positions at a time: one table load per position, keyed by the byte and the
    // one after it, says whether a detector could start there (``SecretByteClass/pairs``);
    // the loop branches once per eight bytes, and only the few candidate positions get a
    // closer look, in order.
    // A pair's entry is 1 for its own position and 2 for the next one (a quote before a
    // colon), so shifting each entry by its offset marks the candidates; a mark for the
    // position after the eight carries over to the next round.
    var carried: UInt32 = 0
    while index + 9 <= count {
      var candidates = carried
      for offset in 0..<8 {
        let key = UInt16(
          littleEndian: base.loadUnaligned(fromByteOffset: index + offset, as: UInt16.self))
        candidates |= UInt32(pairs[Int(key)]) << UInt32(offset)
      }
      carried = candidates >> 8
      candidates &= 0xFF
      while candidates != 0 {
        let candidate = index + candidates.trailingZeroBitCount
        candidates &= candidates - 1
        if let finding = inspect(candidate, scanStart: start) { return accept(finding) }
      }
      index += 8
    }
    while index < count {
      let key = Int(base.load(fromByteOffset: index, as: UInt8.self)) | Int(self[index + 1]) << 8
      let entry = UInt32(pairs[key])
      if (entry | carried) & 1 != 0, let finding = inspect(index, scanStart: start) {
        return accept(finding)
      }
      carried = entry >> 1
      index += 1
    }
    position = count
    return nil
  }

  /// The secret that starts at the candidate position `index`, if any: the checks the pair
  /// table could not make (a word-start trigger needs a byte before it that is not a word
  /// byte, or the scan's start; ``mayTrigger(_:at:)``), then the detector.
  @inline(__always)
  private mutating func inspect(_ index: Int, scanStart: Int) -> SecretFinding? {
    let trigger = base.load(fromByteOffset: index, as: UInt8.self)
    if classes[Int(trigger)] & SecretByteClass.triggerAnywhere == 0 && index > scanStart
      && byte(at: index - 1, isIn: SecretByteClass.word)
    {
      return nil
    }
    guard mayTrigger(trigger, at: index), let finding = detect(at: index, byte: trigger) else {
      return nil
    }
    assert(finding.range.lowerBound >= index, "a detector reported a secret behind it")
    return finding
  }

  mutating func accept(_ finding: SecretFinding) -> SecretFinding {
    precondition(
      finding.range.lowerBound >= floor && finding.range.upperBound <= count
        && !finding.range.isEmpty,
      "a detector reported an empty, overlapping or out-of-range secret")
    position = finding.range.upperBound
    floor = finding.range.upperBound
    return finding
  }

  /// Whether a detector may find a secret at a trigger `byte` followed by `second`: the
  /// first filter, precomputed for every pair in ``SecretByteClass/pairs``. It turns a
  /// position away only where the detector would return `nil` at once.
  static func pairMayTrigger(_ byte: UInt8, _ second: UInt8) -> Bool {
    switch byte {
    // `==`, `=~` and `=>` are no assignments.
    case UInt8(ascii: "="):
      return second != UInt8(ascii: "=") && second != UInt8(ascii: "~")
        && second != UInt8(ascii: ">")
    case UInt8(ascii: ":"):
      // `://`, or `name: value` with a blank or a quote after the colon. The other case,
      // a quote before the colon (`"name":…`), is a pair of its own: see
      // ``SecretByteClass/pairs``.
      return second == UInt8(ascii: "/") || second == UInt8(ascii: " ")
        || second == UInt8(ascii: "\t") || second == UInt8(ascii: "\"")
        || second == UInt8(ascii: "'")
    case UInt8(ascii: "-"): return second == UInt8(ascii: "-")
    case UInt8(ascii: "s"), UInt8(ascii: "r"): return second == UInt8(ascii: "k")
    case UInt8(ascii: "g"):
      return second == UInt8(ascii: "h") || second == UInt8(ascii: "i")
        || second == UInt8(ascii: "l")
    case UInt8(ascii: "A"):
      return second == UInt8(ascii: "K") || second == UInt8(ascii: "S")
        || second == UInt8(ascii: "I")
    case UInt8(ascii: "x"): return second == UInt8(ascii: "o") || second == UInt8(ascii: "a")
    case UInt8(ascii: "e"): return second == UInt8(ascii: "y")
    case UInt8(ascii: "B"), UInt8(ascii: "b"):
      let lower = second | 0x20
      return lower == UInt8(ascii: "e") || lower == UInt8(ascii: "a")
    default: return false
    }
  }

  /// Whether a quote before a colon may make the colon the separator of `"name": value`
  /// (`assignment(separatorAt:isColon:)`).
  static func isQuote(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }

  /// Whether the trigger `byte` at `index` may start a secret: a colon after a quote, or
  /// ``pairMayTrigger(_:_:)`` and, for a dash, one byte more. The filter before the
  /// detectors, which are not inlined; it turns a position away only where the detector
  /// would return `nil` at once.
  @inline(__always)
  private func mayTrigger(_ byte: UInt8, at index: Int) -> Bool {
    if byte == UInt8(ascii: ":") && Self.isQuote(self[index - 1]) { return true }
    guard Self.pairMayTrigger(byte, self[index + 1]) else { return false }
    // `privateKeyBlock(at:)` wants `-----BEGIN `.
    return byte != UInt8(ascii: "-") || self[index + 5] == UInt8(ascii: "B")
  }

  /// Runs the detector for the trigger `byte` at `index`. Not inlined: it runs rarely.
  @inline(never)
  mutating func detect(at index: Int, byte: UInt8) -> SecretFinding? {
    switch byte {
    case UInt8(ascii: "="):
      return assignment(separatorAt: index, isColon: false)
    case UInt8(ascii: ":"):
      if self[index + 1] == UInt8(ascii: "/") && self[index + 2] == UInt8(ascii: "/") {
        return urlPassword(colonAt: index)
      }
      return assignment(separatorAt: index, isColon: true)
    case UInt8(ascii: "-"):
      return privateKeyBlock(at: index)
    case UInt8(ascii: "B"), UInt8(ascii: "b"):
      return schemeCredential(at: index)
    default:
      return providerToken(at: index)
    }
  }
}

// MARK: - Byte access

extension SecretScanner {
  /// The byte at `index`, or 0 outside the input (0 belongs to no class but the stop
  /// classes, so runs end there by themselves).
  subscript(index: Int) -> UInt8 {
    @inline(__always) get {
      UInt(bitPattern: index) < UInt(count) ? base.load(fromByteOffset: index, as: UInt8.self) : 0
    }
  }

  /// Whether the byte at `index` has any of the class bits `bits`.
  @inline(__always)
  func byte(at index: Int, isIn bits: UInt8) -> Bool {
    classes[Int(self[index])] & bits != 0
  }

  /// The end of the run of bytes of class `bits` that starts at `start`.
  @inline(__always)
  func run(from start: Int, of bits: UInt8) -> Int {
    var index = start
    while index < count
      && classes[Int(base.load(fromByteOffset: index, as: UInt8.self))] & bits != 0
    {
      index += 1
    }
    return index
  }

  /// Whether the bytes at `index` spell `literal` exactly.
  func matches(_ literal: StaticString, at index: Int) -> Bool {
    let length = literal.utf8CodeUnitCount
    guard index >= 0, index + length <= count else { return false }
    let bytes = literal.utf8Start
    for offset in 0..<length where self[index + offset] != bytes[offset] {
      return false
    }
    return true
  }

  /// Whether the bytes at `index` spell `literal` (lower-case ASCII) in any case.
  func matchesIgnoringCase(_ literal: StaticString, at index: Int) -> Bool {
    let length = literal.utf8CodeUnitCount
    guard index >= 0, index + length <= count else { return false }
    let bytes = literal.utf8Start
    for offset in 0..<length where lowercased(self[index + offset]) != bytes[offset] {
      return false
    }
    return true
  }

  /// Whether `start..<end` contains `literal`. Only for short ranges.
  func contains(_ literal: StaticString, in start: Int, _ end: Int) -> Bool {
    let length = literal.utf8CodeUnitCount
    var index = start
    while index + length <= end {
      if matches(literal, at: index) { return true }
      index += 1
    }
    return false
  }
}

// MARK: - ASCII helpers

// Instance methods rather than free functions, so that these common names stay out of the
// module's namespace, which other parts of CairnCore share.
extension SecretScanner {
  @inline(__always)
  func lowercased(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte | 0x20 : byte }

  @inline(__always)
  func isUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }

  @inline(__always)
  func isLower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }

  @inline(__always)
  func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

  @inline(__always)
  func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// Bit `n` for the `n`th letter of the alphabet in any case, 0 for other bytes.
  @inline(__always)
  func letterBit(_ byte: UInt8) -> UInt32 {
    let letter = (byte | 0x20) &- UInt8(ascii: "a")
    return letter < 26 ? 1 << UInt32(letter) : 0
  }

  @inline(__always)
  func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

  @inline(__always)
  func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }
}
