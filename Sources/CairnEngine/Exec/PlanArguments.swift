import CairnCore
import CairnProtocol

/// The `update_plan` tool's arguments (`{"explanation"?, "plan": [{"step", "status"}]}`)
/// as `exec --json` todo items: `{"text", "completed"}`.
enum PlanArguments {
  static func todoItems(_ arguments: String) -> [JSONValue]? {
    let scanner = JSONScanner(source: JSONMemorySource(arguments), bufferBytes: 4096)
    var items: [JSONValue] = []
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        guard scanner.keyEquals("plan"), try scanner.peekKind() == .array else {
          try scanner.skipValue()
          continue
        }
        try scanner.beginArray()
        while try scanner.nextElement() {
          guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            continue
          }
          var step = ""
          var status = ""
          try scanner.beginObject()
          while try scanner.nextMember() {
            if scanner.keyEquals("step"), try scanner.peekKind() == .string {
              step = try scanner.readString(keepingBytes: 1 << 16).text
            } else if scanner.keyEquals("status"), try scanner.peekKind() == .string {
              status = try scanner.readString(keepingBytes: 64).text
            } else {
              try scanner.skipValue()
            }
          }
          items.append(
            .object([("text", .string(step)), ("completed", .bool(status == "completed"))]))
        }
      }
    } catch {
      return nil
    }
    return items
  }
}
