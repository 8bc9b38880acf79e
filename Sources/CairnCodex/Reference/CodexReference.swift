import Foundation

/// A Codex reference: the help pages of every command path, the version line and the
/// `features list` output, as captured by `cairn reference capture` (or the copy embedded
/// in Cairn, see `EmbeddedCodexReference`).
public struct CodexReference: Sendable {
  /// Every file by name, as read.
  public var files: [String: String]
  /// The parsed help pages by path.
  public var pages: [CodexCommandPath: CodexHelpPage]

  public init(files: [String: String]) {
    self.files = files
    var pages: [CodexCommandPath: CodexHelpPage] = [:]
    for (name, text) in files {
      guard let path = CodexReferenceLayout.path(forHelpFile: name) else { continue }
      pages[path] = CodexHelpParser.parse(text, path: path)
    }
    self.pages = pages
  }

  /// The reference embedded in Cairn, generated from Codex 0.147's help texts.
  public static var embedded: CodexReference {
    CodexReference(files: Dictionary(uniqueKeysWithValues: EmbeddedCodexReference.files))
  }

  /// Reads the `.txt` files of a directory.
  public static func load(directory: String) throws -> CodexReference {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw CodexReferenceError.notADirectory(directory)
    }
    var files: [String: String] = [:]
    for name in try manager.contentsOfDirectory(atPath: directory) where name.hasSuffix(".txt") {
      let filePath = (directory as NSString).appendingPathComponent(name)
      guard let data = manager.contents(atPath: filePath) else {
        throw CodexReferenceError.unreadable(filePath)
      }
      files[name] = String(decoding: data, as: UTF8.self)
    }
    guard files[CodexReferenceLayout.helpFileName(for: .root)] != nil else {
      throw CodexReferenceError.missingRootPage(directory)
    }
    return CodexReference(files: files)
  }

  /// Every command path, the root first, parents before children.
  public var paths: [CodexCommandPath] { pages.keys.sorted() }

  /// The version line (`codex-cli 0.147.0`), if captured.
  public var version: String? {
    files[CodexReferenceLayout.versionFile].map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Paths no page lists (Codex's hidden commands), and their subcommands.
  public var hiddenPaths: [CodexCommandPath] {
    var hidden: [CodexCommandPath] = []
    var hiddenSet: Set<CodexCommandPath> = []
    for path in paths {
      guard let last = path.components.last else { continue }
      let parent = CodexCommandPath(Array(path.components.dropLast()))
      let listed = pages[parent]?.subcommands.contains(last) ?? false
      if !listed || hiddenSet.contains(parent) {
        hidden.append(path)
        hiddenSet.insert(path)
      }
    }
    return hidden
  }
}

/// A reference directory that cannot be used, with what to do about it.
public enum CodexReferenceError: Error, CustomStringConvertible, Sendable {
  case notADirectory(String)
  case unreadable(String)
  case missingRootPage(String)

  public var description: String {
    switch self {
    case .notADirectory(let path):
      return "\(path): not a directory (expected a reference written by `cairn reference capture`)"
    case .unreadable(let path): return "\(path): cannot be read"
    case .missingRootPage(let path):
      return "\(path): has no codex.txt, so it is not a captured Codex reference"
    }
  }
}
