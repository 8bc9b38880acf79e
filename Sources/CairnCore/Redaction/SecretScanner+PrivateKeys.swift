// PEM private key blocks. Public keys and certificates survive.

extension SecretScanner {
  /// The private key block whose `-----BEGIN <label>-----` line starts at `start`, where the
  /// label holds `PRIVATE KEY` (`RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`,
  /// `ENCRYPTED PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`, …). The block runs to the end of the
  /// next `-----END …-----` line when that line has the same label. Otherwise the block is
  /// cut off, and runs to the end of the input if a base64 body follows the header; a bare
  /// header (a mention in prose) survives.
  mutating func privateKeyBlock(at start: Int) -> SecretFinding? {
    // Check the `B` first: dashes alone (`->`, `--flag`, rulers) are common.
    guard self[start + 5] == UInt8(ascii: "B"), matches("-----BEGIN ", at: start) else {
      return nil
    }
    let labelStart = start + 11
    let labelEnd = labelRun(from: labelStart)
    guard matches("-----", at: labelEnd), contains("PRIVATE KEY", in: labelStart, labelEnd) else {
      return nil
    }
    let headerEnd = labelEnd + 5
    // Only the first END line counts, whatever its label, so that every search can reuse
    // the one before and the scan stays linear.
    if let endLine = privateKeyEndLine(from: headerEnd),
      endLine.count - 14 == labelEnd - labelStart,
      (0..<labelEnd - labelStart).allSatisfy({
        self[endLine.lowerBound + 9 + $0] == self[labelStart + $0]
      })
    {
      return SecretFinding(kind: .privateKeyBlock, range: start..<endLine.upperBound)
    }
    guard hasKeyBody(after: headerEnd) else { return nil }
    return SecretFinding(kind: .privateKeyBlock, range: start..<count)
  }

  /// The end of the bytes allowed in a PEM label (`[A-Z0-9 ]`), within the limit.
  private func labelRun(from start: Int) -> Int {
    var index = start
    while index - start < RedactionLimits.privateKeyLabelBytesMax {
      let byte = self[index]
      guard isUpper(byte) || isDigit(byte) || byte == UInt8(ascii: " ") else { break }
      index += 1
    }
    return index
  }

  /// The first complete `-----END <label>-----` line at or after `from`.
  private mutating func privateKeyEndLine(from: Int) -> Range<Int>? {
    if let last = privateKeyEnd, from >= last.from, last.start.map({ from <= $0 }) ?? true {
      return last.start.map { $0..<last.end }
    }
    var index = from
    while index + 9 <= count {
      if self[index] == UInt8(ascii: "-"), matches("-----END ", at: index) {
        let labelEnd = labelRun(from: index + 9)
        if matches("-----", at: labelEnd) {
          privateKeyEnd = (from: from, start: index, end: labelEnd + 5)
          return index..<labelEnd + 5
        }
      }
      index += 1
    }
    privateKeyEnd = (from: from, start: nil, end: count)
    return nil
  }

  /// Whether a base64 body (or a `Proc-Type:` header) follows the header line that ends at
  /// `headerEnd`, after line breaks, blanks or their JSON escapes (`\n`).
  private func hasKeyBody(after headerEnd: Int) -> Bool {
    var index = headerEnd
    while index - headerEnd < RedactionLimits.privateKeyBodyLeadBytesMax {
      let byte = self[index]
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || isBlank(byte) {
        index += 1
      } else if byte == UInt8(ascii: "\\")
        && (self[index + 1] == UInt8(ascii: "n") || self[index + 1] == UInt8(ascii: "r"))
      {
        index += 2
      } else {
        break
      }
    }
    if matches("Proc-Type:", at: index) { return true }
    return run(from: index, of: SecretByteClass.base64) - index
      >= RedactionLimits.privateKeyBodyBytesMin
  }
}
