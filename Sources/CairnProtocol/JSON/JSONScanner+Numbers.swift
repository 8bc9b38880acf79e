extension JSONScanner {
  /// Reads a number; returns it when it is an integer that fits in `Int64`, and nil for
  /// any other valid number (a fraction, an exponent, or too large), which is consumed.
  public func readInteger() throws -> Int64? {
    let byte = try skipWhitespace()
    guard byte == UInt8(ascii: "-") || (byte.map(Self.isDigit) ?? false) else {
      throw unexpected(byte, expected: "a number")
    }
    return try scanNumber()
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// Scans a number starting at `position` (validated against JSON's grammar).
  func scanNumber() throws -> Int64? {
    var length = 0
    func take() throws {
      if length == Self.numberBytesMax { throw error(.numberTooLong) }
      position += 1
      length += 1
    }
    func expectDigit(_ byte: UInt8?) throws {
      guard let byte else { throw error(.unexpectedEndOfInput) }
      guard Self.isDigit(byte) else {
        throw error(byte == 0x0A && lineMode ? .unexpectedEndOfLine : .invalidNumber)
      }
    }
    var negative = false
    var byte = try peek()
    if byte == UInt8(ascii: "-") {
      negative = true
      try take()
      byte = try peek()
    }
    try expectDigit(byte)
    var magnitude: UInt64 = 0
    var fits = true
    var isInteger = true
    if byte == UInt8(ascii: "0") {
      try take()
      byte = try peek()
      if let next = byte, Self.isDigit(next) { throw error(.invalidNumber) }
    } else {
      while let digit = byte, Self.isDigit(digit) {
        let (times, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, overflowB) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
        if overflowA || overflowB { fits = false }
        magnitude = sum
        try take()
        byte = try peek()
      }
    }
    if byte == UInt8(ascii: ".") {
      isInteger = false
      try take()
      byte = try peek()
      try expectDigit(byte)
      while let digit = byte, Self.isDigit(digit) {
        try take()
        byte = try peek()
      }
    }
    if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
      isInteger = false
      try take()
      byte = try peek()
      if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
        try take()
        byte = try peek()
      }
      try expectDigit(byte)
      while let digit = byte, Self.isDigit(digit) {
        try take()
        byte = try peek()
      }
    }
    guard isInteger, fits else { return nil }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return Int64(magnitude)
  }
}
