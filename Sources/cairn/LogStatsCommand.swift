import ArgumentParser
import CairnCore
import CairnLogFormat
import CairnStore

/// `cairn log stats DIR`: segments, blocks, records, sizes and the index.
struct LogStatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Show segments, blocks, records, raw and stored bytes, ratio and index entries."
  )

  @Argument(help: "The log directory.")
  var directory: String

  @Flag(help: "Print the statistics as a JSON object.")
  var json = false

  func run() throws {
    try reportingFailures {
      let stats = try LogStats.collect(directory: directory)
      let ratio = (stats.compressionRatio * 1000).rounded() / 1000
      if json {
        print(
          JSONValue.object([
            ("segments", .uint(UInt64(stats.segments))),
            ("sealed_segments", .uint(UInt64(stats.sealedSegments))),
            ("blocks", .uint(UInt64(stats.blocks))), ("lz4_blocks", .uint(UInt64(stats.lz4Blocks))),
            ("records", .uint(stats.records)), ("first_seq", .uint(stats.firstSeq.rawValue)),
            ("last_seq", .uint(stats.lastSeq.rawValue)), ("raw_bytes", .uint(stats.rawBytes)),
            ("stored_bytes", .uint(stats.storedBytes)), ("file_bytes", .uint(stats.fileBytes)),
            ("compression_ratio", .double(ratio)),
            ("index_entries", .uint(UInt64(stats.indexEntries))),
            ("torn_tail_bytes", stats.tornTail.map { .uint($0.bytes) } ?? .null),
          ]).text)
        return
      }
      print(
        """
        \(directory)
          segments        \(stats.segments) (\(stats.sealedSegments) sealed)
          blocks          \(stats.blocks) (\(stats.lz4Blocks) LZ4, \(stats.blocks - stats.lz4Blocks) raw)
          records         \(stats.records) (sequence numbers \(stats.firstSeq)–\(stats.lastSeq))
          raw bytes       \(stats.rawBytes)
          stored bytes    \(stats.storedBytes)
          file bytes      \(stats.fileBytes)
          ratio           \(ratio)
          index entries   \(stats.indexEntries)
        """)
      if let torn = stats.tornTail {
        print("  torn tail       \(torn.bytes) bytes in \(torn.segment) at offset \(torn.offset)")
      }
    }
  }
}
