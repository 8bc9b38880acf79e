import CairnCodex
import CairnProtocol
import Foundation

/// The real rollouts of six Codex versions (copies of ../shared/reference/rollouts/).
enum ReferenceRollouts {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/rollouts").path
  static let versions = ["0.46.0", "0.65.0", "0.87.0", "0.106.0", "0.125.0", "0.147.0"]
  static let scenarios = [
    "a": "a_plain.jsonl", "b": "b_tool.jsonl", "c": "c_reasoning.jsonl", "d": "d_resume.jsonl",
    "e": "e_patch.jsonl",
  ]

  static func path(_ version: String, _ scenario: String) -> String {
    directory + "/" + version + "/" + scenarios[scenario]!
  }

  static func bytes(_ version: String, _ scenario: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path(version, scenario))))
  }
}

/// Everything a reader produced over a file.
struct ReadResult {
  var records: [RolloutRecord] = []
  var problems: [RolloutProblem] = []
  var summary = RolloutSummary()
  var lineCount = 0
  var blankLines = 0
  var hadByteOrderMark = false
  var finalNewlineMissing = false
  var bufferBytes = 0
}

func readRollout(
  _ path: String, options: RolloutReader.Options = RolloutReader.Options()
) throws -> ReadResult {
  let reader = try RolloutReader(path: path, options: options)
  var result = ReadResult()
  while let item = try reader.next() {
    result.summary.add(item)
    switch item {
    case .record(let record): result.records.append(record)
    case .problem(let problem): result.problems.append(problem)
    }
  }
  result.summary.finish()
  result.lineCount = reader.lineCount
  result.blankLines = reader.blankLines
  result.hadByteOrderMark = reader.hadByteOrderMark
  result.finalNewlineMissing = reader.finalNewlineMissing
  result.bufferBytes = reader.bufferBytes
  return result
}

/// A scratch directory under the build tree's temporary base, removed afterwards.
func withScratchDirectory<T>(_ body: (String) throws -> T) throws -> T {
  let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/var/tmp"
  var template = Array((base + "/cairn-rollout.XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
  let path = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// A seeded generator, so a failing fuzz case can be replayed.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
