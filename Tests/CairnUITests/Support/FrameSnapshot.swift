import CairnUI
import SnapshotTesting
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension Snapshotting where Value == Frame, Format == String {
  /// A frame as its text and style runs (`Frame.snapshotText`), compared line by line.
  static var frame: Snapshotting {
    SimplySnapshotting.lines.pullback { $0.snapshotText }
  }
}

/// Compares `frame` with `Tests/CairnUITests/__Snapshots__/<test file>/<name>.txt`, committed
/// with the tests. `CAIRN_UPDATE_SNAPSHOTS=1` rewrites every snapshot (review the diff like
/// code); a missing snapshot fails the test and is written, so none is accepted silently.
func assertFrameSnapshot(
  _ frame: Frame, named name: String,
  fileID: StaticString = #fileID, file filePath: StaticString = #filePath,
  line: UInt = #line, column: UInt = #column
) {
  let path = "\(filePath)"
  guard let root = path.range(of: "/Tests/CairnUITests/") else {
    Issue.record("snapshot tests live under Tests/CairnUITests: \(path)")
    return
  }
  let fileName = path[root.upperBound...].split(separator: "/").last ?? "Unknown.swift"
  let directory =
    String(path[..<root.upperBound]) + "__Snapshots__/" + fileName.replacing(".swift", with: "")
  let record: SnapshotTestingConfiguration.Record =
    ProcessEnvironmentFlag.updateSnapshots ? .all : .missing
  if let failure = verifySnapshot(
    of: frame, as: .frame, named: name, record: record, snapshotDirectory: directory,
    fileID: fileID, file: filePath, testName: "frame", line: line, column: column)
  {
    Issue.record(
      Comment(rawValue: failure),
      sourceLocation: SourceLocation(
        fileID: "\(fileID)", filePath: path, line: Int(line), column: Int(column)))
  }
}

/// Lines drawn in a frame as wide as `columns` and as tall as they are.
func assertLinesSnapshot(
  _ lines: [StyledLine], columns: Int, named name: String,
  fileID: StaticString = #fileID, file filePath: StaticString = #filePath,
  line: UInt = #line, column: UInt = #column
) {
  assertFrameSnapshot(
    .of(lines, columns: columns), named: name, fileID: fileID, file: filePath, line: line,
    column: column)
}

enum ProcessEnvironmentFlag {
  static var updateSnapshots: Bool {
    guard let value = getenv("CAIRN_UPDATE_SNAPSHOTS") else { return false }
    return String(cString: value) == "1"
  }
}
