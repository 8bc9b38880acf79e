/// The effective state of one feature flag and what decided it.
public struct FeatureState: Equatable, Sendable {
  public var spec: FeatureSpec
  public var enabled: Bool
  /// The layer that set the flag; nil when it is at its default.
  public var source: ConfigSource?
  /// A value was set but Codex ignores it for this flag (some removed flags).
  public var configIgnored: Bool
}

/// Feature states from the catalog's defaults and the effective config.
public enum FeatureStates {
  public static func compute(catalog: FeatureCatalog, config: EffectiveConfig) -> [FeatureState] {
    let settings = config.value(at: ConfigKeyPath(["features"]))?.tableValue ?? ConfigTable()
    return catalog.features.map { spec in
      let path = ConfigKeyPath(["features", spec.name])
      let setting = settings[spec.name].flatMap {
        $0.boolValue ?? $0.tableValue?["enabled"]?.boolValue
      }
      guard let setting else {
        return FeatureState(
          spec: spec, enabled: spec.defaultEnabled, source: nil, configIgnored: false)
      }
      if !spec.followsConfig {
        return FeatureState(
          spec: spec, enabled: spec.defaultEnabled, source: config.source(of: path),
          configIgnored: setting != spec.defaultEnabled)
      }
      return FeatureState(
        spec: spec, enabled: setting, source: config.source(of: path), configIgnored: false)
    }
  }
}
