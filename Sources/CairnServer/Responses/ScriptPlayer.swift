/// Chooses which script entry answers each request: the first entry, in script order, that
/// still has a use left and whose condition holds. A pure state machine; the server keeps
/// one behind a lock.
struct ScriptPlayer: Sendable {
  let script: ResponsesScript
  /// How many requests each entry has answered.
  private(set) var uses: [Int]
  /// How many requests have been chosen for, 1-based after the first.
  private(set) var requestCount = 0

  init(script: ResponsesScript) {
    self.script = script
    uses = Array(repeating: 0, count: script.responses.count)
  }

  /// What the next request gets.
  enum Choice: Equatable {
    /// The script entry at this index.
    case entry(Int)
    /// No entry is left that matches.
    case unmatched
  }

  /// Chooses for the next request and counts the use.
  mutating func choose(for facts: RequestFacts) -> (request: Int, choice: Choice) {
    requestCount += 1
    for (index, entry) in script.responses.enumerated()
    where (entry.repeats || uses[index] == 0) && facts.satisfy(entry.condition) {
      uses[index] += 1
      return (requestCount, .entry(index))
    }
    return (requestCount, .unmatched)
  }
}
