import ArgumentParser
import CairnLogFormat
import CairnStore

/// Writer knobs shared by the commands that write a log.
struct LogTuningOptions: ParsableArguments {
  @Option(name: .customLong("block-size"), help: "Target uncompressed bytes per block.")
  var blockBytes: Int = FormatLimits.blockBytesTargetDefault

  @Option(
    name: .customLong("segment-size"),
    help: "Bytes at which a segment is sealed and the next begins.")
  var segmentBytes: UInt64 = FormatLimits.segmentRollBytesDefault

  @Option(name: .customLong("max-record-size"), help: "Largest record payload accepted, in bytes.")
  var recordBytesMax: Int = FormatLimits.recordPayloadBytesMaxDefault

  func options(durability: Durability, salts: SaltSource = .random) -> LogOptions {
    LogOptions(
      durability: durability, blockBytesTarget: blockBytes, segmentRollBytes: segmentBytes,
      recordPayloadBytesMax: recordBytesMax, salts: salts)
  }
}

extension Durability: ExpressibleByArgument {}
