import CairnCore
import CairnEngine
import CairnStore

/// Whether a session has a log in a home.
enum LogReaderProbe {
  static func exists(home: CairnHome, _ id: SessionID) throws -> Bool {
    let valid = id.rawValue.utf8.allSatisfy { $0 != UInt8(ascii: "/") } && !id.rawValue.isEmpty
    guard valid else { throw EngineError.invalidSessionID(id.rawValue) }
    return try LogReader.segmentFileCount(directory: home.sessionDirectory(id)) > 0
  }
}
