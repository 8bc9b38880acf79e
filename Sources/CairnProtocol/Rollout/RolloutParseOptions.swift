/// Bounds on what the rollout parser keeps of one line, so that memory stays bounded
/// whatever the line holds.
public struct RolloutParseOptions: Sendable, Equatable {
  /// The most bytes of text kept per line, over all its texts (messages, outputs,
  /// arguments); the rest of each is measured and skipped.
  public var textBytesMax: Int
  /// The most bytes kept of a name, id or setting.
  public var nameBytesMax: Int
  /// The most content parts kept per list; more are counted.
  public var partsMax: Int
  /// The most member names kept of a `world_state.state`.
  public var namesMax: Int

  public init(
    textBytesMax: Int = 64 * 1024, nameBytesMax: Int = 512, partsMax: Int = 64,
    namesMax: Int = 64
  ) {
    self.textBytesMax = textBytesMax
    self.nameBytesMax = nameBytesMax
    self.partsMax = partsMax
    self.namesMax = namesMax
  }
}
