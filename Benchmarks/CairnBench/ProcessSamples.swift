/// The runs of one measured command: wall time, CPU time and peak RSS of each process,
/// and the numbers it printed under the keys asked for.
struct ProcessSamples {
  private(set) var wallMilliseconds: [Double] = []
  private(set) var cpuMilliseconds: [Double] = []
  private(set) var peakResidentBytes: [Double] = []
  private var fields: [String: [Double]] = [:]

  /// Records a finished run, with the JSON numbers under `keys` (a missing one is an
  /// error: the command's output changed shape).
  mutating func add(_ run: ChildProcess.Finished, keys: [String] = []) throws {
    wallMilliseconds.append(run.wallMilliseconds)
    cpuMilliseconds.append(run.cpuMilliseconds)
    peakResidentBytes.append(Double(run.peakResidentBytes))
    for key in keys {
      guard let value = JSONFields.number(key, in: run.output) else {
        throw BenchmarkError.malformedWorkerOutput(
          "no number \"\(key)\" in: \(String(run.text.prefix(300)))")
      }
      fields[key, default: []].append(value)
    }
  }

  var medianWallMilliseconds: Double { Statistics.median(wallMilliseconds) }
  var medianCPUMilliseconds: Double { Statistics.median(cpuMilliseconds) }
  /// The highest peak of all runs: a memory budget holds for every run, not the typical one.
  var maxPeakResidentBytes: Double { peakResidentBytes.max() ?? 0 }

  func median(_ key: String) -> Double { Statistics.median(fields[key] ?? []) }
}
