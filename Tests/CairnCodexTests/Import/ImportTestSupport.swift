import CairnCodex
import CairnCore
import CairnEngine
import Foundation

/// A Cairn home in a scratch directory, and the state of a session in it.
struct ImportScratch {
  let root: String
  var home: CairnHome { CairnHome(root: root + "/home") }

  func state(_ id: SessionID) throws -> SessionState {
    try SessionResume.load(sessionID: id, directory: home.sessionDirectory(id)).0
  }

  /// Copies `path` into the scratch directory as `name` and returns the copy's path.
  func copy(_ path: String, as name: String) throws -> String {
    let target = root + "/" + name
    try? FileManager.default.removeItem(atPath: target)
    try FileManager.default.copyItem(atPath: path, toPath: target)
    return target
  }

  func write(_ bytes: [UInt8], as name: String) throws -> String {
    let target = root + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: target))
    return target
  }

  func append(_ bytes: [UInt8], to path: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(bytes))
    try handle.close()
  }
}

func withImportScratch<T>(_ body: (ImportScratch) throws -> T) throws -> T {
  try withScratchDirectory { root in try body(ImportScratch(root: root)) }
}

/// The transcript's user and assistant texts and tool calls, in order.
struct TranscriptFacts: Equatable {
  var userTexts: [String] = []
  var assistantTexts: [String] = []
  var calls: [String] = []

  init(_ state: SessionState) {
    for item in state.transcript.window {
      switch item.entry {
      case .user(let text, _): userTexts.append(text)
      case .assistant(_, let text, _): assistantTexts.append(text)
      case .toolCall(let callID, _, _): calls.append(callID.rawValue)
      case .reasoning, .turnFailed, .turnInterrupted: break
      }
    }
  }
}
