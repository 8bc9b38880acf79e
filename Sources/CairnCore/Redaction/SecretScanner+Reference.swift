// The scan without the filters of ``SecretScanner/next()``: the reference its fast path
// is tested against (SecretScannerFastPathTests), never used to redact.

extension SecretScanner {
  /// The next secret, found by running the detector at every trigger byte: each `=`, `:`
  /// and `-`, and each byte of ``SecretByteClass/triggerAtWordStart`` after a byte that is
  /// not a word byte (or at the scan's start). No pair table, no ``mayTrigger(_:at:)``:
  /// byte by byte, as slow as it is plain. ``next()`` must give the same findings.
  mutating func nextByReference() -> SecretFinding? {
    if let finding = pending {
      pending = nil
      return accept(finding)
    }
    let start = position
    var index = start
    while index < count {
      let byte = self[index]
      let byteClass = classes[Int(byte)]
      let atWordStart = index == start || !self.byte(at: index - 1, isIn: SecretByteClass.word)
      if byteClass & SecretByteClass.triggerAnywhere != 0
        || (byteClass & SecretByteClass.triggerAtWordStart != 0 && atWordStart),
        let finding = detect(at: index, byte: byte)
      {
        return accept(finding)
      }
      index += 1
    }
    position = count
    return nil
  }
}
