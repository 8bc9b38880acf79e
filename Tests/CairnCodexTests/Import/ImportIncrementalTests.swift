import CairnCodex
import CairnCore
import CairnEngine
import CairnProtocol
import Foundation
import Testing

/// Re-imports: a rollout Codex appended to imports only the new lines, and ends in the
/// same state as a fresh import of the whole file; a replaced or shortened file is refused.
@Suite struct ImportIncrementalTests {
  /// Files whose split points cover every line kind of three formats.
  static let files: [(String, String)] = [
    ("0.46.0", "d"), ("0.87.0", "b"), ("0.106.0", "e"), ("0.147.0", "d"), ("0.147.0", "c"),
  ]

  static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      out.append(Array(bytes[start...index]))
      start = index + 1
    }
    if start < bytes.count { out.append(Array(bytes[start...])) }
    return out
  }

  @Test(arguments: files)
  func appendingAtEveryLineBoundaryImportsExactlyTheNewEvents(version: String, scenario: String)
    throws
  {
    let bytes = try ReferenceRollouts.bytes(version, scenario)
    let lines = Self.lines(bytes)
    let (freshDigest, freshSeq) = try withImportScratch { scratch in
      let result = try CodexImport.importRollout(
        path: ReferenceRollouts.path(version, scenario), home: scratch.home)
      let state = try scratch.state(result.sessionID)
      return (state.digest, state.lastSeq.rawValue)
    }
    for split in 1..<lines.count {
      try withImportScratch { scratch in
        let path = try scratch.write(Array(lines[..<split].joined()), as: "rollout.jsonl")
        let first = try CodexImport.importRollout(path: path, home: scratch.home)
        let before: UInt64 =
          first.waitingForTurnContext ? 0 : try scratch.state(first.sessionID).lastSeq.rawValue
        #expect(UInt64(first.counts.eventsAppended) == before)
        try scratch.append(Array(lines[split...].joined()), to: path)
        let second = try CodexImport.importRollout(path: path, home: scratch.home)
        let state = try scratch.state(second.sessionID)
        #expect(second.problems.isEmpty, "split at line \(split)")
        #expect(
          UInt64(second.counts.eventsAppended) == freshSeq - before, "split at line \(split)")
        #expect(state.digest == freshDigest, "split at line \(split)")
        #expect(state.lastSeq.rawValue == freshSeq)
      }
    }
  }

  @Test func aTruncatedLastLineWaitsAndIsImportedOnceComplete() throws {
    let bytes = try ReferenceRollouts.bytes("0.147.0", "b")
    let lines = Self.lines(bytes)
    let fresh = try withImportScratch { scratch in
      let result = try CodexImport.importRollout(
        path: ReferenceRollouts.path("0.147.0", "b"), home: scratch.home)
      return try scratch.state(result.sessionID).digest
    }
    try withImportScratch { scratch in
      let cut = lines.count - 3
      let half = lines[cut].prefix(lines[cut].count / 2)
      let path = try scratch.write(Array(lines[..<cut].joined()) + half, as: "rollout.jsonl")
      let first = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(first.truncatedLastLine?.lineNumber == cut + 1)
      #expect(first.problems.isEmpty)
      #expect(first.endOffset == UInt64(lines[..<cut].joined().count))
      // Codex finishes the line: the rest arrives.
      try scratch.append(Array(lines[cut].dropFirst(half.count)), to: path)
      try scratch.append(Array(lines[(cut + 1)...].joined()), to: path)
      let second = try CodexImport.importRollout(path: path, home: scratch.home)
      #expect(second.truncatedLastLine == nil)
      #expect(second.startOffset == first.endOffset)
      #expect(try scratch.state(second.sessionID).digest == fresh)
    }
  }

  @Test func aReplacedFileIsAnErrorNamingIt() throws {
    try withImportScratch { scratch in
      let path = try scratch.copy(ReferenceRollouts.path("0.147.0", "a"), as: "rollout.jsonl")
      let first = try CodexImport.importRollout(path: path, home: scratch.home)
      // The same session id, but line 1 rewritten (another cwd).
      var text = try String(contentsOfFile: path, encoding: .utf8)
      text = text.replacingOccurrences(of: "/home/user/work", with: "/home/user/else")
      _ = try scratch.write(Array(text.utf8), as: "rollout.jsonl")
      let seq = try scratch.state(first.sessionID).lastSeq
      #expect(throws: CodexImportError.replaced(path: path, sessionID: first.sessionID.rawValue)) {
        try CodexImport.importRollout(path: path, home: scratch.home)
      }
      #expect(try scratch.state(first.sessionID).lastSeq == seq)
    }
  }

  @Test func aShorterFileIsAnErrorNamingIt() throws {
    try withImportScratch { scratch in
      let bytes = try ReferenceRollouts.bytes("0.147.0", "d")
      let path = try scratch.write(bytes, as: "rollout.jsonl")
      let first = try CodexImport.importRollout(path: path, home: scratch.home)
      let lines = Self.lines(bytes)
      let shorter = Array(lines.dropLast(2).joined())
      _ = try scratch.write(shorter, as: "rollout.jsonl")
      #expect(
        throws: CodexImportError.shrunk(
          path: path, sessionID: first.sessionID.rawValue, bytes: UInt64(shorter.count),
          imported: UInt64(bytes.count))
      ) {
        try CodexImport.importRollout(path: path, home: scratch.home)
      }
      let message = CodexImportError.shrunk(
        path: path, sessionID: "x", bytes: 1, imported: 2
      ).description
      #expect(message.hasPrefix(path + ": "))
    }
  }

  @Test func theImportStateIsPrivateAndReadable() throws {
    try withImportScratch { scratch in
      let result = try CodexImport.importRollout(
        path: ReferenceRollouts.path("0.125.0", "b"), home: scratch.home)
      let statePath =
        scratch.home.sessionDirectory(result.sessionID) + "/" + CodexImportState.fileName
      let attributes = try FileManager.default.attributesOfItem(atPath: statePath)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
      let text = try String(contentsOfFile: statePath, encoding: .utf8)
      #expect(text.contains("\"offset\":\(result.endOffset)"))
    }
  }

  @Test func aSessionWithoutImportStateOrWithLaterEventsIsNotContinued() throws {
    try withImportScratch { scratch in
      let path = ReferenceRollouts.path("0.106.0", "a")
      let first = try CodexImport.importRollout(path: path, home: scratch.home)
      let id = first.sessionID
      // Something else wrote to the session after the import.
      let engine = try SessionEngine.open(home: scratch.home, sessionID: id, clock: { 1 })
      try engine.send(.renameSession(SessionRenamed(title: "renamed in cairn")))
      try engine.close()
      let seq = try scratch.state(id).lastSeq.rawValue
      #expect(
        throws: CodexImportError.logMovedOn(
          path: path, sessionID: id.rawValue, lastSeq: seq, imported: seq - 1)
      ) {
        try CodexImport.importRollout(path: path, home: scratch.home)
      }
      // Without its state (an import interrupted before writing it), it is refused too.
      try FileManager.default.removeItem(
        atPath: scratch.home.sessionDirectory(id) + "/" + CodexImportState.fileName)
      #expect(throws: CodexImportError.notImported(path: path, sessionID: id.rawValue)) {
        try CodexImport.importRollout(path: path, home: scratch.home)
      }
      #expect(try scratch.state(id).lastSeq.rawValue == seq)
    }
  }
}
