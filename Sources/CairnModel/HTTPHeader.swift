/// One HTTP header as sent or received. Names compare case-insensitively where Cairn looks
/// them up (`[HTTPHeader].value(named:)`); the name is kept as written.
public struct HTTPHeader: Sendable, Equatable, Hashable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  /// `Name: value`, the form libcurl takes.
  var line: String { "\(name): \(value)" }

  /// Whether `name` names this header (ASCII case-insensitive).
  public func isNamed(_ other: String) -> Bool { asciiLowercased(name) == asciiLowercased(other) }
}

extension Array where Element == HTTPHeader {
  /// The value of the first header named `name` (any case).
  public func value(named name: String) -> String? {
    first { $0.isNamed(name) }?.value
  }
}

func asciiLowercased(_ text: String) -> String {
  String(
    decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
}
