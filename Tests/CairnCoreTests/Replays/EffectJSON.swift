import CairnCore

// The JSON rendering of an effect for the golden replays' expected files, in the manner of
// `Event.json`: `{"type": <case in snake case>, …fields}`.

extension Effect {
  var goldenJSON: JSONValue {
    switch self {
    case .promptForApproval(let callID):
      return .object([
        ("type", .string("prompt_for_approval")), ("call_id", .string(callID.rawValue)),
      ])
    case .startTool(let callID):
      return .object([("type", .string("start_tool")), ("call_id", .string(callID.rawValue))])
    case .reportDenial(let callID, let decision):
      return .object([
        ("type", .string("report_denial")), ("call_id", .string(callID.rawValue)),
        ("decision", .string(decision.rawValue)),
      ])
    case .abortTurn(let turnID):
      return .object([("type", .string("abort_turn")), ("turn_id", .string(turnID.rawValue))])
    case .stopTools(let callIDs):
      return .object([
        ("type", .string("stop_tools")),
        ("call_ids", .array(callIDs.map { .string($0.rawValue) })),
      ])
    case .reportToolResult(let callID):
      return .object([
        ("type", .string("report_tool_result")), ("call_id", .string(callID.rawValue)),
      ])
    }
  }
}
