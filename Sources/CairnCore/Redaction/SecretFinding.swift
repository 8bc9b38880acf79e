/// One secret that ``SecretRedactor`` found in its input.
///
/// `range` holds byte offsets into the original input and covers only the secret itself:
/// the value of an assignment, the password of a URL, the credential after `Bearer`.
///
/// ```swift
/// let (_, findings) = SecretRedactor().redact("PASSWORD=hunter22")
/// // findings == [SecretFinding(kind: .secretAssignment, range: 9..<17)]
/// ```
public struct SecretFinding: Equatable, Sendable {
  /// What the secret is.
  public var kind: SecretKind
  /// Byte offsets of the secret in the original input.
  public var range: Range<Int>

  /// A finding of `kind` at byte offsets `range` of the original input.
  public init(kind: SecretKind, range: Range<Int>) {
    self.kind = kind
    self.range = range
  }
}
