import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn archive|unarchive|delete SESSION` on native and Codex sessions, with Codex
/// 0.147's messages and exit statuses (CODEX_OBSERVED.md §2, docs/CODEX_COMPAT.md).
struct SessionManagement {
  let options: MixedSessionOptions

  func archive(_ query: String) throws {
    var mixed = try MixedSessions.load(options)
    let target = try mixed.resolve(query, scope: "active ", where: { !$0.isArchived })
    switch target.kind {
    case .native:
      try send(.archiveSession, to: target, mixed)
    case .codex:
      try moveCodex(target, &mixed, archive: true)
    }
    confirm("Archived", target)
  }

  func unarchive(_ query: String) throws {
    var mixed = try MixedSessions.load(options)
    let target = try mixed.resolve(query, scope: "archived ", where: \.isArchived)
    switch target.kind {
    case .native:
      try send(.unarchiveSession, to: target, mixed)
    case .codex:
      try moveCodex(target, &mixed, archive: false)
    }
    confirm("Unarchived", target)
  }

  func delete(_ query: String, force: Bool) throws {
    if force && !SessionResolver.isUUID(query) {
      throw failure("--force requires a session UUID; names must be confirmed interactively")
    }
    if !force && isatty(0) != 1 {
      throw failure(
        "cannot confirm session deletion without an interactive terminal; rerun with --force "
          + "and a session UUID")
    }
    var mixed = try MixedSessions.load(options)
    let target = try mixed.resolve(query, scope: "active or archived ", where: { _ in true })
    if !force {
      StandardError.write(
        "Delete session \(label(target))? This cannot be undone. [y/N] ")
      guard (readLine() ?? "").lowercased().hasPrefix("y") else {
        StandardError.write("cairn: not deleted\n")
        throw ExitCode(1)
      }
    }
    switch target.kind {
    case .native:
      try reportingSessionFailures {
        _ = try SessionFork.delete(home: mixed.cairnHome, SessionID(target.id), force: force)
      }
    case .codex:
      guard let entry = mixed.codexEntry(target) else { throw failure("\(target.path) is gone") }
      do {
        try CodexSessionActions.delete(entry, codexHome: mixed.codexHome)
      } catch {
        throw failure("failed to delete session: \(error)")
      }
      mixed.index.recordRemoval(path: entry.path)
      mixed.saveIndex()
    }
    confirm("Deleted", target)
  }

  private func send(_ command: Command, to target: ListedSession, _ mixed: MixedSessions) throws {
    try reportingSessionFailures {
      let engine = try SessionEngine.open(
        home: mixed.cairnHome, sessionID: SessionID(target.id), clock: wallClockNanoseconds)
      try engine.send(command)
      try engine.close()
    }
  }

  private func moveCodex(_ target: ListedSession, _ mixed: inout MixedSessions, archive: Bool)
    throws
  {
    guard let entry = mixed.codexEntry(target) else { throw failure("\(target.path) is gone") }
    let destination: String
    do {
      destination =
        archive
        ? try CodexSessionActions.archive(entry, codexHome: mixed.codexHome)
        : try CodexSessionActions.unarchive(entry, codexHome: mixed.codexHome)
    } catch {
      throw failure("failed to \(archive ? "archive" : "unarchive") session: \(error)")
    }
    mixed.index.recordMove(from: entry.path, to: destination, archived: archive)
    mixed.saveIndex()
  }

  /// Codex's confirmation: `Archived session NAME (ID).`, or `… session ID.` without a name.
  private func confirm(_ verb: String, _ target: ListedSession) {
    if options.home.json {
      print(
        JSONValue.object([
          ("id", .string(target.id)), ("kind", .string(target.kind.rawValue)),
          ("name", target.name.isEmpty ? .null : .string(target.name)),
          ("action", .string(verb.lowercased())),
        ]).text)
    } else {
      print("\(verb) session \(label(target)).")
    }
  }

  private func label(_ target: ListedSession) -> String {
    target.name.isEmpty ? target.id : "\(target.name) (\(target.id))"
  }

  private func failure(_ message: String) -> ExitCode {
    StandardError.write("cairn: \(message)\n")
    return ExitCode(1)
  }
}
