import CairnUI
import Testing

/// The frame cap: at most one frame per interval, the rest coalesced, decided from an
/// injected clock.
@Suite struct FrameSchedulerTests {
  let ms: Int64 = 1_000_000

  @Test func theFirstRequestDrawsAtOnceAndNothingIsDrawnUnrequested() {
    var scheduler = FrameScheduler()
    #expect(scheduler.decision(now: 5 * ms) == .idle)
    #expect(scheduler.timeoutMilliseconds(now: 5 * ms) == nil)
    scheduler.request()
    #expect(scheduler.decision(now: 5 * ms) == .drawNow)
    scheduler.drew(at: 5 * ms)
    #expect(scheduler.decision(now: 6 * ms) == .idle)
  }

  @Test func requestsWithinTheIntervalWaitForTheNextAllowedFrame() {
    var scheduler = FrameScheduler()
    let interval = FrameScheduler.defaultMinimumIntervalNanoseconds
    #expect(interval == 8_333_333)
    scheduler.request()
    scheduler.drew(at: 100 * ms)
    // Many events 1 ms later: one frame, when the interval is over.
    for _ in 0..<50 { scheduler.request() }
    #expect(scheduler.decision(now: 101 * ms) == .wait(until: 100 * ms + interval))
    // 7.33 ms left: the poll sleeps 8 ms, never less than what is left.
    #expect(scheduler.timeoutMilliseconds(now: 101 * ms) == 8)
    #expect(scheduler.decision(now: 100 * ms + interval - 1) == .wait(until: 100 * ms + interval))
    #expect(scheduler.decision(now: 100 * ms + interval) == .drawNow)
    #expect(scheduler.timeoutMilliseconds(now: 100 * ms + interval) == 0)
    scheduler.drew(at: 100 * ms + interval)
    #expect(scheduler.decision(now: 100 * ms + interval + 1) == .idle)
  }

  @Test func aRequestLongAfterTheLastFrameDrawsAtOnce() {
    var scheduler = FrameScheduler(minimumIntervalNanoseconds: 16 * ms)
    scheduler.request()
    scheduler.drew(at: 0)
    scheduler.request()
    #expect(scheduler.decision(now: 40 * ms) == .drawNow)
  }

  @Test func aClockThatGoesBackDoesNotStallDrawing() {
    var scheduler = FrameScheduler()
    scheduler.request()
    scheduler.drew(at: 500 * ms)
    scheduler.request()
    #expect(scheduler.decision(now: 100 * ms) == .drawNow)
    scheduler.drew(at: Int64.max - 1)
    scheduler.request()
    #expect(scheduler.decision(now: Int64.max) == .drawNow)
  }

  @Test func noCapDrawsEveryRequest() {
    var scheduler = FrameScheduler(minimumIntervalNanoseconds: 0)
    scheduler.request()
    scheduler.drew(at: 10)
    scheduler.request()
    #expect(scheduler.decision(now: 10) == .drawNow)
  }
}
