/// Suggests the known name a user most likely meant.
public enum NearestName {
  /// The candidate with the smallest edit distance to `name`, when that distance is small
  /// for the name's length (at most a third of it, and at least 2 allowed); a candidate
  /// that `name` is a prefix of wins ties. Nil when nothing is close.
  public static func find(_ name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    var best: (candidate: String, distance: Int, prefix: Bool)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      let prefix = candidate.lowercased().hasPrefix(lowered)
      if let current = best {
        if distance < current.distance
          || (distance == current.distance && prefix && !current.prefix)
        {
          best = (candidate, distance, prefix)
        }
      } else {
        best = (candidate, distance, prefix)
      }
    }
    guard let best else { return nil }
    let allowed = max(2, lowered.count / 3)
    return best.distance <= allowed ? best.candidate : nil
  }

  /// Levenshtein distance over characters (insertions, deletions, substitutions).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
