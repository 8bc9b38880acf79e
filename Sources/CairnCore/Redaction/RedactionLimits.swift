/// Bounds on how far the redactor looks around a candidate secret. They keep the scan
/// linear in the input size whatever the input holds (docs/REDACTION.md, "Limits").
/// Computed properties, so that they fold to constants.
enum RedactionLimits {
  /// A name longer than this is not taken as the name of an assignment.
  static var nameBytesMax: Int { 128 }
  /// Spaces and tabs allowed between a name and its `=`.
  static var separatorPaddingBytesMax: Int { 16 }
  /// Longest scheme word in an `Authorization` value (`Bearer`, `Basic`, `token`, …).
  static var authorizationSchemeBytesMax: Int { 20 }
  /// Longest label in a PEM line (`RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`, …).
  static var privateKeyLabelBytesMax: Int { 64 }
  /// Line breaks and spaces allowed between an unterminated PEM header and its base64 body.
  static var privateKeyBodyLeadBytesMax: Int { 16 }
  /// Base64 bytes that make an unterminated PEM block a key rather than a mention.
  static var privateKeyBodyBytesMin: Int { 16 }
  /// Longest URL scheme recognized when a value starts with `scheme://`.
  static var urlSchemeBytesMax: Int { 32 }
  /// Shortest value taken as a secret when the name is not a password name.
  static var valueBytesMin: Int { 8 }
  /// Shortest credential after `Bearer` or an `Authorization` scheme.
  static var credentialBytesMin: Int { 8 }
  /// Length from which a credential without digits still counts when it mixes cases.
  static var credentialWithoutDigitsBytesMin: Int { 20 }
}
