extension KeyDecoder {
  static let bell: UInt8 = 0x07

  /// `ESC ]` … BEL or ST (`ESC \`): an operating system command; only the replies to the
  /// colour queries (OSC 10 and 11) mean something here.
  static func oscStep(_ input: [UInt8], at index: Int, final: Bool) -> DecodeStep {
    var cursor = index + 2
    while cursor < input.count {
      if cursor - index >= sequenceBytesMax { return cut(input, at: index) }
      let byte = input[cursor]
      if byte == bell {
        return osc(input, from: index, body: cursor, next: cursor + 1)
      }
      if byte == escape {
        guard cursor + 1 < input.count else {
          if final { return .event(.unknown(Array(input[index..<cursor])), next: cursor) }
          return .incomplete
        }
        if input[cursor + 1] == UInt8(ascii: "\\") {
          return osc(input, from: index, body: cursor, next: cursor + 2)
        }
        return .event(.unknown(Array(input[index..<cursor])), next: cursor)
      }
      if byte < 0x20 {
        // Replies never hold other controls: this was Alt+] and keys, or garbage.
        if cursor == index + 2 { return altIntroducer(input, at: index) }
        return .event(.unknown(Array(input[index..<cursor])), next: cursor)
      }
      cursor += 1
    }
    if input.count - index >= sequenceBytesMax { return cut(input, at: index) }
    if !final { return .incomplete }
    if cursor == index + 2 { return altIntroducer(input, at: index) }
    return .event(.unknown(Array(input[index...])), next: input.count)
  }

  /// A terminated OSC whose body runs from `index + 2` to `body`.
  static func osc(_ input: [UInt8], from index: Int, body: Int, next: Int) -> DecodeStep {
    if let reply = colorReply(input[(index + 2)..<body]) {
      return .event(reply, next: next)
    }
    return .event(.unknown(Array(input[index..<next])), next: next)
  }

  /// `10;rgb:R/G/B` or `11;rgb:R/G/B`, each channel 1 to 4 hex digits.
  static func colorReply(_ body: ArraySlice<UInt8>) -> InputEvent? {
    guard let text = String(validating: body, as: UTF8.self) else { return nil }
    let parts = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let slot = Int(parts[0]), slot == 10 || slot == 11,
      parts[1].hasPrefix("rgb:")
    else { return nil }
    let channels = parts[1].dropFirst(4).split(separator: "/", omittingEmptySubsequences: false)
    guard channels.count == 3 else { return nil }
    var values: [UInt16] = []
    for channel in channels {
      guard (1...4).contains(channel.count), let value = UInt32(channel, radix: 16) else {
        return nil
      }
      // Scale n hex digits to 16 bits: ff → ffff, 8 → 8888.
      let maxValue = (UInt32(1) << (4 * UInt32(channel.count))) - 1
      values.append(UInt16(value * 0xFFFF / maxValue))
    }
    return .colorReply(slot: slot, red: values[0], green: values[1], blue: values[2])
  }
}
