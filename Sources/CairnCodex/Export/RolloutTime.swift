/// Times as Codex writes them in rollouts: `2026-11-25T19:25:13.545Z` in lines, and
/// `2026-11-25T19-25-13` in file names.
enum RolloutTime {
  struct Civil {
    var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
    var millisecond: Int64
  }

  static func civil(nanoseconds: Int64) -> Civil {
    let milliseconds = nanoseconds / 1_000_000
    var days = milliseconds / 86_400_000
    var rest = milliseconds % 86_400_000
    if rest < 0 {
      rest += 86_400_000
      days -= 1
    }
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return Civil(
      year: year, month: month, day: day, hour: rest / 3_600_000,
      minute: rest / 60_000 % 60, second: rest / 1000 % 60, millisecond: rest % 1000)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  static func iso(nanoseconds: Int64) -> String {
    let c = civil(nanoseconds: nanoseconds)
    return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):"
      + "\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
  }

  /// `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`, relative to CODEX_HOME.
  static func sessionPath(threadID: String, nanoseconds: Int64) -> (directory: String, file: String)
  {
    let c = civil(nanoseconds: nanoseconds)
    let directory = "sessions/\(pad(c.year, 4))/\(pad(c.month, 2))/\(pad(c.day, 2))"
    let file =
      "rollout-\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2))-"
      + "\(pad(c.minute, 2))-\(pad(c.second, 2))-\(threadID).jsonl"
    return (directory, file)
  }
}
