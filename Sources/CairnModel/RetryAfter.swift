/// Reads a server's requested wait: `retry-after-ms` (milliseconds, as OpenAI sends it) or
/// `Retry-After` (RFC 9110: delay-seconds, or an IMF-fixdate such as
/// `Sun, 06 Nov 1994 08:49:37 GMT`). Anything else is ignored.
enum RetryAfter {
  static func parse(seconds: String?, milliseconds: String?, nowUnixSeconds: Int64) -> Duration? {
    if let milliseconds, let value = Double(trimmed(milliseconds)), value.isFinite, value >= 0 {
      return .milliseconds(Int64(value.rounded(.up)))
    }
    guard let seconds else { return nil }
    let text = trimmed(seconds)
    if let value = Double(text), value.isFinite {
      return value <= 0 ? .zero : .milliseconds(Int64((value * 1000).rounded(.up)))
    }
    if let date = httpDateUnixSeconds(text) {
      return .seconds(max(0, date - nowUnixSeconds))
    }
    return nil
  }

  /// `Sun, 06 Nov 1994 08:49:37 GMT` as seconds since 1970.
  static func httpDateUnixSeconds(_ text: String) -> Int64? {
    let parts = text.split(separator: " ")
    guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
      let day = Int64(parts[1]), let year = Int64(parts[3]),
      let month = months.firstIndex(of: String(parts[2])).map({ Int64($0) + 1 })
    else { return nil }
    let clock = parts[4].split(separator: ":")
    guard clock.count == 3, let hour = Int64(clock[0]), let minute = Int64(clock[1]),
      let second = Int64(clock[2]), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
      + second
  }

  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func trimmed(_ text: String) -> String {
    String(
      text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
