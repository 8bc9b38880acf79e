/// A session as the resume and fork pickers list it (the lead reads these from the store).
public struct SessionPickerRow: Hashable, Sendable {
  public var id: String
  /// Nanoseconds since the epoch.
  public var updatedAt: Int64
  public var createdAt: Int64
  public var cwd: String
  public var firstMessage: String
  public var title: String?

  public init(
    id: String, updatedAt: Int64, createdAt: Int64, cwd: String, firstMessage: String,
    title: String? = nil
  ) {
    self.id = id
    self.updatedAt = updatedAt
    self.createdAt = createdAt
    self.cwd = cwd
    self.firstMessage = firstMessage
    self.title = title
  }

  /// What the row shows: the title, else the first message with its lines joined without a
  /// separator (as Codex shows `READMEsecond line`).
  public var preview: String {
    if let title, !title.isEmpty { return title }
    return firstMessage.split(separator: "\n", omittingEmptySubsequences: true)
      .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }.joined()
  }
}
