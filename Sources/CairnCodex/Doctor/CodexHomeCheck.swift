import CairnCore
import Foundation

/// `config.load`: where CODEX_HOME is, whether it exists, and whether its config loads
/// through ``ConfigLoader`` as `cairn config show` loads it: TOML syntax errors and
/// validation errors with file, line and column, and the count of keys Codex does not know.
/// Every message goes through the secret redactor (docs/CODEX_CONFIG.md, "Secrets").
public enum CodexHomeCheck {
  public static let name = "config.load"

  public static func run(_ request: ConfigRequest, catalog: FeatureCatalog) -> DoctorCheck {
    let home = request.home
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: home.path, isDirectory: &isDirectory)
    let configPresent = FileManager.default.fileExists(atPath: home.configFile)
    var facts = [
      DoctorCheck.Fact("codex_home", home.path),
      DoctorCheck.Fact("codex_home_origin", home.origin.rawValue),
      DoctorCheck.Fact("codex_home_exists", .bool(exists && isDirectory.boolValue)),
      DoctorCheck.Fact("config_file", home.configFile),
      DoctorCheck.Fact("config_file_present", .bool(configPresent)),
    ]
    if exists && !isDirectory.boolValue {
      return DoctorCheck(
        name: name, status: .failed, detail: "CODEX_HOME \(home.path) is not a directory",
        fix: "point $CODEX_HOME (or --codex-home) at a directory", facts: facts)
    }

    let config: EffectiveConfig
    do {
      config = try ConfigLoader.load(request, catalog: catalog)
    } catch {
      return failure(error, facts: facts)
    }
    let errors = config.diagnostics.filter { $0.severity == .error }
    let warnings = config.diagnostics.filter { $0.severity == .warning }
    facts += [
      DoctorCheck.Fact("errors", .int(Int64(errors.count))),
      DoctorCheck.Fact("warnings", .int(Int64(warnings.count))),
      DoctorCheck.Fact("unknown_keys", .int(Int64(config.unknownKeys.count))),
    ]
    let findings =
      config.diagnostics.map(finding(for:)) + config.unknownKeys.map(finding(for:))

    if let first = errors.first {
      return DoctorCheck(
        name: name, status: .failed,
        detail: "\(count(errors.count, "error")) in the config, the first: "
          + ConfigRedaction.redactText(first.description),
        fix: "correct the values listed (Codex refuses to start with them); "
          + "`cairn config show` re-checks the config",
        facts: facts, findings: findings)
    }
    var notes: [String] = []
    if !warnings.isEmpty { notes.append(count(warnings.count, "warning")) }
    if !config.unknownKeys.isEmpty {
      notes.append(count(config.unknownKeys.count, "unknown key"))
    }
    if !exists {
      return DoctorCheck(
        name: name, status: .warning,
        detail: "CODEX_HOME \(home.path) (\(home.origin.rawValue)) does not exist; "
          + "Codex defaults apply",
        fix: "Codex creates it on first use (`codex login`); or point $CODEX_HOME or "
          + "--codex-home at your Codex home",
        facts: facts, findings: findings)
    }
    let loaded =
      configPresent ? "\(home.configFile) loaded" : "no config.toml, Codex defaults apply"
    if !notes.isEmpty {
      return DoctorCheck(
        name: name, status: .warning, detail: "\(loaded); \(notes.joined(separator: ", "))",
        fix: "review the keys and warnings listed (unknown keys are kept but Codex "
          + "\(EmbeddedFeatureCatalog.codexVersion) ignores them: a typo?); "
          + "`cairn config show` says where each is",
        facts: facts, findings: findings)
    }
    return DoctorCheck(name: name, status: .ok, detail: loaded, facts: facts)
  }

  private static func failure(_ error: ConfigError, facts: [DoctorCheck.Fact]) -> DoctorCheck {
    let detail = ConfigRedaction.redactText(error.description)
    switch error {
    case .syntax(let file, let position, let message):
      return DoctorCheck(
        name: name, status: .failed, detail: detail,
        fix: "fix the TOML syntax at \(file):\(position.line):\(position.column); "
          + "Codex refuses to start until then",
        facts: facts,
        findings: [
          DoctorCheck.Finding(
            text: detail,
            members: [
              ("severity", .string("error")), ("file", .string(file)),
              ("line", .int(Int64(position.line))), ("column", .int(Int64(position.column))),
              ("cause", .string(ConfigRedaction.redactText(message))),
            ])
        ])
    case .io(let file, _):
      return DoctorCheck(
        name: name, status: .failed, detail: detail,
        fix: "make \(file) a readable UTF-8 file (check its owner and mode)", facts: facts)
    case .badOverride, .badProfile, .unknownFeature:
      return DoctorCheck(
        name: name, status: .failed, detail: detail,
        fix: "correct the -c, --enable or --disable argument given to `cairn doctor`",
        facts: facts)
    case .invalid(let diagnostics):
      return DoctorCheck(
        name: name, status: .failed, detail: detail,
        fix: "correct the values listed; `cairn config show` re-checks the config",
        facts: facts, findings: diagnostics.map(finding(for:)))
    }
  }

  private static func finding(for diagnostic: ConfigDiagnostic) -> DoctorCheck.Finding {
    var members: [(String, JSONValue)] = [("severity", .string(diagnostic.severity.rawValue))]
    if let file = diagnostic.file { members.append(("file", .string(file))) }
    if let position = diagnostic.position {
      members.append(("line", .int(Int64(position.line))))
      members.append(("column", .int(Int64(position.column))))
    }
    if let key = diagnostic.key {
      members.append(("key", .string(ConfigRedaction.redactText(key.description))))
    }
    return DoctorCheck.Finding(
      text: "\(diagnostic.severity.rawValue): "
        + ConfigRedaction.redactText(diagnostic.description),
      members: members)
  }

  private static func finding(for unknown: UnknownConfigKey) -> DoctorCheck.Finding {
    let key = ConfigRedaction.redactText(unknown.path.description)
    var members: [(String, JSONValue)] = [
      ("severity", .string("unknown_key")), ("key", .string(key)),
    ]
    var place = unknown.source.description
    if let file = unknown.source.path {
      members.append(("file", .string(file)))
      place = file
      if let position = unknown.position {
        members.append(("line", .int(Int64(position.line))))
        members.append(("column", .int(Int64(position.column))))
        place += ":\(position.line):\(position.column)"
      }
    }
    return DoctorCheck.Finding(text: "unknown key `\(key)` at \(place)", members: members)
  }

  private static func count(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
  }
}
