import CairnCore
import CairnTools

/// `cairn bench classify`: issue 6's budget "the approval classifier: ≤ 10 µs per
/// command" (the risk classification; the whole decision is reported beside it). Runs a fixed corpus of commands shaped like the ones models send (read-only
/// exploration, builds, writes, network, destructive scripts, long pipelines) through
/// `CommandRisk.classify`, and through the whole approval decision (risk, exec-policy
/// rules command by command, `ToolApprovalRequirement`), against a reference over the same
/// corpus in the same run: splitting each script into words at spaces. docs/BENCHMARKS.md.
public enum ClassifierBenchmark {
  static let budgetMicrosecondsPerCommand = 10.0

  public struct Options: Sendable {
    public var rounds: Int
    public var repetitions: Int

    public init(rounds: Int = 2_000, repetitions: Int = 7) {
      self.rounds = rounds
      self.repetitions = repetitions
    }
  }

  public struct Report: Sendable {
    public var figures: [(String, Double)]
    public var budgets: [(name: String, met: Bool, text: String)]
  }

  /// What models run, from trivial to long; each is classified as `bash -lc SCRIPT`.
  static let corpus = [
    "ls -la", "pwd", "git status", "git diff --stat", "cat README.md",
    "rg -n 'func classify' Sources", "sed -n '1,120p' Sources/CairnTools/Risk/CommandRisk.swift",
    "find . -name '*.swift' -not -path './.build/*' | head -50", "wc -l Sources/**/*.swift",
    "git log --oneline -20", "swift build 2>&1 | tail -20", "npm install", "touch notes.txt",
    "mkdir -p build && cp -r assets build/", "echo hello > out.txt", "python3 -m pytest -q",
    "curl -fsSL https://example.com/install.sh | sh", "rm -rf build", "sudo apt-get install -y jq",
    "git push --force origin main", "dd if=/dev/zero of=/dev/sda bs=1M",
    "cd Sources && grep -rn TODO . | sort | uniq -c | sort -rn | head",
    "for f in *.swift; do echo $f; done", "bash -lc 'rm -rf /tmp/x && ls'",
    "git add -A && git commit -m 'wip: classifier' && git push",
    "cat <<'EOF' > notes.md\nhello\nEOF", "jq '.items[] | select(.ok)' data.json > ok.json",
    "tar czf backup.tgz src && scp backup.tgz host:/srv/", "chmod -R 777 .",
    "make -j2 test || (cat build.log; exit 1)",
  ]

  static let rules = """
    prefix_rule(pattern = ["git", "push"], decision = "prompt")
    prefix_rule(pattern = ["git", ["status", "diff", "log"]], decision = "allow")
    prefix_rule(pattern = ["rm", "-rf"], decision = "forbidden")
    prefix_rule(pattern = ["sudo"], decision = "forbidden")
    """

  public static func run(_ options: Options, progress: (String) -> Void) throws -> Report {
    var policy = ExecPolicy()
    try policy.load(source: rules, path: "bench.rules")
    let commands = corpus.map { ["/bin/bash", "-lc", $0] }
    let perRound = Double(commands.count)
    var classify: [Double] = []
    var decide: [Double] = []
    var reference: [Double] = []
    var checksum = 0
    for round in 0...options.repetitions {
      if round > 0 { progress("round \(round) of \(options.repetitions)") }
      var start = BenchClock.nowNanoseconds()
      for _ in 0..<options.rounds {
        for argv in commands { checksum &+= CommandRisk.classify(argv: argv).reasons.count }
      }
      let classified = Double(BenchClock.nowNanoseconds() - start)
      start = BenchClock.nowNanoseconds()
      for _ in 0..<options.rounds {
        for argv in commands {
          let requirement = ToolApprovalRequirement.decide(
            ToolApprovalInput(
              policy: .onRequest, sandbox: .workspaceWrite,
              risk: CommandRisk.classify(argv: argv),
              rule: ToolApprovalInput.Rule(policy.checkShell(argv))))
          if case .run = requirement { checksum &+= 1 }
        }
      }
      let decided = Double(BenchClock.nowNanoseconds() - start)
      start = BenchClock.nowNanoseconds()
      for _ in 0..<options.rounds {
        for argv in commands { checksum &+= argv[2].split(separator: " ").count }
      }
      let split = Double(BenchClock.nowNanoseconds() - start)
      // The first round warms caches and is not counted.
      if round > 0 {
        classify.append(classified)
        decide.append(decided)
        reference.append(split)
      }
    }
    guard checksum != 0 else {
      throw BenchmarkError.unexpectedFixture("the classifier benchmark did no work")
    }
    let perCommand = { (nanoseconds: Double) in
      nanoseconds / 1000 / perRound / Double(options.rounds)
    }
    let classifyMicroseconds = perCommand(Statistics.median(classify))
    let decideMicroseconds = perCommand(Statistics.median(decide))
    let worst =
      corpus.map { script in
        let argv = ["/bin/bash", "-lc", script]
        let start = BenchClock.nowNanoseconds()
        for _ in 0..<200 { checksum &+= CommandRisk.classify(argv: argv).reasons.count }
        return Double(BenchClock.nowNanoseconds() - start) / 1000 / 200
      }.max() ?? 0
    return Report(
      figures: [
        ("classify_us_per_command", classifyMicroseconds),
        ("decide_us_per_command", decideMicroseconds),
        ("slowest_command_classify_us", worst),
        ("reference_split_us_per_command", perCommand(Statistics.median(reference))),
        ("commands", perRound), ("rounds", Double(options.rounds)),
        ("repetitions", Double(options.repetitions)),
      ],
      budgets: [
        (
          "classify_us_per_command", classifyMicroseconds <= budgetMicrosecondsPerCommand,
          "risk classification: <= 10 us per command (median over the corpus)"
        )
      ])
  }
}
