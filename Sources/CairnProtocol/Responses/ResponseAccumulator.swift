/// Folds the events of one streamed response into its final output items, keeping what
/// arrived of unfinished items so that a failed or cut stream loses nothing
/// (docs/RESPONSES_API.md, "The accumulator").
///
/// - An item is complete once its `output_item.done` arrives. Where the done item lacks
///   text the deltas carried (an empty message text, function arguments, custom tool
///   input or reasoning summary), the streamed text fills it in.
/// - Deltas and `*.done` events of items not yet done build `partialText` (by item id).
/// - `response.completed` sets `usage` and the outcome; `response.failed` and `error`
///   make it `.failed`, `response.incomplete` `.incomplete`. Events after the outcome is
///   decided still fold, but never change it.
///
/// ```swift
/// var accumulator = ResponseAccumulator()
/// for event in events { accumulator.apply(event) }
/// if case .completed = accumulator.outcome { use(accumulator.completedItems) }
/// ```
public struct ResponseAccumulator: Sendable {
  public private(set) var responseID: String?
  public private(set) var usage: ResponseUsage?
  public private(set) var outcome: ResponseStreamOutcome = .streaming
  /// How many events were applied.
  public private(set) var eventCount = 0

  /// Done items by output index.
  private var done: [Int: ResponseOutputItem] = [:]
  /// Items not yet done, by item id.
  private var open: [String: OpenItem] = [:]
  /// The order items were first seen in, for a stable `partialItems`.
  private var openOrder: [String] = []

  public init() {}

  /// The items that got `output_item.done`, in `output_index` order.
  public var completedItems: [ResponseOutputItem] {
    done.sorted { $0.key < $1.key }.map(\.value)
  }

  /// Item id → the text streamed so far, for items not done: a message's text, a
  /// function call's arguments, a custom tool call's input, a reasoning item's summary
  /// parts joined with a blank line. Items with nothing streamed are absent.
  public var partialText: [String: String] {
    var texts: [String: String] = [:]
    for (id, item) in open {
      let text = item.text
      if !text.isEmpty { texts[id] = text }
    }
    return texts
  }

  /// The items not yet done, in `output_index` order (then first seen), with what
  /// arrived of them; what a runtime keeps of a failed stream.
  public var partialItems: [ResponseOutputItem] {
    openOrder.compactMap { open[$0] }.sorted { $0.outputIndex < $1.outputIndex }.map(\.item)
  }

  public mutating func apply(_ event: ResponseStreamEvent) {
    eventCount += 1
    switch event {
    case .created(let id):
      responseID = id
    case .outputItemAdded(let index, let item):
      guard let id = item.id, done[index] == nil else { return }
      update(id, index) { $0.started = item }
    case .outputItemDone(let index, let item):
      var final = item
      if let id = item.id, let streamed = open.removeValue(forKey: id) {
        final = streamed.filling(item)
        openOrder.removeAll { $0 == id }
      }
      done[index] = final
    case .outputTextDelta(let id, let index, let part, let delta):
      update(id, index) { $0.appendPart(part, delta) }
    case .outputTextDone(let id, let index, let part, let text):
      update(id, index) { $0.setPart(part, text) }
    case .reasoningSummaryTextDelta(let id, let part, let delta):
      update(id, nil) { $0.appendPart(part, delta) }
    case .reasoningSummaryTextDone(let id, let part, let text):
      update(id, nil) { $0.setPart(part, text) }
    case .functionCallArgumentsDelta(let id, let index, let delta),
      .customToolCallInputDelta(let id, let index, let delta):
      update(id, index) { $0.appendPart(0, delta) }
    case .functionCallArgumentsDone(let id, let index, let text),
      .customToolCallInputDone(let id, let index, let text):
      update(id, index) { $0.setPart(0, text) }
    case .completed(let id, let usage):
      responseID = id
      if usage != nil { self.usage = usage }
      decide(.completed)
    case .failed(let id, let error):
      if let id { responseID = id }
      decide(.failed(error))
    case .incomplete(let id, let reason):
      if let id { responseID = id }
      decide(.incomplete(reason))
    case .error(let error):
      decide(.failed(error))
    case .other:
      break
    }
  }

  private mutating func decide(_ outcome: ResponseStreamOutcome) {
    if self.outcome == .streaming { self.outcome = outcome }
  }

  /// Applies `change` to the open item `id`, creating it on first sight.
  private mutating func update(_ id: String, _ index: Int?, _ change: (inout OpenItem) -> Void) {
    if open[id] == nil {
      open[id] = OpenItem(id: id, outputIndex: index ?? Int.max)
      openOrder.append(id)
    }
    change(&open[id]!)
    if let index, open[id]!.outputIndex == Int.max { open[id]!.outputIndex = index }
  }
}

/// How far a streamed response got.
public enum ResponseStreamOutcome: Sendable, Equatable {
  /// No `response.completed`, `response.failed`, `response.incomplete` or `error` yet; at
  /// the end of the body this means the stream was cut.
  case streaming
  case completed
  case failed(ResponseErrorInfo)
  /// With `incomplete_details.reason`.
  case incomplete(String?)
}

/// What arrived of an item that is not done.
struct OpenItem: Sendable {
  let id: String
  var outputIndex: Int
  /// From `output_item.added`, when it came.
  var started: ResponseOutputItem?
  /// The streamed text by content (or summary) index.
  var parts: [String] = []

  init(id: String, outputIndex: Int) {
    self.id = id
    self.outputIndex = outputIndex
  }

  mutating func appendPart(_ index: Int, _ delta: String) {
    guard reserve(index) else { return }
    parts[index] += delta
  }

  mutating func setPart(_ index: Int, _ text: String) {
    guard reserve(index) else { return }
    parts[index] = text
  }

  /// Makes `parts[index]` exist; refuses absurd indexes (a hostile stream must not make
  /// the accumulator allocate billions of empty strings).
  private mutating func reserve(_ index: Int) -> Bool {
    guard index >= 0, index < 4096 else { return false }
    while parts.count <= index { parts.append("") }
    return true
  }

  var isReasoning: Bool {
    if case .reasoning = started { return true }
    return false
  }

  var text: String {
    isReasoning ? parts.filter { !$0.isEmpty }.joined(separator: "\n\n") : parts.joined()
  }

  /// The item as far as it arrived.
  var item: ResponseOutputItem {
    switch started {
    case .message(_, let role, _): return .message(id: id, role: role, text: parts.joined())
    case .reasoning(_, _, let encrypted):
      return .reasoning(id: id, summary: parts, encryptedContent: encrypted)
    case .functionCall(_, let callID, let name, _):
      return .functionCall(id: id, callID: callID, name: name, arguments: parts.joined())
    case .customToolCall(_, let callID, let name, _):
      return .customToolCall(id: id, callID: callID, name: name, input: parts.joined())
    case .other(let type, _): return .other(type: type, id: id)
    case nil: return .message(id: id, role: "assistant", text: parts.joined())
    }
  }

  /// The done item, with the streamed text where the done item has none.
  func filling(_ item: ResponseOutputItem) -> ResponseOutputItem {
    switch item {
    case .message(let id, let role, let text) where text.isEmpty:
      return .message(id: id, role: role, text: parts.joined())
    case .reasoning(let id, let summary, let encrypted) where summary.isEmpty:
      return .reasoning(id: id, summary: parts, encryptedContent: encrypted)
    case .functionCall(let id, let callID, let name, let arguments) where arguments.isEmpty:
      return .functionCall(id: id, callID: callID, name: name, arguments: parts.joined())
    case .customToolCall(let id, let callID, let name, let input) where input.isEmpty:
      return .customToolCall(id: id, callID: callID, name: name, input: parts.joined())
    default:
      return item
    }
  }
}
