import CairnCodex
import CairnEngine
import Foundation

/// `cairn doctor`: every check, in a fixed order, and the verdict.
public enum Doctor {
  /// What to examine.
  public struct Request: Sendable {
    public var cairnHome: CairnHome
    /// CODEX_HOME and `-c`/`--enable`/`--disable`.
    public var config: ConfigRequest
    public var environment: [String: String]

    public init(cairnHome: CairnHome, config: ConfigRequest, environment: [String: String]) {
      self.cairnHome = cairnHome
      self.config = config
      self.environment = environment
    }
  }

  /// The names of every check, in the order they run.
  public static let checkNames = [
    CodexBinaryCheck.name, CodexHomeCheck.name, AuthCheck.name, BubblewrapCheck.name,
    TerminalCheck.name, LibcurlCheck.name, DiskSpaceCheck.name, StoreHealthCheck.name,
  ]

  /// Runs every check. `storeProgress(done, total)` follows the store verification, the one
  /// check whose time grows with the home.
  public static func run(_ request: Request, storeProgress: (Int, Int) -> Void = { _, _ in })
    -> DoctorReport
  {
    var checks: [DoctorCheck] = []
    let codex = CodexBinaryCheck.run(environment: request.environment)
    checks.append(codex)
    // A codex that failed to answer `--version` would only time out again on
    // `features list`: validate feature keys against the built-in catalog then.
    var catalog = FeatureCatalog.embedded
    var catalogNote: String?
    if codex.status != .failed {
      let resolved = FeatureCatalogSource.resolve(environment: request.environment)
      catalog = resolved.catalog
      catalogNote = resolved.warning
    }
    var config = CodexHomeCheck.run(request.config, catalog: catalog)
    config.facts.append(DoctorCheck.Fact("feature_catalog", catalogLabel(catalog)))
    if let catalogNote {
      config.facts.append(DoctorCheck.Fact("feature_catalog_note", catalogNote))
    }
    checks.append(config)
    checks.append(AuthCheck.run(home: request.config.home, environment: request.environment))
    checks.append(BubblewrapCheck.run(environment: request.environment))
    checks.append(TerminalCheck.run(environment: request.environment))
    checks.append(LibcurlCheck.run())
    checks.append(
      DiskSpaceCheck.run(locations: [
        ("cairn_home", request.cairnHome.root), ("codex_home", request.config.home.path),
      ]))
    checks.append(StoreHealthCheck.run(home: request.cairnHome, progress: storeProgress))
    return DoctorReport(checks: checks)
  }

  private static func catalogLabel(_ catalog: FeatureCatalog) -> String {
    switch catalog.origin {
    case .embedded(let version): "built-in (Codex \(version))"
    case .localCodex(let path): "`\(path) features list`"
    }
  }
}
