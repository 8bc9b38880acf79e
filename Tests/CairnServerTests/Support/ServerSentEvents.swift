import Foundation

/// One event of a `text/event-stream` body, as a client parses it.
struct ParsedEvent {
  var name: String?
  var data: String

  /// The data parsed as a JSON object.
  var json: [String: Any] {
    ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]) ?? [:]
  }
}

/// Parses an SSE body the way the spec says: events end at a blank line; `event:` names
/// one, `data:` lines join with newlines; a leading space after the colon is dropped.
func parseServerSentEvents(_ body: [UInt8]) -> [ParsedEvent] {
  var events: [ParsedEvent] = []
  var name: String?
  var data: [String] = []
  let text = String(decoding: body, as: UTF8.self)
  for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
    let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
    if line.isEmpty {
      if name != nil || !data.isEmpty {
        events.append(ParsedEvent(name: name, data: data.joined(separator: "\n")))
      }
      name = nil
      data = []
      continue
    }
    let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    var value = parts.count > 1 ? String(parts[1]) : ""
    if value.hasPrefix(" ") { value.removeFirst() }
    switch parts[0] {
    case "event": name = value
    case "data": data.append(value)
    default: continue
    }
  }
  return events
}
