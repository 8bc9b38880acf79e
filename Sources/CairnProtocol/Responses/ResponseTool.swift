/// One entry of a request's `tools`.
public enum ResponseTool: Sendable, Equatable {
  /// `{"type":"function","name","description","strict","parameters"}`; `parameters` is a
  /// JSON schema.
  case function(name: String, description: String, parameters: RawJSON, strict: Bool)
  /// `{"type":"custom","name","description","format"?}`; `format` is e.g.
  /// `{"type":"grammar","syntax":"lark","definition":…}` for `apply_patch`.
  case custom(name: String, description: String, format: RawJSON?)
  /// Any other tool (`tool_search`, `web_search`, …), embedded verbatim.
  case raw(RawJSON)
}
