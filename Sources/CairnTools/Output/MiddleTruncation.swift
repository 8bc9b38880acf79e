/// Codex's token-budget truncation of tool output, reimplemented: a text over the budget
/// keeps its beginning and its end on character boundaries and says in the middle how much
/// was cut, under a two-line warning. Tokens are estimated as Codex does, 4 bytes each,
/// rounded up. docs/TOOLS.md has the exact shape.
///
/// ```text
/// Warning: truncated output (original token count: 25)
/// Total output lines: 1
///
/// aaaaaaaaaaaaaaaaaaaa…15 tokens truncated…zzzzzzzzzzzzzzzzzzzz
/// ```
public enum MiddleTruncation {
  /// Bytes per estimated token.
  public static let bytesPerToken = 4

  /// Codex's estimate: bytes / 4, rounded up.
  public static func approximateTokens(bytes: UInt64) -> UInt64 {
    (bytes + UInt64(bytesPerToken) - 1) / UInt64(bytesPerToken)
  }

  /// The text the model sees for `output` under a budget of `maxTokens`: unchanged when it
  /// fits in `maxTokens × 4` bytes, else the warning, the head, the marker and the tail.
  /// The output is decoded as UTF-8 with invalid bytes replaced (U+FFFD), as Codex does;
  /// sizes are those of the decoded text when the whole output was kept, and of the raw
  /// bytes when its middle was not (the replacements there are unknown).
  public static func truncatedText(_ output: BoundedOutputCapture, maxTokens: Int) -> String {
    let budget = UInt64(max(maxTokens, 0)) * UInt64(bytesPerToken)
    if let complete = output.completeBytes {
      let text = Array(String(decoding: complete, as: UTF8.self).utf8)
      guard UInt64(text.count) > budget else { return String(decoding: text, as: UTF8.self) }
      return assemble(
        head: text[...], tail: text[...], isOneText: true, totalBytes: UInt64(text.count),
        budget: budget, lineCount: output.lineCount)
    }
    let head = Array(
      String(decoding: dropTrailingPartialCharacter(output.head), as: UTF8.self).utf8)
    let tail = Array(
      String(decoding: dropLeadingContinuationBytes(output.tail), as: UTF8.self).utf8)
    return assemble(
      head: head[...], tail: tail[...], isOneText: false, totalBytes: output.totalBytes,
      budget: budget, lineCount: output.lineCount)
  }

  /// The warning, then the longest run of whole characters from `head` within half the
  /// budget, the marker, and the whole characters of `tail` that end within the other half.
  /// `isOneText` says `head` and `tail` are the same text (the whole output).
  private static func assemble(
    head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>, isOneText: Bool, totalBytes: UInt64,
    budget: UInt64, lineCount: UInt64
  ) -> String {
    let originalTokens = approximateTokens(bytes: totalBytes)
    let removedTokens = approximateTokens(bytes: totalBytes - min(budget, totalBytes))
    let marker = "…\(removedTokens) tokens truncated…"
    var text =
      "Warning: truncated output (original token count: \(originalTokens))\n"
      + "Total output lines: \(lineCount)\n\n"
    guard budget > 0 else { return text + marker }
    let headBudget = budget / 2
    let tailBudget = budget - headBudget

    // The prefix: characters whose last byte lies within the head budget.
    var prefixEnd = head.startIndex
    var index = head.startIndex
    while index < head.endIndex {
      let next = index + utf8Length(lead: head[index])
      guard UInt64(next - head.startIndex) <= headBudget, next <= head.endIndex else { break }
      prefixEnd = next
      index = next
    }
    // The suffix: characters starting at or after `totalBytes - tailBudget`, which in
    // `tail` coordinates is `tail.count - tailBudget` from its end.
    let tailKeep = Int(min(tailBudget, UInt64(tail.count)))
    var suffixStart = tail.endIndex - tailKeep
    while suffixStart < tail.endIndex && isContinuation(tail[suffixStart]) { suffixStart += 1 }
    if isOneText {
      // One text: the suffix never starts inside the prefix.
      suffixStart = max(suffixStart, prefixEnd)
    }
    text += String(decoding: head[head.startIndex..<prefixEnd], as: UTF8.self)
    text += marker
    text += String(decoding: tail[suffixStart...], as: UTF8.self)
    return text
  }

  private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  /// The length of the UTF-8 sequence a (valid) lead byte starts.
  private static func utf8Length(lead: UInt8) -> Int {
    switch lead {
    case 0..<0x80: return 1
    case 0xC0..<0xE0: return 2
    case 0xE0..<0xF0: return 3
    default: return 4
    }
  }

  /// A kept head may end inside a character; its last bytes belong to the omitted middle.
  private static func dropTrailingPartialCharacter(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    var start = bytes.count
    while start > 0 && bytes.count - start < 4 {
      start -= 1
      if !isContinuation(bytes[start]) {
        let complete = start + utf8Length(lead: bytes[start]) <= bytes.count
        return complete ? bytes[...] : bytes[..<start]
      }
    }
    return bytes[...]
  }

  /// A kept tail may start inside a character; its first bytes belong to the omitted
  /// middle.
  private static func dropLeadingContinuationBytes(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    var start = 0
    while start < bytes.count && start < 3 && isContinuation(bytes[start]) { start += 1 }
    return bytes[start...]
  }
}
