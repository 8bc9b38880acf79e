/// A key with its modifiers and whether it went down, repeats or came up.
///
/// Legacy terminal input only ever reports presses; the kitty keyboard protocol (flags 7, as
/// the driver pushes them) also reports repeats and releases.
///
/// ```swift
/// KeyPress(.character("c"), [.control])   // Ctrl+C: 0x03, or ESC[99;5u
/// KeyPress(.enter, [.shift])              // Shift+Enter: ESC[13;2u
/// KeyPress(.left, [.control])             // Ctrl+←: ESC[1;5D
/// ```
public struct KeyPress: Equatable, Hashable, Sendable {
  /// Which key.
  public var key: Key
  /// Modifiers held with it.
  public var modifiers: KeyModifiers
  /// Press, repeat or release.
  public var kind: KeyEventKind

  /// A key with modifiers, a press unless told.
  public init(_ key: Key, _ modifiers: KeyModifiers = [], kind: KeyEventKind = .press) {
    self.key = key
    self.modifiers = modifiers
    self.kind = kind
  }
}

/// Modifier keys held with a key. The bits are the kitty protocol's (and xterm's) modifier
/// parameter minus one: shift 1, alt 2, control 4, super 8.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
  /// The bits, as above.
  public var rawValue: UInt8
  /// Modifiers from their bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Shift.
  public static let shift = KeyModifiers(rawValue: 1)
  /// Alt (Option, Meta): also what an ESC before a key means in legacy input.
  public static let alt = KeyModifiers(rawValue: 2)
  /// Control.
  public static let control = KeyModifiers(rawValue: 4)
  /// Super (the Windows or Command key); only the kitty protocol reports it.
  public static let `super` = KeyModifiers(rawValue: 8)
}

/// What happened to a key.
public enum KeyEventKind: UInt8, Hashable, Sendable {
  /// It went down.
  case press = 1
  /// It is held and the terminal repeats it.
  case `repeat` = 2
  /// It came up (kitty protocol only).
  case release = 3
}
