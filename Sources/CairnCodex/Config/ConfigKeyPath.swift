/// A path of keys through nested tables: `model_providers.mock.base_url`,
/// `projects."/home/me/work".trust_level`.
public struct ConfigKeyPath: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var segments: [String]

  public init(_ segments: [String]) { self.segments = segments }

  public static let root = ConfigKeyPath([])

  public var isEmpty: Bool { segments.isEmpty }
  public var count: Int { segments.count }
  public var last: String? { segments.last }

  public func appending(_ segment: String) -> ConfigKeyPath {
    ConfigKeyPath(segments + [segment])
  }

  public var parent: ConfigKeyPath { ConfigKeyPath(Array(segments.dropLast())) }

  /// Whether `self` equals `other` or lies inside it.
  public func hasPrefix(_ other: ConfigKeyPath) -> Bool {
    segments.count >= other.segments.count
      && Array(segments.prefix(other.segments.count)) == other.segments
  }

  /// The dotted TOML form, quoting segments that are not bare keys.
  public var description: String {
    segments.map(Self.tomlKey).joined(separator: ".")
  }

  /// A key as TOML writes it: bare when it can be, else a basic string.
  public static func tomlKey(_ key: String) -> String {
    let bare =
      !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
          || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
      }
    return bare ? key : TOMLText.quoted(key)
  }

  public static func < (lhs: ConfigKeyPath, rhs: ConfigKeyPath) -> Bool {
    lhs.segments.lexicographicallyPrecedes(rhs.segments)
  }
}

/// A 1-based line and column in a file (the column counts characters, not bytes).
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}
