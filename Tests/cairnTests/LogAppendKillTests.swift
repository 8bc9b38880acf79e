import CairnStore
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One kill -9 trial: what was fed, what was acknowledged, and what the log looked like to
/// each tool afterwards.
struct KillTrial: Sendable {
  var seed: UInt64
  var batch: Int
  var killAfterAcks: Int
  /// Every `acked N` the appender printed, in order (read to end of output after the kill).
  var acks: [UInt64]
  /// Every line handed to the appender's stdin pipe (the last ones may not have arrived).
  var linesFed: [[UInt8]]
  var stdoutOther: [String]
  var appender: CommandResult
  var cat: CommandResult
  var readerPayloads: [[UInt8]]?
  var readerError: String?
  var verify: CommandResult
  var reopen: CommandResult
  var verifyAfterReopen: CommandResult
  var catAfterReopen: CommandResult

  var acked: UInt64 { acks.last ?? 0 }
}

/// What the feeding thread and the ack-reading thread share.
private final class Feed: @unchecked Sendable {
  let condition = NSCondition()
  var highestAck: UInt64 = 0
  var stopped = false
  var lines: [[UInt8]] = []

  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }
}

extension CLITests {
  /// The kill -9 harness of docs/LOG_FORMAT.md's durability guarantee: whatever
  /// `cairn log append --durability fsync --ack` acknowledged survives a SIGKILL, byte for
  /// byte, and the log is always a prefix of the input that a new writer can open.
  @Suite struct LogAppendKillTests {
    static let trialCount = 40
    /// Small blocks and segments, so that segments roll during a trial. The reopen uses
    /// them too, so it continues the active segment rather than sealing it.
    static let tuning = ["--block-size", "512", "--segment-size", "16384"]

    @Test func everyAcknowledgedRecordSurvivesKillNine() async throws {
      var trials = 0
      var tornTails = 0
      var unackedSurvivors = 0
      for trial in 0..<Self.trialCount {
        let seed = 0xC0FF_EE00 &+ UInt64(trial) &* 0x9E37_79B9
        let outcome = try await withTemporaryDirectory { root in
          try await offPool { try Self.runTrial(seed: seed, directory: root + "/log") }
        }
        Self.check(outcome)
        trials += 1
        if outcome.verify.status == 3 { tornTails += 1 }
        if outcome.cat.lines.count > Int(outcome.acked) { unackedSurvivors += 1 }
      }
      print(
        "kill -9 trials: \(trials) (torn tails found: \(tornTails); trials where records "
          + "beyond the last ack survived: \(unackedSurvivors))")
      #expect(trials == Self.trialCount)
    }

    static func check(_ trial: KillTrial) {
      let context: Comment =
        "seed \(trial.seed), batch \(trial.batch), kill after \(trial.killAfterAcks) acks"
      #expect(trial.stdoutOther.isEmpty, context)
      #expect(trial.acks.count >= trial.killAfterAcks, context)
      #expect(trial.appender.termination == .killed(by: SIGKILL), context)
      #expect(
        zip(trial.acks, trial.acks.dropFirst()).allSatisfy { $0 < $1 }, "acks rise: \(context)")
      #expect(trial.acked <= UInt64(trial.linesFed.count), context)

      // Every acknowledged record is there with exactly its bytes, and the log holds
      // nothing but a prefix of the input.
      #expect(trial.cat.status == 0, "\(trial.cat.stderr) \(context)")
      let printed = trial.cat.lines
      #expect(printed.count >= Int(trial.acked), context)
      #expect(printed.count <= trial.linesFed.count, context)
      let prefixCount = min(printed.count, trial.linesFed.count)
      #expect(printed.prefix(prefixCount) == trial.linesFed.prefix(prefixCount), context)
      #expect(trial.readerError == nil, context)
      #expect(trial.readerPayloads == printed, "LogReader agrees with cat: \(context)")

      // A torn tail is the only defect a kill may leave; cat notes it, verify reports it.
      #expect(
        trial.verify.status == 0 || trial.verify.status == 3,
        "\(trial.verify.stdoutText) \(context)")
      let verdict = jsonObject(trial.verify.stdoutText)
      #expect(
        (verdict?["status"] as? String) == (trial.verify.status == 0 ? "clean" : "torn_tail"),
        context)
      #expect(verdict?["writer_pid"] is NSNull, "a dead writer is not reported: \(context)")
      #expect(trial.cat.stderr.contains("torn tail") == (trial.verify.status == 3), context)

      // The next writer cuts the torn tail, and only it.
      #expect(trial.reopen.status == 0, "\(trial.reopen.stderr) \(context)")
      #expect(
        trial.reopen.stderr.contains("cut a torn tail") == (trial.verify.status == 3), context)
      #expect(
        trial.verifyAfterReopen.status == 0, "\(trial.verifyAfterReopen.stdoutText) \(context)")
      #expect(trial.catAfterReopen.status == 0, context)
      #expect(trial.catAfterReopen.lines == printed, context)
    }

    /// Feeds a seeded appender in bursts, kills it after a seeded number of acks, then
    /// reads, verifies and reopens the log.
    static func runTrial(seed: UInt64, directory: String) throws -> KillTrial {
      var random = SplitMix64(seed: seed)
      let batches = [1, 2, 3, 5, 8, 16, 32, 64]
      let batch = batches[Int(random.next() % UInt64(batches.count))]
      let killAfterAcks = 1 + Int(random.next() % 20)
      // Each commit acknowledges at most `batch` records, so this many lines give more
      // acks than any trial waits for: the appender is always alive when it is killed.
      let linesMax = 25 * batch + 25
      let appender = try ChildProcess(
        ["log", "append", directory, "--durability", "fsync", "--ack", "--batch", String(batch)]
          + Self.tuning, stdin: .pipe)
      let feed = Feed()
      let fed = DispatchSemaphore(value: 0)
      let feedSeed = random.next()
      Thread {
        Self.feed(appender, feed, seed: feedSeed, batch: batch, linesMax: linesMax)
        fed.signal()
      }.start()

      var acks: [UInt64] = []
      var other: [String] = []
      while let line = appender.readLine() {
        guard line.hasPrefix("acked "), let acked = UInt64(line.dropFirst(6)) else {
          other.append(line)
          continue
        }
        acks.append(acked)
        feed.condition.lock()
        feed.highestAck = acked
        feed.condition.broadcast()
        feed.condition.unlock()
        if acks.count == killAfterAcks {
          kill(appender.pid, SIGKILL)
          feed.stop()
        }
      }
      feed.stop()
      fed.wait()
      let appenderResult = appender.finish()

      var readerPayloads: [[UInt8]]?
      var readerError: String?
      do {
        readerPayloads = try LogFiles.payloads(directory)
      } catch {
        readerError = "\(error)"
      }
      let cat = try cairn(["log", "cat", directory])
      let verify = try cairn(["log", "verify", directory, "--json"])
      let reopen = try cairn(["log", "append", directory] + Self.tuning)
      let verifyAfterReopen = try cairn(["log", "verify", directory])
      let catAfterReopen = try cairn(["log", "cat", directory])
      feed.condition.lock()
      let lines = feed.lines
      feed.condition.unlock()
      return KillTrial(
        seed: seed, batch: batch, killAfterAcks: killAfterAcks, acks: acks, linesFed: lines,
        stdoutOther: other, appender: appenderResult, cat: cat, readerPayloads: readerPayloads,
        readerError: readerError, verify: verify, reopen: reopen,
        verifyAfterReopen: verifyAfterReopen, catAfterReopen: catAfterReopen)
    }

    /// Writes bursts of lines, so that batches vary: the appender commits when its stdin
    /// runs dry. At seeded quiet points it waits until everything written is acknowledged
    /// (synchronising on acks, never on time); otherwise it writes on at once.
    private static func feed(
      _ appender: ChildProcess, _ feed: Feed, seed: UInt64, batch: Int, linesMax: Int
    ) {
      var source = LineSource(seed: seed)
      var written = 0
      while written < linesMax {
        feed.condition.lock()
        let stopped = feed.stopped
        feed.condition.unlock()
        if stopped { break }
        let count = min(1 + source.below(2 * batch + 2), linesMax - written)
        let lines = (0..<count).map { _ in source.next() }
        feed.condition.lock()
        feed.lines += lines
        feed.condition.unlock()
        written += count
        guard appender.write(joinedLines(lines)) else { break }
        if source.below(3) == 0 {
          feed.condition.lock()
          while !feed.stopped && feed.highestAck < UInt64(written) { feed.condition.wait() }
          feed.condition.unlock()
        }
      }
      appender.closeStdin()
    }
  }
}
