import CairnCodex
import Foundation

/// What a rollout says, read independently of the importer with Foundation's JSON parser:
/// the facts an import's projections must match.
struct RolloutFacts {
  var sessionID = ""
  var userTexts: [String] = []
  var assistantTexts: [String] = []
  /// Calls in order: call id and tool name.
  var calls: [(callID: String, name: String)] = []
  /// Exit codes of the outputs, by call id.
  var exitCodes: [String: Int32] = [:]
  /// The last cumulative input and output tokens.
  var finalInputTokens = 0
  var finalOutputTokens = 0

  init(path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let payload = object["payload"] as? [String: Any]
      else { continue }
      let type = object["type"] as? String
      let kind = payload["type"] as? String
      switch (type, kind) {
      case ("session_meta", _):
        sessionID = payload["id"] as? String ?? ""
      case ("event_msg", "user_message"):
        userTexts.append(payload["message"] as? String ?? "")
      case ("event_msg", "token_count"):
        if let info = payload["info"] as? [String: Any],
          let total = info["total_token_usage"] as? [String: Any]
        {
          finalInputTokens = total["input_tokens"] as? Int ?? 0
          finalOutputTokens = total["output_tokens"] as? Int ?? 0
        }
      case ("response_item", "message") where payload["role"] as? String == "assistant":
        let parts = payload["content"] as? [[String: Any]] ?? []
        assistantTexts.append(parts.compactMap { $0["text"] as? String }.joined())
      case ("response_item", "function_call"), ("response_item", "custom_tool_call"):
        calls.append((payload["call_id"] as? String ?? "", payload["name"] as? String ?? ""))
      case ("response_item", "function_call_output"), ("response_item", "custom_tool_call_output"):
        let output = payload["output"] as? String ?? ""
        exitCodes[payload["call_id"] as? String ?? ""] = Self.exitCode(output)
      default: break
      }
    }
  }

  /// The exit code an output states, read with Foundation (JSON metadata or a header line).
  static func exitCode(_ output: String) -> Int32? {
    if output.hasPrefix("{"),
      let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
      let metadata = object["metadata"] as? [String: Any], let code = metadata["exit_code"] as? Int
    {
      return Int32(code)
    }
    for line in output.split(separator: "\n") {
      for prefix in ["Exit code: ", "Process exited with code "] where line.hasPrefix(prefix) {
        return Int32(line.dropFirst(prefix.count))
      }
    }
    return nil
  }
}
