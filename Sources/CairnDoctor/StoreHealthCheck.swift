import CairnCodex
import CairnCore
import CairnEngine
import CairnStore
import Foundation

/// `store.health`: runs the log verifier (`cairn log verify`) over every session directory
/// of the Cairn home — every block's checksum, the chain, the index and the footers — and
/// reports each damaged session with its segment, offset and defect. Read-only.
public enum StoreHealthCheck {
  public static let name = "store.health"

  /// A session whose log is not clean.
  public struct Damage: Equatable, Sendable {
    public enum Kind: String, Sendable {
      /// Invalid data followed by valid data, or a broken chain.
      case corrupt
      /// Invalid bytes at the very end, with no writer running: a crash's leftovers.
      case tornTail = "torn_tail"
      /// The log could not be read at all.
      case unreadable
      /// A session directory without a single segment.
      case empty
    }

    public var sessionID: String
    public var directory: String
    public var kind: Kind
    public var segment: String?
    public var offset: UInt64?
    public var defect: String

    /// The command that repairs it.
    public var repair: String {
      switch kind {
      case .corrupt: "cairn log repair \(shellQuoted(directory)) --force"
      case .tornTail: "cairn log repair \(shellQuoted(directory))"
      case .unreadable: "cairn log verify \(shellQuoted(directory))"
      case .empty: "rm -r \(shellQuoted(directory))"
      }
    }
  }

  /// Verifies every session; `progress(done, total)` is called after each.
  public static func run(home: CairnHome, progress: (Int, Int) -> Void = { _, _ in })
    -> DoctorCheck
  {
    var facts = [DoctorCheck.Fact("home", home.root)]
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: home.root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      facts.append(DoctorCheck.Fact("sessions", .int(0)))
      return DoctorCheck(
        name: name, status: .ok,
        detail: "no Cairn home at \(home.root) yet (the first session creates it)",
        facts: facts)
    }
    let ids = (try? SessionStore(home: home).sessionIDs()) ?? []
    var damages: [Damage] = []
    var records: UInt64 = 0
    var storedBytes: UInt64 = 0
    var liveTornTails = 0
    progress(0, ids.count)
    for (index, id) in ids.enumerated() {
      let directory = home.sessionDirectory(id)
      do {
        let report = try LogVerifier.verify(directory: directory)
        records += report.records
        storedBytes += report.storedBytes
        switch report.status {
        case .clean:
          if report.segments == 0 {
            damages.append(
              Damage(
                sessionID: id.rawValue, directory: directory, kind: .empty, segment: nil,
                offset: nil, defect: "the session directory holds no log segment"))
          }
        case .tornTail(let segment, let offset, let bytes, let defect):
          if report.writerPid != nil {
            // A live writer's block in flight looks like a torn tail: not damage.
            liveTornTails += 1
          } else {
            damages.append(
              Damage(
                sessionID: id.rawValue, directory: directory, kind: .tornTail, segment: segment,
                offset: offset, defect: "\(bytes) bytes: \(defect)"))
          }
        case .corrupt(let segment, let offset, let defect):
          damages.append(
            Damage(
              sessionID: id.rawValue, directory: directory, kind: .corrupt, segment: segment,
              offset: offset, defect: defect))
        }
      } catch let error as LogError {
        var damage = Damage(
          sessionID: id.rawValue, directory: directory, kind: .unreadable, segment: nil,
          offset: nil, defect: error.description)
        if case .corruption(let segment, let offset, let defect) = error {
          damage = Damage(
            sessionID: id.rawValue, directory: directory, kind: .corrupt, segment: segment,
            offset: offset, defect: defect)
        }
        damages.append(damage)
      } catch {
        damages.append(
          Damage(
            sessionID: id.rawValue, directory: directory, kind: .unreadable, segment: nil,
            offset: nil, defect: "\(error)"))
      }
      progress(index + 1, ids.count)
    }
    facts += [
      DoctorCheck.Fact("sessions", .int(Int64(ids.count))),
      DoctorCheck.Fact("damaged", .int(Int64(damages.count))),
      DoctorCheck.Fact("records_verified", .uint(records)),
      DoctorCheck.Fact("stored_bytes", .uint(storedBytes)),
      DoctorCheck.Fact("being_written", .int(Int64(liveTornTails))),
      DoctorCheck.Fact(
        "catalog",
        SessionCatalog.load(home: home.root) == nil
          ? "missing or damaged (`cairn session list` rebuilds it)" : "ok"),
    ]
    let verified =
      "\(ids.count) session\(ids.count == 1 ? "" : "s") verified "
      + "(\(records) records, \(DiskSpaceCheck.bytes(storedBytes)))"
    guard let first = damages.first else {
      return DoctorCheck(name: name, status: .ok, detail: verified + ", all clean", facts: facts)
    }
    let failed = damages.contains { $0.kind == .corrupt || $0.kind == .unreadable }
    let fix =
      damages.count == 1
      ? "`\(first.repair)`" + repairNote(first.kind)
      : "repair each session listed with the command shown beside it ("
        + "`cairn log repair DIR` cuts a torn tail; `--force` cuts corruption and everything "
        + "after it, keeping those bytes in quarantine files)"
    return DoctorCheck(
      name: name, status: failed ? .failed : .warning,
      detail: "\(damages.count) of \(ids.count) session\(ids.count == 1 ? "" : "s") damaged; "
        + "first: \(text(first))",
      fix: fix, facts: facts, findings: damages.map(finding(for:)))
  }

  private static func repairNote(_ kind: Damage.Kind) -> String {
    switch kind {
    case .corrupt:
      " cuts the damaged block and everything after it, after saving those bytes to "
        + "quarantine files beside the log"
    case .tornTail: " cuts the torn tail back to the last whole block"
    case .unreadable: " shows the full error"
    case .empty: " removes the empty session directory"
    }
  }

  private static func text(_ damage: Damage) -> String {
    var out = "session \(damage.sessionID): "
    switch damage.kind {
    case .corrupt: out += "corruption"
    case .tornTail: out += "torn tail"
    case .unreadable: out += "unreadable"
    case .empty: out += "empty"
    }
    if let segment = damage.segment, let offset = damage.offset {
      out += " in \(segment) at offset \(offset)"
    }
    return out + ": \(damage.defect)"
  }

  private static func finding(for damage: Damage) -> DoctorCheck.Finding {
    DoctorCheck.Finding(
      text: text(damage) + " — repair: `\(damage.repair)`",
      members: [
        ("session_id", .string(damage.sessionID)), ("directory", .string(damage.directory)),
        ("kind", .string(damage.kind.rawValue)),
        ("segment", damage.segment.map { .string($0) } ?? .null),
        ("offset", damage.offset.map { .uint($0) } ?? .null),
        ("defect", .string(damage.defect)), ("repair", .string(damage.repair)),
      ])
  }
}

/// `'…'` around a path with characters a shell would interpret.
func shellQuoted(_ text: String) -> String {
  let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@%,=".contains($0) }
  if safe && !text.isEmpty { return text }
  return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
