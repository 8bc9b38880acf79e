import CairnCodex

// `features` and its subcommands behave as Codex 0.147's (docs/CODEX_CONFIG.md lists the
// few deliberate differences, such as a suggestion instead of a backtrace for an unknown
// name). The global -c/--enable/--disable they take are the root's.
private let globalOverrides: [String: CodexParity] = [
  "--config": .implemented, "--enable": .implemented, "--disable": .implemented,
]

extension FeaturesCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension FeaturesListCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension FeaturesEnableCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}

extension FeaturesDisableCommand: CodexParityDescribed {
  static var codexParity: CodexParity { .implemented }
  static var codexArgumentParity: [String: CodexParity] { globalOverrides }
}
