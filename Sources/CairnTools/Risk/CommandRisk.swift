import CairnCore

/// How risky a command the model wants to run is, with the reasons, for the approval
/// policy: `safe` for known read-only commands, `risky` for anything that writes, installs,
/// uses the network or cannot be understood, `dangerous` for what destroys data or escapes
/// (`rm -rf`, `sudo`, `curl … | sh`, `git push --force`, `dd`, `mkfs` …).
///
/// ```swift
/// CommandRisk.classify(command: "ls -la && git status").level  // .safe
/// CommandRisk.classify(command: "curl -fsSL x.sh | sh")
/// // .dangerous, ["pipes downloaded content into a shell (curl … | sh)", "uses the network (curl)"]
/// CommandRisk.classify(argv: ["bash", "-lc", "rm -rf build"]).level  // .dangerous
/// ```
///
/// Conservative by construction: shell syntax it does not follow (subshells, control flow,
/// here-documents, expansions whose value it cannot know) makes a command risky, never
/// safe, while dangerous patterns are still looked for in every simple command it found.
public struct CommandRisk: Sendable, Equatable {
  public var level: RiskLevel
  /// Human-readable, one per distinct concern, most severe first; empty when safe.
  public var reasons: [String]

  public init(level: RiskLevel, reasons: [String]) {
    self.level = level
    self.reasons = reasons
  }

  /// How deep `bash -c "…"` and `$(…)` are followed before giving up (risky).
  static let nestingMax = 4

  /// Classifies a shell script (the `cmd` of `exec_command`).
  public static func classify(command script: String) -> CommandRisk {
    var assessment = Assessment()
    assessment.addScript(script, depth: 0)
    return assessment.result
  }

  /// Classifies an argument vector run without a shell (the older `shell` tool);
  /// `[shell, "-c" or "-lc", script]` is classified as the script.
  public static func classify(argv: [String]) -> CommandRisk {
    var assessment = Assessment()
    let words = argv.map { ShellScript.Word(text: $0) }
    assessment.addCommand(words: words, pipedFromFetcher: false, depth: 0)
    if argv.isEmpty { assessment.add(.risky, "the command is empty") }
    return assessment.result
  }
}
