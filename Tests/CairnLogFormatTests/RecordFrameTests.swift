import CairnLogFormat
import Testing

@Suite("RecordFrame: walking the frames of a decompressed block")
struct RecordFrameTests {
  static func frame(
    payload: [UInt8], time: Int64 = 0, kind: UInt16 = 0, schema: UInt16 = 0, flags: UInt16 = 0,
    causation: UInt64 = 0, declaredBytes: UInt32? = nil
  ) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 28)
    bytes.storeLE(declaredBytes ?? UInt32(payload.count), at: 0)
    bytes.storeLE(kind, at: 4)
    bytes.storeLE(schema, at: 6)
    bytes.storeLE(flags, at: 8)
    bytes.storeLE(time, at: 12)
    bytes.storeLE(causation, at: 20)
    return bytes + payload
  }

  static func walk(
    _ raw: [UInt8], firstSeq: Seq = Seq(10), recordCount: Int, from: Seq = .none,
    stopAfter: Int = .max
  ) -> (records: [LogRecord], completed: Bool?, defect: FormatDefect?) {
    var records: [LogRecord] = []
    do {
      let completed = try raw.withUnsafeBytes { bytes in
        try RecordFrame.forEach(in: bytes, firstSeq: firstSeq, recordCount: recordCount, from: from)
        { view in
          records.append(view.record())
          return records.count < stopAfter
        }
      }
      return (records, completed, nil)
    } catch let defect as FormatDefect {
      return (records, nil, defect)
    } catch {
      Issue.record("unexpected error \(error)")
      return (records, nil, nil)
    }
  }

  static let frames =
    frame(payload: [1, 2, 3], time: -5, kind: 1, schema: 2, flags: 3, causation: 4)
    + frame(payload: [], time: .max, kind: .max, schema: .max, flags: .max, causation: .max)
    + frame(payload: Array(repeating: 9, count: 40), time: .min)

  @Test("every field of every frame is read, with dense sequence numbers")
  func fields() {
    let result = Self.walk(Self.frames, recordCount: 3)
    #expect(result.completed == true)
    #expect(
      result.records == [
        LogRecord(
          seq: Seq(10), recordedAtNanoseconds: -5, kind: 1, schemaVersion: 2, flags: 3,
          causation: Seq(4), payload: [1, 2, 3]),
        LogRecord(
          seq: Seq(11), recordedAtNanoseconds: .max, kind: .max, schemaVersion: .max, flags: .max,
          causation: Seq(.max), payload: []),
        LogRecord(
          seq: Seq(12), recordedAtNanoseconds: .min, payload: Array(repeating: 9, count: 40)),
      ])
  }

  @Test("from skips earlier records; a false from the body stops the walk")
  func fromAndStop() {
    #expect(Self.walk(Self.frames, recordCount: 3, from: Seq(12)).records.map(\.seq) == [Seq(12)])
    #expect(Self.walk(Self.frames, recordCount: 3, from: Seq(13)).records.isEmpty)
    #expect(Self.walk(Self.frames, recordCount: 3, from: Seq(13)).completed == true)
    let stopped = Self.walk(Self.frames, recordCount: 3, stopAfter: 2)
    #expect(stopped.records.map(\.seq) == [Seq(10), Seq(11)])
    #expect(stopped.completed == false)
  }

  @Test("no bytes and no records is a complete walk")
  func empty() throws {
    let completed = try RecordFrame.forEach(
      in: UnsafeRawBufferPointer(start: nil, count: 0), firstSeq: .first, recordCount: 0
    ) { _ in true }
    #expect(completed)
    #expect(throws: FormatDefect.self) {
      try RecordFrame.forEach(
        in: UnsafeRawBufferPointer(start: nil, count: 0), firstSeq: .first, recordCount: 1
      ) { _ in true }
    }
  }

  @Test("frames that do not add up are malformedRecords")
  func malformed() {
    // Fewer frames than the header claims.
    #expect(Self.walk(Self.frames, recordCount: 4).defect?.caseName == "malformedRecords")
    // More bytes than the claimed records use.
    #expect(Self.walk(Self.frames, recordCount: 2).defect?.caseName == "malformedRecords")
    // A frame header cut short.
    #expect(
      Self.walk(Array(Self.frames.dropLast(40 + 1)), recordCount: 3).defect?.caseName
        == "malformedRecords")
    // A payload length past the end, including the largest one.
    for declared in [41, 1000, UInt32.max] {
      let raw = Self.frame(payload: Array(repeating: 1, count: 40), declaredBytes: declared)
      #expect(Self.walk(raw, recordCount: 1).defect?.caseName == "malformedRecords")
    }
  }

  @Test("a frame's reserved field must be zero")
  func reservedField() {
    var raw = Self.frames
    raw.storeLE(UInt16(1), at: 31 + 10)
    let result = Self.walk(raw, recordCount: 3)
    #expect(result.defect?.caseName == "malformedRecords")
    // The frame before it was delivered; the damaged one was not.
    #expect(result.records.map(\.seq) == [Seq(10)])
  }

  @Test("random bytes never crash the walk")
  func randomBytes() {
    var random = SeededRandom(seed: 61)
    var defects = 0
    for _ in 0..<3000 {
      let count = random.below(300)
      var raw = random.bytes(count)
      // Plausible small lengths in the first frame make deeper walks likely.
      if count >= 4 { raw.storeLE(UInt32(random.below(64)), at: 0) }
      let result = Self.walk(raw, recordCount: 1 + random.below(4))
      if result.defect != nil { defects += 1 }
      #expect(result.defect != nil || result.completed == true)
    }
    #expect(defects > 0)
  }
}
