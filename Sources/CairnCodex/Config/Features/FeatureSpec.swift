/// How far along a Codex feature flag is, as `codex features list` prints it.
public enum FeatureStage: String, Sendable, CaseIterable {
  case underDevelopment = "under development"
  case experimental
  case stable
  case deprecated
  case removed
}

/// One feature flag of Codex's catalog.
public struct FeatureSpec: Equatable, Sendable {
  public var name: String
  public var stage: FeatureStage
  /// The state with no config at all.
  public var defaultEnabled: Bool
  /// Whether a config value changes the flag. A few removed flags keep their default
  /// whatever the config says (observed with 0.147 by flipping every flag in config.toml).
  public var followsConfig: Bool

  public init(name: String, stage: FeatureStage, defaultEnabled: Bool, followsConfig: Bool = true) {
    self.name = name
    self.stage = stage
    self.defaultEnabled = defaultEnabled
    self.followsConfig = followsConfig
  }
}

/// Codex's feature flags, from a local `codex features list` or the embedded copy.
public struct FeatureCatalog: Equatable, Sendable {
  public enum Origin: Equatable, Sendable {
    /// Generated from Codex 0.147's output (`tools/generate-feature-catalog`).
    case embedded(codexVersion: String)
    /// Read from `codex features list` of this binary.
    case localCodex(path: String)
  }

  public var origin: Origin
  /// Sorted by name.
  public var features: [FeatureSpec]

  public init(origin: Origin, features: [FeatureSpec]) {
    self.origin = origin
    self.features = features.sorted { $0.name < $1.name }
  }

  public func spec(named name: String) -> FeatureSpec? {
    features.first { $0.name == name }
  }

  public var names: [String] { features.map(\.name) }

  /// The catalog embedded in Cairn.
  public static let embedded = FeatureCatalog(
    origin: .embedded(codexVersion: EmbeddedFeatureCatalog.codexVersion),
    features: EmbeddedFeatureCatalog.features)

  /// The nearest known name to a misspelt one, if any is close enough to be a likely typo.
  public func suggestion(for name: String) -> String? {
    NearestName.find(name, among: names)
  }
}
