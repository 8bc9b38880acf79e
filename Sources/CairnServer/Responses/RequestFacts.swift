/// What script conditions look at in a request body: its `model` and the last items of its
/// `input`. A body that is not JSON, or has no `input`, gives empty facts, which only
/// unconditioned script entries match.
struct RequestFacts: Sendable, Equatable {
  var model: String?
  /// The `input_text` parts of the last `role: user` message, joined.
  var lastUserText: String?
  /// The `type` of the last item of `input`.
  var lastInputType: String?
  /// How many items `input` has.
  var inputCount: Int = 0

  init(model: String? = nil, lastUserText: String? = nil, lastInputType: String? = nil) {
    self.model = model
    self.lastUserText = lastUserText
    self.lastInputType = lastInputType
  }

  init(body: [UInt8]) {
    guard let root = try? ParsedJSON.parse(body) else { return }
    model = root["model"]?.stringValue
    guard let input = root["input"]?.arrayValue else { return }
    inputCount = input.count
    lastInputType = input.last?["type"]?.stringValue
    for item in input.reversed()
    where item["type"]?.stringValue == "message" && item["role"]?.stringValue == "user" {
      let parts = item["content"]?.arrayValue ?? []
      lastUserText = parts.compactMap { part in
        part["type"]?.stringValue == "input_text" ? part["text"]?.stringValue : nil
      }.joined()
      break
    }
  }

  /// Whether `condition` holds for these facts.
  func satisfy(_ condition: ScriptedResponse.Condition) -> Bool {
    if let wanted = condition.lastUserTextContains {
      guard let text = lastUserText, text.contains(wanted) else { return false }
    }
    if let wanted = condition.lastInputType, lastInputType != wanted { return false }
    return true
  }
}
