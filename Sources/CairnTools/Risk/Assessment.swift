import CairnCore

/// The running verdict: the worst level seen and the reasons, without duplicates.
struct Assessment {
  var level = RiskLevel.safe
  var reasons: [(RiskLevel, String)] = []

  var result: CommandRisk {
    let ordered = reasons.enumerated().sorted { left, right in
      left.element.0.rank != right.element.0.rank
        ? left.element.0.rank > right.element.0.rank : left.offset < right.offset
    }
    return CommandRisk(level: level, reasons: ordered.map { $0.element.1 })
  }

  mutating func add(_ risk: RiskLevel, _ reason: String) {
    if risk.rank > level.rank { level = risk }
    guard risk != .safe, !reasons.contains(where: { $0.1 == reason }) else { return }
    reasons.append((risk, reason))
  }
}

extension RiskLevel {
  var rank: Int {
    switch self {
    case .safe: return 0
    case .risky: return 1
    case .dangerous: return 2
    }
  }
}
