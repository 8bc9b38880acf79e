import CairnCodex
import CairnCore
import Foundation

/// `disk.space`: free space (`statvfs`, the blocks available to an unprivileged user) of the
/// filesystems holding the Cairn home and CODEX_HOME. A home that does not exist yet is
/// measured at its nearest existing ancestor, where it would be created.
public enum DiskSpaceCheck {
  public static let name = "disk.space"
  /// Below this, appends may soon fail: a warning.
  public static let freeBytesMinDefault: UInt64 = 1 << 30

  /// One measured filesystem.
  public struct Measurement: Equatable, Sendable {
    public var label: String
    public var path: String
    /// The existing directory measured (the path or its nearest ancestor).
    public var measuredAt: String
    public var freeBytes: UInt64
    public var totalBytes: UInt64
  }

  public static func run(
    locations: [(label: String, path: String)], freeBytesMin: UInt64 = freeBytesMinDefault
  ) -> DoctorCheck {
    var facts: [DoctorCheck.Fact] = []
    var low: [String] = []
    var unreadable: [String] = []
    var summaries: [String] = []
    for (label, path) in locations {
      guard let measured = measure(label: label, path: path) else {
        unreadable.append("\(label) \(path)")
        facts.append(DoctorCheck.Fact(label, .object([("path", .string(path))])))
        continue
      }
      facts.append(
        DoctorCheck.Fact(
          label,
          .object([
            ("path", .string(path)), ("measured_at", .string(measured.measuredAt)),
            ("free_bytes", .uint(measured.freeBytes)),
            ("total_bytes", .uint(measured.totalBytes)),
          ])))
      let free =
        "\(label.replacingOccurrences(of: "_", with: " ")) \(bytes(measured.freeBytes)) free"
      summaries.append(free)
      if measured.freeBytes < freeBytesMin { low.append("\(free) at \(measured.measuredAt)") }
    }
    facts.append(DoctorCheck.Fact("free_bytes_min", .uint(freeBytesMin)))
    if !low.isEmpty || !unreadable.isEmpty {
      var detail: [String] = []
      if !low.isEmpty { detail.append("low: " + low.joined(separator: "; ")) }
      if !unreadable.isEmpty {
        detail.append("cannot measure " + unreadable.joined(separator: ", "))
      }
      return DoctorCheck(
        name: name, status: .warning, detail: detail.joined(separator: "; "),
        fix: "free at least \(bytes(freeBytesMin)) there (delete old sessions with `cairn "
          + "session delete`, or move the home with --home / $CAIRN_HOME): a full disk stops "
          + "appends",
        facts: facts)
    }
    return DoctorCheck(
      name: name, status: .ok, detail: summaries.joined(separator: ", "), facts: facts)
  }

  /// `statvfs` of `path`, or of its nearest existing ancestor.
  public static func measure(label: String, path: String) -> Measurement? {
    var current = path.isEmpty ? "." : path
    while !FileManager.default.fileExists(atPath: current) {
      let parent = (current as NSString).deletingLastPathComponent
      if parent.isEmpty || parent == current { return nil }
      current = parent
    }
    var info = statvfs()
    guard statvfs(current, &info) == 0 else { return nil }
    let unit = UInt64(info.f_frsize)
    return Measurement(
      label: label, path: path, measuredAt: current,
      freeBytes: UInt64(info.f_bavail) * unit, totalBytes: UInt64(info.f_blocks) * unit)
  }

  /// `1.5 GiB`, `812.0 MiB`, `0 B`.
  public static func bytes(_ count: UInt64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(count) B" }
    return String(format: "%.1f", value) + " " + units[unit]
  }
}
