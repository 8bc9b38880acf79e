/// Finds secrets in bytes about to be persisted and replaces each with
/// `[REDACTED:<kind>]`, so that no secret of a listed kind reaches a log
/// (docs/REDACTION.md describes what is found, what survives, and what breaks the
/// guarantee).
///
/// The redactor is pure: no I/O, no clock, no randomness, no shared state. It scans once,
/// in time linear in the input, and accepts any bytes, including invalid UTF-8.
///
/// ```swift
/// let redactor = SecretRedactor()
/// let (text, findings) = redactor.redact("db: postgres://app:s3cr3t@db/app")
/// // text == "db: postgres://app:[REDACTED:urlPassword]@db/app"
/// // findings == [SecretFinding(kind: .urlPassword, range: 19..<25)]
/// ```
public struct SecretRedactor: Sendable {
  /// A redactor with the rules of docs/REDACTION.md.
  public init() {}

  /// Replaces each secret with `[REDACTED:<kind rawValue>]`; returns the new bytes and the
  /// findings (in input order, non-overlapping).
  ///
  /// Finding ranges are byte offsets into `bytes`. When nothing is found the result is
  /// `bytes` itself and no findings. Redacting the result again finds nothing.
  public func redact(_ bytes: [UInt8]) -> (bytes: [UInt8], findings: [SecretFinding]) {
    guard let (output, findings) = bytes.withUnsafeBytes({ redaction(of: $0) }) else {
      return (bytes, [])
    }
    return (output, findings)
  }

  /// Replaces each secret with `[REDACTED:<kind rawValue>]`; returns the new text and the
  /// findings (in input order, non-overlapping).
  ///
  /// Finding ranges are offsets into the UTF-8 bytes of `text`. Every range starts and ends
  /// next to an ASCII byte or at an end of the text, so the redacted text is valid UTF-8.
  /// When nothing is found the result is `text` itself and no findings.
  public func redact(_ text: String) -> (text: String, findings: [SecretFinding]) {
    var text = text
    guard let (output, findings) = text.withUTF8({ redaction(of: UnsafeRawBufferPointer($0)) })
    else { return (text, []) }
    return (String(decoding: output, as: UTF8.self), findings)
  }

  /// Whether the input holds any secret (no allocation when it holds none).
  ///
  /// Stops at the first secret, so it is cheaper than ``redact(_:)-([UInt8])`` when the
  /// answer is usually no.
  public func containsSecret(_ bytes: UnsafeRawBufferPointer) -> Bool {
    SecretScanner.withScanner(over: bytes) { $0.next() != nil } ?? false
  }

  /// The redacted bytes and the findings, or `nil` when there is no secret.
  ///
  /// A detector may turn a secret down because of what follows it, such as a `Basic`
  /// credential glued to a token (`Basic dXNlcjpwdw==AIza…`), and accept it once the token
  /// has become `[REDACTED:googleAPIKey]`. So the output is scanned again until a scan finds
  /// nothing, which makes redaction idempotent; findings of later scans are mapped back to
  /// the input. Each scan that finds something covers input bytes no earlier scan covered,
  /// and in practice the second scan finds nothing; ``scansMax`` bounds the loop anyway.
  private func redaction(of bytes: UnsafeRawBufferPointer) -> ([UInt8], [SecretFinding])? {
    var findings = Self.scan(bytes)
    guard !findings.isEmpty else { return nil }
    var output = replacing(findings, in: bytes)
    for _ in 1..<Self.scansMax {
      let more = output.withUnsafeBytes { Self.scan($0) }
      if more.isEmpty { break }
      findings = Self.merging(more, foundIn: output, into: findings)
      output = replacing(findings, in: bytes)
    }
    return (output, findings)
  }

  private static func scan(_ bytes: UnsafeRawBufferPointer) -> [SecretFinding] {
    SecretScanner.withScanner(over: bytes) { scanner in
      var findings: [SecretFinding] = []
      while let finding = scanner.next() { findings.append(finding) }
      return findings
    } ?? []
  }

  /// `findings` (offsets into the input) joined with `more`, found in `output` (the input
  /// redacted with `findings`), after mapping `more` back to the input. A later finding
  /// that covers part of an earlier mark swallows the earlier finding and gives its kind.
  private static func merging(
    _ more: [SecretFinding], foundIn output: [UInt8], into findings: [SecretFinding]
  ) -> [SecretFinding] {
    // Each mark's place in the output and in the input, in order.
    var marks: [(output: Range<Int>, input: Range<Int>)] = []
    var shift = 0
    for finding in findings {
      let start = finding.range.lowerBound + shift
      let length = markPrefix.utf8.count + finding.kind.rawValue.utf8.count + 1
      marks.append((start..<start + length, finding.range))
      shift += length - finding.range.count
    }
    // Where output byte `offset` comes from: the input range of the mark that holds it, or
    // the one input byte it copies.
    func source(ofOutputByte offset: Int) -> Range<Int> {
      var low = 0
      var high = marks.count
      while low < high {
        let middle = (low + high) / 2
        if marks[middle].output.lowerBound <= offset { low = middle + 1 } else { high = middle }
      }
      guard low > 0 else { return offset..<offset + 1 }
      let mark = marks[low - 1]
      if offset < mark.output.upperBound { return mark.input }
      let input = mark.input.upperBound + (offset - mark.output.upperBound)
      return input..<input + 1
    }
    let mapped = more.map { finding in
      let start = source(ofOutputByte: finding.range.lowerBound).lowerBound
      let end = source(ofOutputByte: finding.range.upperBound - 1).upperBound
      return SecretFinding(kind: finding.kind, range: start..<end)
    }
    var merged: [SecretFinding] = []
    var earlier = findings[...]
    var later = mapped[...]
    while let next = pickFirst(&earlier, &later) {
      if let last = merged.last, next.finding.range.lowerBound < last.range.upperBound {
        let union =
          last.range.lowerBound..<max(last.range.upperBound, next.finding.range.upperBound)
        merged[merged.count - 1] = SecretFinding(
          kind: next.isLater ? next.finding.kind : last.kind, range: union)
      } else {
        merged.append(next.finding)
      }
    }
    return merged
  }

  /// Removes and returns the finding that starts first, from either list.
  private static func pickFirst(
    _ earlier: inout ArraySlice<SecretFinding>, _ later: inout ArraySlice<SecretFinding>
  ) -> (finding: SecretFinding, isLater: Bool)? {
    switch (earlier.first, later.first) {
    case (nil, nil):
      return nil
    case (.some, nil):
      return (earlier.removeFirst(), false)
    case (nil, .some):
      return (later.removeFirst(), true)
    case (let first?, let other?):
      return first.range.lowerBound <= other.range.lowerBound
        ? (earlier.removeFirst(), false) : (later.removeFirst(), true)
    }
  }

  /// `bytes` with each finding's range replaced by its mark.
  private func replacing(_ findings: [SecretFinding], in bytes: UnsafeRawBufferPointer)
    -> [UInt8]
  {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + findings.count * Self.markBytesMax)
    var copied = 0
    for finding in findings {
      output.append(contentsOf: bytes[copied..<finding.range.lowerBound])
      output.append(contentsOf: Self.markPrefix.utf8)
      output.append(contentsOf: finding.kind.rawValue.utf8)
      output.append(UInt8(ascii: "]"))
      copied = finding.range.upperBound
    }
    output.append(contentsOf: bytes[copied...])
    return output
  }

  /// The start of every mark.
  private static let markPrefix = "[REDACTED:"
  /// Room for `[REDACTED:` + the longest kind name + `]`.
  private static let markBytesMax = 32
  /// Scans of one input at most, the first included (see ``redaction(of:)``).
  private static let scansMax = 4
}
