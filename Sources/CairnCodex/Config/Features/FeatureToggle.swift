import Foundation

/// `features enable|disable NAME`: sets `[features] NAME = true|false` in
/// `$CODEX_HOME/config.toml` with a minimal textual edit (see ``TOMLTextEdit``).
public enum FeatureToggle {
  public struct Outcome: Equatable, Sendable {
    public var file: String
    public var spec: FeatureSpec
    /// The key that was written (`features.NAME`, or `features.NAME.enabled` when the flag
    /// is a table of settings).
    public var key: ConfigKeyPath
    /// False when the file already said so and was left untouched.
    public var changed: Bool
    /// True when the file did not exist.
    public var created: Bool
  }

  public static func set(
    _ name: String, enabled: Bool, home: CodexHome, catalog: FeatureCatalog
  ) throws(ConfigError) -> Outcome {
    guard let spec = catalog.spec(named: name) else {
      throw .unknownFeature(name: name, suggestion: catalog.suggestion(for: name))
    }
    let path = home.configFile
    let existing = try ConfigFile.load(path: path)
    let oldText = existing?.text ?? ""
    let oldTable = existing?.table ?? ConfigTable()
    var key = ConfigKeyPath(["features", name])
    if oldTable.value(at: key)?.tableValue != nil { key = key.appending("enabled") }

    let newText: String
    do {
      newText = try TOMLTextEdit.set(key, to: enabled ? "true" : "false", in: oldText)
    } catch {
      throw .io(file: path, message: "cannot edit: \(error)")
    }
    // Check the edit before writing: the new text must parse to the old values with exactly
    // this one key changed.
    var expected = oldTable
    expected.setValue(.boolean(enabled), at: key)
    let parsed: ConfigFile
    do {
      parsed = try ConfigFile(path: path, text: newText)
    } catch {
      throw .io(
        file: path,
        message: "left unchanged: the edit would not parse (\(error)); set `\(key) = \(enabled)` "
          + "by hand")
    }
    guard parsed.table == expected else {
      throw .io(
        file: path,
        message: "left unchanged: this layout cannot be edited safely; set `\(key) = \(enabled)` "
          + "by hand")
    }
    let changed = newText != oldText || existing == nil
    if changed { try ConfigFileWriter.write(newText, to: path) }
    return Outcome(file: path, spec: spec, key: key, changed: changed, created: existing == nil)
  }
}
