import CairnCore
import CairnLogFormat
import CairnProtocol
import CairnStore

/// Images attached to a prompt (`exec -i`). Their bytes are kept with the session, in its
/// artifact store (kind `image<N>`, at the sequence number of the prompt's
/// `user_message_added`), so a resumed or replayed session sends the same images even if
/// the files changed. The history refers to them with a placeholder URL that the runner
/// turns into a `data:` URL when it builds a request.
public enum PromptImages {
  /// The placeholder's scheme: `cairn-image:<seq>:<index>:<media type>`.
  static let scheme = "cairn-image:"

  /// The media type of an image file, from its name; nil for a kind the API does not take.
  public static func mediaType(ofPath path: String) -> String? {
    let lower = path.lowercased()
    if lower.hasSuffix(".png") { return "image/png" }
    if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return "image/jpeg" }
    if lower.hasSuffix(".gif") { return "image/gif" }
    if lower.hasSuffix(".webp") { return "image/webp" }
    return nil
  }

  /// Stores the images of the prompt whose `user_message_added` will get `seq`.
  public static func store(_ images: [[UInt8]], seq: Seq, logDirectory: String) throws {
    let store = ArtifactStore(logDirectory: logDirectory)
    for (index, bytes) in images.enumerated() {
      try store.put(kind: "image\(index + 1)", seq: seq, bytes: bytes)
    }
  }

  /// The content parts of a prompt with images, as Codex sends them: per image an
  /// `<image name=[Image #N] path="…">` text, the image, `</image>`; then the text.
  static func contentParts(text: String, images: [ImageReference], seq: Seq)
    -> [ResponseContentPart]
  {
    var parts: [ResponseContentPart] = []
    for (index, image) in images.enumerated() {
      let quotedPath = image.path.replacingAll("\"", with: "\\\"")
      parts.append(.inputText("<image name=[Image #\(index + 1)] path=\"\(quotedPath)\">"))
      parts.append(
        .inputImage(
          imageURL: "\(scheme)\(seq.rawValue):\(index + 1):\(image.mimeType)", detail: "high"))
      parts.append(.inputText("</image>"))
    }
    parts.append(.inputText(text))
    return parts
  }

  /// The input with every placeholder replaced by the stored image as a `data:` URL; a
  /// missing image becomes a text saying so.
  static func resolved(_ input: [ResponseInputItem], logDirectory: String) -> [ResponseInputItem] {
    input.map { item in
      guard case .message(var message) = item,
        message.content.contains(where: { part in
          if case .inputImage(let url, _) = part { return url.hasPrefix(scheme) }
          return false
        })
      else { return item }
      message.content = message.content.map { part in
        guard case .inputImage(let url, let detail) = part, url.hasPrefix(scheme) else {
          return part
        }
        let fields = url.dropFirst(scheme.count).split(separator: ":", maxSplits: 2)
        guard fields.count == 3, let seq = UInt64(fields[0]), let index = Int(fields[1]),
          let artifact = ArtifactStore(logDirectory: logDirectory).read(
            fileName: "image\(index)-" + String(repeating: "0", count: 20 - String(seq).count)
              + String(seq) + ".artifact")
        else { return .inputText("[image not available: it is missing from the session]") }
        return .inputImage(
          imageURL: "data:\(fields[2]);base64," + Base64.encode(artifact.bytes), detail: detail)
      }
      return .message(message)
    }
  }
}

extension String {
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
