/// A model provider's API key. It never prints: `description`, `debugDescription`, string
/// interpolation, `dump` and `Mirror` all show `<redacted>`; the secret leaves only through
/// `bearerValue`, for the `authorization` header.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  private let secret: String

  public init(_ secret: String) { self.secret = secret }

  /// `Bearer <key>`, the `authorization` header's value.
  public var bearerValue: String { "Bearer " + secret }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "APIKey(<redacted>)" }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
