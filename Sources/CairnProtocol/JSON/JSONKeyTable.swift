/// Maps member names to small integers without allocating: a hash of the scanner's
/// current name, then one byte comparison. Build one per set of names, once.
public struct JSONKeyTable: Sendable {
  private let names: [[UInt8]]
  /// Open addressing: slot → index + 1 into `names`, 0 for empty.
  private let slots: [Int32]
  private let mask: Int

  public init(_ names: [String]) {
    self.names = names.map { Array($0.utf8) }
    var size = 16
    while size < names.count * 4 { size *= 2 }
    var slots = [Int32](repeating: 0, count: size)
    for (index, name) in self.names.enumerated() {
      var slot = Int(Self.hash(name[...])) & (size - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
      slots[slot] = Int32(index + 1)
    }
    self.slots = slots
    mask = size - 1
  }

  /// The index of the scanner's last member name in the table, or nil.
  public func index(of scanner: JSONScanner) -> Int? {
    guard !scanner.keyIsTruncated else { return nil }
    return index(of: scanner.key)
  }

  /// The index of `name` in the table, or nil.
  public func index(of name: UnsafeBufferPointer<UInt8>) -> Int? {
    var slot = Int(Self.hash(name)) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { return nil }
      if names[entry - 1].elementsEqual(name) { return entry - 1 }
      slot = (slot + 1) & mask
    }
  }

  /// FNV-1a, 32 bits.
  static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return hash
  }
}
