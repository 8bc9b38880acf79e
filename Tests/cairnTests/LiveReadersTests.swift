import CairnStore
import Foundation
import Testing

/// One look at the log by `cat`, `LogReader` and `verify --json`, and the highest ack the
/// appender had printed before the look began.
struct ReaderView: Sendable {
  var ackedBefore: UInt64
  var cat: CommandResult
  var readerPayloads: [[UInt8]]?
  var readerError: String?
  var verify: CommandResult

  static func take(_ directory: String, ackedBefore: UInt64) throws -> ReaderView {
    var payloads: [[UInt8]]?
    var readerError: String?
    do {
      payloads = try LogFiles.payloads(directory)
    } catch {
      readerError = "\(error)"
    }
    return ReaderView(
      ackedBefore: ackedBefore, cat: try cairn(["log", "cat", directory]),
      readerPayloads: payloads, readerError: readerError,
      verify: try cairn(["log", "verify", directory, "--json"]))
  }
}

/// What the readers saw in one round: while a burst was being appended, and after the
/// appender acknowledged all of it.
struct LiveRound: Sendable {
  var writtenAfter: Int
  var whileWriting: [ReaderView]
  var settled: ReaderView
}

/// The highest `acked N` an appender printed, kept up to date by a thread of its own.
private final class AckTracker: @unchecked Sendable {
  private let condition = NSCondition()
  private var highest: UInt64 = 0
  private var ended = false
  private(set) var unexpected: [String] = []

  init(_ appender: ChildProcess) {
    Thread {
      while let line = appender.readLine() {
        self.condition.lock()
        if line.hasPrefix("acked "), let value = UInt64(line.dropFirst(6)) {
          self.highest = value
        } else {
          self.unexpected.append(line)
        }
        self.condition.broadcast()
        self.condition.unlock()
      }
      self.condition.lock()
      self.ended = true
      self.condition.broadcast()
      self.condition.unlock()
    }.start()
  }

  var current: UInt64 {
    condition.lock()
    defer { condition.unlock() }
    return highest
  }

  /// Waits until the ack reaches `seq`; false if the appender's output ended first.
  func wait(for seq: UInt64) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while highest < seq && !ended { condition.wait() }
    return highest >= seq
  }

  /// Waits until the appender's output ended.
  func waitForEnd() {
    condition.lock()
    defer { condition.unlock() }
    while !ended { condition.wait() }
  }
}

extension CLITests {
  /// Readers never take the lock and see a consistent, dense prefix while a writer appends.
  @Suite struct LiveReadersTests {
    static let roundCount = 8

    struct Outcome: Sendable {
      var appenderPid: Int32
      var lines: [[UInt8]]
      var rounds: [LiveRound]
      var unexpectedOutput: [String]
      var appender: CommandResult
      var verifyAfter: CommandResult
    }

    @Test func catAndVerifyWhileAWriterAppends() async throws {
      try await withTemporaryDirectory { root in
        let log = root + "/log"
        let outcome = try await offPool { try Self.run(log) }
        var views = 0
        var partialPrefixes = 0
        var blocksInProgress = 0
        for (number, round) in outcome.rounds.enumerated() {
          for view in round.whileWriting {
            let context: Comment = "round \(number), \(view.ackedBefore) acked before the look"
            views += 1
            #expect(view.cat.status == 0, "\(view.cat.stderr) \(context)")
            let printed = view.cat.lines
            if printed.count < round.writtenAfter { partialPrefixes += 1 }
            #expect(printed.count >= Int(view.ackedBefore), context)
            #expect(printed.count <= round.writtenAfter, context)
            #expect(
              printed == Array(outcome.lines.prefix(printed.count)), "dense prefix, \(context)")
            #expect(view.readerError == nil, context)
            if let payloads = view.readerPayloads {
              #expect(payloads.count >= Int(view.ackedBefore), context)
              #expect(payloads == Array(outcome.lines.prefix(payloads.count)), context)
            }
            // A live writer's block in progress is not reported as a torn tail.
            #expect(view.verify.status == 0, "\(view.verify.stdoutText) \(context)")
            let verdict = jsonObject(view.verify.stdoutText)
            let status = verdict?["status"] as? String
            #expect(status == "clean" || status == "torn_tail", context)
            if status == "torn_tail" { blocksInProgress += 1 }
            let writer = (verdict?["writer_pid"] as? NSNumber)?.int32Value
            #expect(writer == outcome.appenderPid, context)
          }
          // Once everything is acknowledged the writer is idle: the log is whole and clean.
          let settled = round.settled
          let context: Comment = "round \(number), settled"
          let expected = Array(outcome.lines.prefix(round.writtenAfter))
          #expect(settled.cat.status == 0, context)
          #expect(settled.cat.lines == expected, context)
          #expect(settled.readerPayloads == expected, context)
          #expect(settled.verify.status == 0, context)
          let verdict = jsonObject(settled.verify.stdoutText)
          #expect(
            verdict?["status"] as? String == "clean", "\(settled.verify.stdoutText) \(context)")
          #expect((verdict?["records"] as? NSNumber)?.intValue == round.writtenAfter, context)
        }
        print(
          "live readers: \(outcome.rounds.count) rounds, \(views) looks while writing; cat saw "
            + "a partial prefix \(partialPrefixes) times, verify a block in progress "
            + "\(blocksInProgress) times")
        #expect(outcome.rounds.count == Self.roundCount)
        // Computed outside #expect: see CLITests.swift.
        let roundsWithoutLooks = outcome.rounds.indices.filter {
          outcome.rounds[$0].whileWriting.isEmpty
        }
        #expect(roundsWithoutLooks.isEmpty, "rounds with no look while writing")
        #expect(outcome.unexpectedOutput.isEmpty)
        #expect(outcome.appender.termination == .exited(0), "\(outcome.appender.stderr)")
        #expect(outcome.verifyAfter.status == 0)
        #expect(jsonObject(outcome.verifyAfter.stdoutText)?["writer_pid"] is NSNull)
      }
    }

    /// Feeds bursts from a thread while this one looks at the log again and again until
    /// the appender acknowledges the whole burst.
    static func run(_ log: String) throws -> Outcome {
      let appender = try ChildProcess(
        [
          "log", "append", log, "--ack", "--batch", "1", "--block-size", "512",
          "--segment-size", "16384",
        ], stdin: .pipe)
      let acks = AckTracker(appender)
      var source = LineSource(seed: 77)
      // The first acknowledged record means the log exists and the writer holds its lock.
      var lines: [[UInt8]] = [Array("first".utf8)]
      appender.write(joinedLines(lines))
      guard acks.wait(for: 1) else {
        throw HarnessFailure("the appender did not acknowledge its first record")
      }
      var rounds: [LiveRound] = []
      for _ in 0..<Self.roundCount {
        let burst = (0..<(400 + source.below(400))).map { _ in source.next() }
        lines += burst
        let written = DispatchSemaphore(value: 0)
        let bytes = joinedLines(burst)
        Thread {
          appender.write(bytes)
          written.signal()
        }.start()
        var views: [ReaderView] = []
        repeat {
          views.append(try ReaderView.take(log, ackedBefore: acks.current))
        } while acks.current < UInt64(lines.count)
        written.wait()
        guard acks.wait(for: UInt64(lines.count)) else {
          throw HarnessFailure("the appender's output ended at ack \(acks.current)")
        }
        rounds.append(
          LiveRound(
            writtenAfter: lines.count, whileWriting: views,
            settled: try ReaderView.take(log, ackedBefore: acks.current)))
      }
      appender.closeStdin()
      acks.waitForEnd()
      let result = appender.finish()
      return Outcome(
        appenderPid: appender.pid, lines: lines, rounds: rounds,
        unexpectedOutput: acks.unexpected, appender: result,
        verifyAfter: try cairn(["log", "verify", log, "--json"]))
    }
  }
}
