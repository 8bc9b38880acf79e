import CairnTestSupport
import Foundation
import Testing

/// The schema session's turn operations: a user shell command, a compaction, an inline
/// review and a rollback, each on the session's thread, so their answers, items and
/// notifications reach the validator.
extension AppServerSchemaTests.Recorder {
  /// Runs the turn operations on `threadID` with request ids from `first` (five ids).
  func turnOperations(_ threadID: String, first: Int) throws {
    try result(first, "thread/shellCommand", ["threadId": threadID, "command": "echo shell-42"])
    _ = try turn(after: first, completing: "commandExecution")
    try result(first + 1, "thread/compact/start", ["threadId": threadID])
    _ = try turn(after: first + 1, completing: "contextCompaction")
    let review = try result(
      first + 2, "review/start",
      [
        "threadId": threadID, "target": ["type": "uncommittedChanges"], "delivery": "inline",
      ])
    #expect(review["reviewThreadId"] as? String == threadID)
    let reviewed = try turn(after: first + 2, completing: "exitedReviewMode")
    #expect(items(after: first + 2, through: reviewed).contains("enteredReviewMode"))
    // The thread's history now holds every kind of item, for thread/read's validation.
    try result(first + 3, "thread/read", ["threadId": threadID, "includeTurns": true])
    let rolled = try result(first + 4, "thread/rollback", ["threadId": threadID, "numTurns": 1])
    #expect(rolled["thread"] != nil)
  }

  /// The `turn/completed` after the answer to request `id` and an `item/completed` of
  /// type `itemType` (another turn may still have been running when the request came).
  private func turn(after id: Int, completing itemType: String) throws -> Int {
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], id) }!
    let item = try client.waitFor(from: answer, "an item/completed of type \(itemType)") {
      message in
      message["method"] as? String == "item/completed"
        && ((message["params"] as? [String: Any])?["item"] as? [String: Any])?["type"]
          as? String == itemType
    }
    return try client.notification("turn/completed", from: item)
  }

  /// The item types of the item notifications from the answer to `id` through `end`.
  private func items(after id: Int, through end: Int) -> Set<String> {
    let answer = client.received.firstIndex { AppServerTestClient.sameID($0["id"], id) }!
    var types: Set<String> = []
    for message in client.received[answer...end] {
      guard (message["method"] as? String)?.hasPrefix("item/") == true,
        let item = (message["params"] as? [String: Any])?["item"] as? [String: Any],
        let type = item["type"] as? String
      else { continue }
      types.insert(type)
    }
    return types
  }
}
