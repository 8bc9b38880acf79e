extension ConfigFile {
  /// What `ConfigLoader` would report about this file as the user's config.toml: wrong
  /// types and values outside a list (errors), unknown features (warnings). Editors check
  /// a new text with it before writing, so a write never leaves a config that fails to load.
  public func diagnostics(catalog: FeatureCatalog) -> [ConfigDiagnostic] {
    let locator = ConfigValidator.Locator(file: path, prefix: .root, configFile: self)
    var validator = ConfigValidator(locator: locator, knownFeatures: Set(catalog.names))
    validator.validate(table, as: ConfigSchema.root)
    return validator.diagnostics
  }
}
