/// One entry of the sparse index: where the block holding `firstSeq` starts in its segment.
public struct IndexEntry: Equatable, Hashable, Sendable {
  public var firstSeq: Seq
  public var offset: UInt64

  public init(firstSeq: Seq, offset: UInt64) {
    self.firstSeq = firstSeq
    self.offset = offset
  }

  public static let byteCount = 16
}

extension Array where Element == IndexEntry {
  /// The index of the last entry whose block starts at or before `seq`, or nil when `seq`
  /// precedes every entry. Binary search: entries are in ascending order.
  public func lastEntry(atOrBefore seq: Seq) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if self[middle].firstSeq <= seq { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : low - 1
  }
}
