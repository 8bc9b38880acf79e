import CairnLogFormat

/// Strictly increasing sequence numbers kept as LEB128 deltas in one byte array. A long
/// session's transcript holds one per item older than the window (about 100,000 at a
/// million events): packed, a checkpoint stores, loads and digests them as one byte copy
/// of about a byte each, instead of a number at a time, which keeps resume flat.
public struct PackedSeqs: Equatable, Hashable, Sendable, ExpressibleByArrayLiteral {
  /// The deltas, each from the previous number (the first from zero).
  public private(set) var bytes: [UInt8] = []
  public private(set) var count = 0
  public private(set) var last: Seq?

  public init() {}

  public init(_ seqs: some Sequence<Seq>) {
    for seq in seqs { append(seq) }
  }

  public init(arrayLiteral seqs: Seq...) {
    self.init(seqs)
  }

  public var isEmpty: Bool { count == 0 }

  /// Appends `seq`, which must be above every number already held.
  public mutating func append(_ seq: Seq) {
    precondition(last.map { seq > $0 } ?? (seq.rawValue > 0), "sequence numbers must increase")
    var delta = seq.rawValue - (last?.rawValue ?? 0)
    while delta >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: delta) | 0x80)
      delta >>= 7
    }
    bytes.append(UInt8(delta))
    count += 1
    last = seq
  }

  /// Every number, oldest first (decoded: for paging, not for the replay path).
  public var all: [Seq] {
    var seqs: [Seq] = []
    seqs.reserveCapacity(count)
    var value: UInt64 = 0
    var delta: UInt64 = 0
    var shift: UInt64 = 0
    for byte in bytes {
      delta |= UInt64(byte & 0x7f) << shift
      if byte & 0x80 == 0 {
        value &+= delta
        seqs.append(Seq(value))
        delta = 0
        shift = 0
      } else {
        shift += 7
      }
    }
    return seqs
  }

  /// Rebuilds from stored bytes, checking that they hold exactly `count` increasing
  /// numbers; `offset` is where the bytes began, for the error.
  init(bytes: [UInt8], count: Int, offset: Int) throws(DecodeError) {
    var value: UInt64 = 0
    var delta: UInt64 = 0
    var shift: UInt64 = 0
    var found = 0
    for (index, byte) in bytes.enumerated() {
      guard shift < 64, shift < 63 || byte & 0x7e == 0 else {
        throw .overlongInteger(offset: offset + index)
      }
      delta |= UInt64(byte & 0x7f) << shift
      if byte & 0x80 == 0 {
        let (sum, overflow) = value.addingReportingOverflow(delta)
        // A zero delta would repeat a number: the list must strictly increase.
        guard delta > 0, !overflow else {
          throw .lengthOutOfRange(offset: offset + index, length: delta)
        }
        value = sum
        found += 1
        delta = 0
        shift = 0
      } else {
        shift += 7
      }
    }
    guard shift == 0 else { throw .truncated(offset: offset + bytes.count, needed: 1) }
    guard found == count else {
      throw .lengthOutOfRange(offset: offset, length: UInt64(found))
    }
    self.bytes = bytes
    self.count = count
    self.last = count > 0 ? Seq(value) : nil
  }
}
