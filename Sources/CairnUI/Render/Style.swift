/// A terminal colour: the terminal's default, one of the 256 indexed colours (0–15 are the
/// ANSI ones the user's theme sets), or 24-bit RGB.
public enum Color: Hashable, Sendable {
  case `default`
  case indexed(UInt8)
  case rgb(UInt8, UInt8, UInt8)
}

/// How a cell is drawn: colours and the SGR attributes Cairn's views use.
public struct Style: Hashable, Sendable {
  public var foreground: Color
  public var background: Color
  public var bold: Bool
  public var dim: Bool
  public var italic: Bool
  public var underline: Bool
  public var reverse: Bool

  public init(
    foreground: Color = .default, background: Color = .default, bold: Bool = false,
    dim: Bool = false, italic: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.italic = italic
    self.underline = underline
    self.reverse = reverse
  }

  /// The terminal's own look: no colours, no attributes.
  public static let plain = Style()

  /// The SGR parameters that set this style from a reset (`0` first), e.g. `0;1;38;5;2`.
  var selectGraphicRendition: String {
    var parameters = ["0"]
    if bold { parameters.append("1") }
    if dim { parameters.append("2") }
    if italic { parameters.append("3") }
    if underline { parameters.append("4") }
    if reverse { parameters.append("7") }
    parameters += Self.parameters(foreground, base: 30, extended: 38)
    parameters += Self.parameters(background, base: 40, extended: 48)
    return parameters.joined(separator: ";")
  }

  private static func parameters(_ color: Color, base: Int, extended: Int) -> [String] {
    switch color {
    case .default: return []
    case .indexed(let index) where index < 8: return [String(base + Int(index))]
    case .indexed(let index) where index < 16: return [String(base + 60 + Int(index) - 8)]
    case .indexed(let index): return [String(extended), "5", String(index)]
    case .rgb(let red, let green, let blue):
      return [String(extended), "2", String(red), String(green), String(blue)]
    }
  }
}

extension Style {
  public static let bold = Style(bold: true)
  public static let dim = Style(dim: true)
  public static let italic = Style(italic: true)

  /// This style in another foreground colour.
  public func foreground(_ color: Color) -> Style {
    var style = self
    style.foreground = color
    return style
  }

  /// This style on another background colour.
  public func background(_ color: Color) -> Style {
    var style = self
    style.background = color
    return style
  }
}

extension Color {
  public static let black = Color.indexed(0)
  public static let red = Color.indexed(1)
  public static let green = Color.indexed(2)
  public static let yellow = Color.indexed(3)
  public static let blue = Color.indexed(4)
  public static let magenta = Color.indexed(5)
  public static let cyan = Color.indexed(6)
  public static let white = Color.indexed(7)
}

/// Styles packed into one word, as frames store them per cell: comparing two cells' styles
/// is one integer compare. Each colour takes 26 bits (a 2-bit kind, then the index or the
/// 24-bit RGB); the attributes take the bits above. `.plain` packs to 0.
extension Style {
  static let packedBold: UInt64 = 1 << 52
  static let packedDim: UInt64 = 1 << 53
  static let packedItalic: UInt64 = 1 << 54
  static let packedUnderline: UInt64 = 1 << 55
  static let packedReverse: UInt64 = 1 << 56

  var packed: UInt64 {
    var word = Self.pack(foreground) | Self.pack(background) << 26
    if bold { word |= Self.packedBold }
    if dim { word |= Self.packedDim }
    if italic { word |= Self.packedItalic }
    if underline { word |= Self.packedUnderline }
    if reverse { word |= Self.packedReverse }
    return word
  }

  init(packed word: UInt64) {
    self.init(
      foreground: Self.unpack(word & 0x3FF_FFFF), background: Self.unpack(word >> 26 & 0x3FF_FFFF),
      bold: word & Self.packedBold != 0, dim: word & Self.packedDim != 0,
      italic: word & Self.packedItalic != 0, underline: word & Self.packedUnderline != 0,
      reverse: word & Self.packedReverse != 0)
  }

  private static func pack(_ color: Color) -> UInt64 {
    switch color {
    case .default: return 0
    case .indexed(let index): return 1 << 24 | UInt64(index)
    case .rgb(let red, let green, let blue):
      return 2 << 24 | UInt64(red) << 16 | UInt64(green) << 8 | UInt64(blue)
    }
  }

  private static func unpack(_ bits: UInt64) -> Color {
    switch bits >> 24 {
    case 1: return .indexed(UInt8(truncatingIfNeeded: bits))
    case 2:
      return .rgb(
        UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 8),
        UInt8(truncatingIfNeeded: bits))
    default: return .default
    }
  }
}
