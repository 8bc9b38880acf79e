import ArgumentParser
import CairnCodex
import CairnCore

/// Runs a Codex config command body, turning a `ConfigError` into its message on stderr
/// and an exit code: 64 for a malformed `-c` or profile name, 1 otherwise (as Codex).
func reportingConfigFailures(_ body: () throws -> Void) throws {
  do {
    try reportingFailures(body)
  } catch let error as ConfigError {
    StandardError.write("cairn: \(ConfigRedaction.redactText(error.description))\n")
    switch error {
    case .badOverride, .badProfile: throw ExitCode(64)
    case .syntax, .io, .unknownFeature, .invalid: throw ExitCode(1)
    }
  }
}

/// Prints warnings to stderr, secrets redacted.
func printWarnings(_ diagnostics: [ConfigDiagnostic]) {
  for diagnostic in diagnostics where diagnostic.severity == .warning {
    StandardError.write("cairn: warning: \(ConfigRedaction.redactText(diagnostic.description))\n")
  }
}

/// The feature catalog, with a warning on stderr when a local codex could not be read.
func resolveFeatureCatalog() -> FeatureCatalog {
  let (catalog, warning) = FeatureCatalogSource.resolve()
  if let warning { StandardError.write("cairn: warning: \(warning)\n") }
  return catalog
}

extension ConfigValue {
  /// The value as JSON: tables become objects, dates and times strings.
  var jsonValue: JSONValue {
    switch self {
    case .string(let string): .string(string)
    case .integer(let integer): .int(integer)
    case .float(let double): .double(double)
    case .boolean(let bool): .bool(bool)
    case .datetime(let text): .string(text)
    case .array(let items): .array(items.map(\.jsonValue))
    case .table(let table): .object(table.entries.map { ($0.key, $0.value.jsonValue) })
    }
  }
}

extension ConfigSource {
  /// Where a value came from, with its position in the file when known:
  /// `/h/config.toml:3:9`, `profile work /h/work.config.toml:1:9`, `-c #1`, `default`.
  func label(at position: SourcePosition?) -> String {
    let at = position.map { ":\($0.line):\($0.column)" } ?? ""
    switch self {
    case .defaultValue: return "default"
    case .file(let path): return path + at
    case .profileFile(let name, let path): return "profile \(name) \(path)\(at)"
    case .profileTable(let name, let path): return "profile \(name) [profiles.\(name)] \(path)\(at)"
    case .override(let index): return "-c #\(index)"
    case .featureFlag(let flag): return flag
    }
  }

  /// The source as JSON members: kind, and the file, profile or argument.
  func jsonMembers(at position: SourcePosition?) -> [(String, JSONValue)] {
    var members: [(String, JSONValue)] = [("source", .string(kind))]
    switch self {
    case .defaultValue: break
    case .file(let path): members.append(("path", .string(path)))
    case .profileFile(let name, let path), .profileTable(let name, let path):
      members.append(("profile", .string(name)))
      members.append(("path", .string(path)))
      if case .profileTable = self { members.append(("legacy_table", .bool(true))) }
    case .override(let index): members.append(("argument", .string("-c #\(index)")))
    case .featureFlag(let flag): members.append(("argument", .string(flag)))
    }
    if let position {
      members.append(("line", .int(Int64(position.line))))
      members.append(("column", .int(Int64(position.column))))
    }
    return members
  }
}

extension ConfigDiagnostic {
  var jsonValue: JSONValue {
    var members: [(String, JSONValue)] = [("severity", .string(severity.rawValue))]
    if let file { members.append(("file", .string(file))) }
    if let key { members.append(("key", .string(key.description))) }
    if let position {
      members.append(("line", .int(Int64(position.line))))
      members.append(("column", .int(Int64(position.column))))
    }
    members.append(("message", .string(ConfigRedaction.redactText(message))))
    if !allowedValues.isEmpty {
      members.append(("allowed_values", .array(allowedValues.map { .string($0) })))
    }
    return .object(members)
  }
}
