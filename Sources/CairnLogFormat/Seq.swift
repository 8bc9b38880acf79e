/// A record's sequence number: dense, starting at 1, and the record's identity in its log.
///
/// `Seq(0)` never names a record; it stands for "none" (for example, no causation).
public struct Seq: RawRepresentable, Comparable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt64

  @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }
  @inlinable public init(_ rawValue: UInt64) { self.rawValue = rawValue }

  /// The sequence number that stands for "no record".
  public static let none = Seq(0)
  /// The first sequence number a log assigns.
  public static let first = Seq(1)

  @inlinable public static func < (lhs: Seq, rhs: Seq) -> Bool { lhs.rawValue < rhs.rawValue }

  @inlinable public var next: Seq { Seq(rawValue &+ 1) }

  public var description: String { String(rawValue) }
}
