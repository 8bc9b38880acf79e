/// The ISO 8601 UTC timestamps of rollout lines (`2026-11-25T19:25:12.460Z`), as
/// milliseconds since the Unix epoch. Pure arithmetic, no calendar library: the proleptic
/// Gregorian calendar, as Codex writes it.
public enum RolloutTimestamp {
  /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
  public static func milliseconds(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes[4] == 0x2D, bytes[7] == 0x2D,
      bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
      bytes[13] == 0x3A, bytes[16] == 0x3A
    else { return nil }
    func number(_ start: Int, _ count: Int) -> Int64? {
      var value: Int64 = 0
      for index in start..<(start + count) {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value * 10 + Int64(digit)
      }
      return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
      let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var index = 19
    var millis: Int64 = 0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      var digits = 0
      while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
        if digits < 3 { millis = millis * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      if digits < 3 { for _ in digits..<3 { millis *= 10 } }
    }
    guard index < bytes.count else { return nil }
    var offsetMinutes: Int64 = 0
    if bytes[index] == UInt8(ascii: "Z") {
      index += 1
    } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      guard index + 6 == bytes.count, bytes[index + 3] == 0x3A,
        let hours = number(index + 1, 2), let minutes = number(index + 4, 2)
      else { return nil }
      offsetMinutes = (hours * 60 + minutes) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
      index += 6
    } else {
      return nil
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
    return seconds * 1000 + millis
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

extension RolloutTimestamp {
  /// Formats milliseconds since the epoch the way Codex writes them:
  /// `2026-11-25T19:25:12.460Z`.
  /// Written into a fixed byte layout (no padding strings, no gmtime): a listing formats
  /// two per session.
  public static func text(milliseconds: Int64) -> String {
    let millis = ((milliseconds % 1000) + 1000) % 1000
    let seconds = (milliseconds - millis) / 1000
    let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
    let days = (seconds - secondOfDay) / 86_400
    let (year, month, day) = civilFromDays(days)
    var bytes = Array("0000-00-00T00:00:00.000Z".utf8)
    func put(_ value: Int64, _ at: Int, _ width: Int) {
      var rest = value
      for index in stride(from: at + width - 1, through: at, by: -1) {
        bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      }
    }
    put(max(0, min(year, 9999)), 0, 4)
    put(month, 5, 2)
    put(day, 8, 2)
    put(secondOfDay / 3600, 11, 2)
    put(secondOfDay / 60 % 60, 14, 2)
    put(secondOfDay % 60, 17, 2)
    put(millis, 20, 3)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The proleptic Gregorian date of a day number (days since 1970-01-01).
  static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }
}
