import CairnCore
import CairnEngine
import Foundation

/// `-i/--image FILE…`: the images to attach to the prompt, read once at the start.
enum ExecImages {
  /// The largest image Cairn sends (the Responses API's own limit is 20 MB per image).
  static let bytesMax = 20 << 20

  static func read(_ paths: [String]) throws -> (references: [ImageReference], bytes: [[UInt8]]) {
    var references: [ImageReference] = []
    var contents: [[UInt8]] = []
    for path in paths {
      guard let mediaType = PromptImages.mediaType(ofPath: path) else {
        throw ExecFailure("-i \(path): not an image Cairn can send (png, jpeg, gif or webp)")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ExecFailure("-i \(path): cannot read the file")
      }
      guard data.count <= bytesMax else {
        throw ExecFailure("-i \(path): \(data.count) bytes; images are limited to 20 MiB")
      }
      references.append(ImageReference(path: path, mimeType: mediaType))
      contents.append([UInt8](data))
    }
    return (references, contents)
  }
}
