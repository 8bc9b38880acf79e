/// How long ago something happened, as Codex's pickers say it: `26s ago`, `2m ago`, `5h ago`,
/// `3d ago`. A time in the future (clock skew) counts as `0s ago`.
public enum RelativeAge {
  public static func text(from then: Int64, to now: Int64) -> String {
    let seconds = max(now - then, 0) / 1_000_000_000
    if seconds < 60 { return "\(seconds)s ago" }
    if seconds < 3600 { return "\(seconds / 60)m ago" }
    if seconds < 86_400 { return "\(seconds / 3600)h ago" }
    return "\(seconds / 86_400)d ago"
  }
}
