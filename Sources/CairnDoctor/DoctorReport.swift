import CairnCodex
import CairnCore

/// Every check's result and the verdict: healthy unless a check failed (warnings allowed).
public struct DoctorReport: Equatable, Sendable {
  public var checks: [DoctorCheck]

  public init(checks: [DoctorCheck]) { self.checks = checks }

  /// Whether no check failed.
  public var ok: Bool { !checks.contains { $0.status == .failed } }

  public func count(_ status: DoctorCheck.Status) -> Int {
    checks.filter { $0.status == status }.count
  }

  /// `{"checks": [...], "ok": bool, "counts": {"ok", "warning", "failed"}}`.
  public var jsonValue: JSONValue {
    .object([
      ("checks", .array(checks.map(\.jsonValue))), ("ok", .bool(ok)),
      (
        "counts",
        .object([
          ("ok", .int(Int64(count(.ok)))), ("warning", .int(Int64(count(.warning)))),
          ("failed", .int(Int64(count(.failed)))),
        ])
      ),
    ])
  }
}
