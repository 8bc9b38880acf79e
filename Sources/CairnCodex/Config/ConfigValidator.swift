import CairnCore

/// Checks one config layer against ``ConfigSchema``: wrong types and values outside a list
/// become diagnostics; keys the schema does not know are collected (never dropped).
struct ConfigValidator {
  /// Where a layer's keys are, for messages.
  struct Locator {
    var file: String?
    /// The path of the layer's table inside its file (`profiles.work` for a legacy
    /// profile table).
    var prefix: ConfigKeyPath = .root
    var configFile: ConfigFile?

    func keyPosition(_ path: ConfigKeyPath) -> SourcePosition? {
      configFile?.keyPosition(of: ConfigKeyPath(prefix.segments + path.segments))
    }

    func valuePosition(_ path: ConfigKeyPath) -> SourcePosition? {
      configFile?.valuePosition(of: ConfigKeyPath(prefix.segments + path.segments))
    }
  }

  var locator: Locator
  /// Keys of feature flags that Codex knows; others are reported as unknown features.
  var knownFeatures: Set<String>
  private(set) var diagnostics: [ConfigDiagnostic] = []
  private(set) var unknownKeys: [ConfigKeyPath] = []

  init(locator: Locator, knownFeatures: Set<String>) {
    self.locator = locator
    self.knownFeatures = knownFeatures
  }

  mutating func validate(_ table: ConfigTable, as shape: ConfigShape) {
    check(.table(table), shape, at: .root)
  }

  private mutating func check(_ value: ConfigValue, _ shape: ConfigShape, at path: ConfigKeyPath) {
    switch shape {
    case .any:
      return
    case .string:
      if value.stringValue == nil { mismatch(value, shape, at: path) }
    case .boolean:
      if value.boolValue == nil { mismatch(value, shape, at: path) }
    case .integer:
      if value.integerValue == nil { mismatch(value, shape, at: path) }
    case .number:
      if value.numberValue == nil { mismatch(value, shape, at: path) }
    case .oneOf(let allowed, let lenient):
      guard let string = value.stringValue else { return mismatch(value, shape, at: path) }
      if !allowed.contains(string) {
        let shown = SecretRedactor().redact(string).text
        diagnostics.append(
          ConfigDiagnostic(
            severity: lenient ? .warning : .error, file: locator.file, key: fullPath(path),
            position: locator.valuePosition(path),
            message: "unknown value `\(shown)`, expected \(shape.expectation)"
              + (lenient ? " (Codex 0.147 passes it to the model as is)" : ""),
            allowedValues: allowed))
      }
    case .array(let element):
      guard let items = value.arrayValue else { return mismatch(value, shape, at: path) }
      for (index, item) in items.enumerated() {
        check(item, element, at: path.appending("[\(index)]"))
      }
    case .table(let keys):
      guard let table = value.tableValue else { return mismatch(value, shape, at: path) }
      for (key, member) in table.entries {
        let memberPath = path.appending(key)
        if let memberShape = keys[key] {
          check(member, memberShape, at: memberPath)
        } else {
          unknownKeys.append(memberPath)
        }
      }
    case .map(let memberShape):
      guard let table = value.tableValue else { return mismatch(value, shape, at: path) }
      for (key, member) in table.entries {
        let memberPath = path.appending(key)
        if path.segments == ["features"] && !knownFeatures.isEmpty && !knownFeatures.contains(key) {
          unknownKeys.append(memberPath)
        }
        check(member, memberShape, at: memberPath)
      }
    case .either(let shapes):
      // The first shape of the value's kind decides, so `approval_policy = "sometimes"`
      // reports the list of policies rather than "expected a string or a table".
      for candidate in shapes where candidate.accepts(kindOf: value) {
        return check(value, candidate, at: path)
      }
      mismatch(value, shape, at: path)
    }
  }

  private mutating func mismatch(_ value: ConfigValue, _ shape: ConfigShape, at path: ConfigKeyPath)
  {
    diagnostics.append(
      ConfigDiagnostic(
        severity: .error, file: locator.file, key: fullPath(path),
        position: locator.valuePosition(path),
        message: "expected \(shape.expectation), found \(article(value.typeName))",
        allowedValues: shape.allowedValues))
  }

  private func fullPath(_ path: ConfigKeyPath) -> ConfigKeyPath {
    ConfigKeyPath(locator.prefix.segments + path.segments)
  }

  private func article(_ typeName: String) -> String {
    (typeName.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + typeName
  }
}

extension ConfigShape {
  /// Whether a value of this kind could match the shape at all.
  func accepts(kindOf value: ConfigValue) -> Bool {
    switch (self, value) {
    case (.any, _): true
    case (.string, .string), (.oneOf, .string): true
    case (.boolean, .boolean): true
    case (.integer, .integer): true
    case (.number, .integer), (.number, .float): true
    case (.array, .array): true
    case (.table, .table), (.map, .table): true
    case (.either(let shapes), _): shapes.contains { $0.accepts(kindOf: value) }
    default: false
    }
  }

  var allowedValues: [String] {
    switch self {
    case .oneOf(let values, _): values
    case .either(let shapes): shapes.flatMap(\.allowedValues)
    default: []
    }
  }
}
