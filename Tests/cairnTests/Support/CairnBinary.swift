import CairnTestSupport

/// The `cairn` executable built next to this test bundle (found as the server tests find it).
typealias CairnBinary = CairnExecutable
/// A failure of the test harness itself (not of the code under test), with what to do.
typealias HarnessFailure = CairnTestSupport.HarnessFailure
