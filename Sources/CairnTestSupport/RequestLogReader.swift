import CairnServer
import Foundation

/// Reads the request log that `cairn test-server responses --requests-log` writes.
public enum RequestLogReader {
  public static func read(path: String) throws -> [RecordedRequest] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var requests: [RecordedRequest] = []
    for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
      guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
        let number = object["request"] as? Int, let method = object["method"] as? String,
        let target = object["path"] as? String, let status = object["status"] as? Int,
        let pairs = object["headers"] as? [[String]]
      else {
        throw HarnessFailure("\(path):\(index + 1): not a request log line")
      }
      var body: [UInt8] = []
      if let text = object["body"] as? String {
        body = Array(text.utf8)
      } else if let encoded = object["body_base64"] as? String,
        let decoded = Data(base64Encoded: encoded)
      {
        body = Array(decoded)
      }
      requests.append(
        RecordedRequest(
          number: number, method: method, path: target,
          headers: pairs.map { RecordedRequest.Header(name: $0[0], value: $0[1]) }, body: body,
          status: status, scriptEntry: object["script_entry"] as? Int))
    }
    return requests
  }
}

extension RecordedRequest {
  /// The body parsed as a JSON object (nil when it is not one).
  public var jsonBody: [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
  }

  /// The `input` items of a Responses request body.
  public var inputItems: [[String: Any]] { jsonBody?["input"] as? [[String: Any]] ?? [] }
}
