import CairnCore

/// One request the server received, as the request log records it (one JSON line each; the
/// format is in docs/RESPONSES_SERVER.md).
public struct RecordedRequest: Sendable, Equatable {
  /// 1-based, in arrival order over the server's life.
  public var number: Int
  public var method: String
  /// The request target as sent, query included.
  public var path: String
  /// Header names lower-cased, in arrival order, secrets redacted (see `redacted(_:_:)`).
  public var headers: [Header]
  public var body: [UInt8]
  /// The status the server answered with.
  public var status: Int
  /// The script entry that answered (index into `responses`), if any.
  public var scriptEntry: Int?

  public struct Header: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(
    number: Int, method: String, path: String, headers: [Header], body: [UInt8], status: Int,
    scriptEntry: Int?
  ) {
    self.number = number
    self.method = method
    self.path = path
    self.headers = headers
    self.body = body
    self.status = status
    self.scriptEntry = scriptEntry
  }

  /// The value of the first header named `name` (any case).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name == wanted }?.value
  }

  /// What the log keeps of a header value: credentials are replaced, keeping only an
  /// authorization scheme (`Bearer [REDACTED]`), so no key ever reaches the file.
  public static func redacted(_ name: String, _ value: String) -> String {
    let lower = name.lowercased()
    let secretNames = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
    let secretParts = ["api-key", "apikey", "api_key", "token", "secret", "password"]
    guard secretNames.contains(lower) || secretParts.contains(where: { lower.contains($0) })
    else { return value }
    if lower.hasSuffix("authorization"), let space = value.firstIndex(of: " ") {
      return "\(value[..<space]) [REDACTED]"
    }
    return "[REDACTED]"
  }

  /// The request as one compact JSON object (no newline): the body is `body` when it is
  /// UTF-8, else `body_base64`.
  public var logLine: JSONValue {
    var members: [(String, JSONValue)] = [
      ("request", .int(Int64(number))), ("method", .string(method)), ("path", .string(path)),
      ("status", .int(Int64(status))),
      ("script_entry", scriptEntry.map { .int(Int64($0)) } ?? .null),
      ("headers", .array(headers.map { .array([.string($0.name), .string($0.value)]) })),
    ]
    if let text = String(validating: body, as: UTF8.self) {
      members.append(("body", .string(text)))
    } else {
      let encoded = body.withUnsafeBytes { Base64.encode($0) }
      members.append(("body_base64", .string(encoded)))
    }
    return .object(members)
  }
}
