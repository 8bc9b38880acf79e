import CairnCore
import CairnEngine
import CairnTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the session's turns on a thread of their own, so the terminal loop never waits for
/// the model or a tool. Every envelope a turn appends wakes the loop (which reads the new
/// state from the engine); an approval blocks the turn until the loop hands in the user's
/// decision; an interrupt cancels the transfer and the running tool's process group.
final class TurnThread: @unchecked Sendable {
  /// How the last turn ended, once it has.
  enum Ending: Sendable {
    case outcome(TurnRunner.Outcome)
    case failure(String)
  }

  private let runner: TurnRunner
  private let wake: SignalPipe
  private let lock = NSCondition()
  private var decisions: [CallID: ApprovalDecision] = [:]
  private var busy = false
  private var ending: Ending?
  private var aborting = false

  init(runner: TurnRunner, wake: SignalPipe) {
    self.runner = runner
    self.wake = wake
    runner.onEnvelope = { _ in wake.wake() }
    runner.approver = { [weak self] pending in
      self?.awaitDecision(pending.callID) ?? .aborted
    }
  }

  var isRunning: Bool { lock.withLock { busy } }

  /// The ending of the last turn, once; nil while it runs or when already taken.
  func takeEnding() -> Ending? {
    lock.withLock {
      defer { ending = nil }
      return ending
    }
  }

  /// What a turn does.
  private enum Work {
    case prompt(String, contextMessages: [(String, String)])
    /// `/compact`: summarize the conversation.
    case compaction
  }

  /// Starts a turn for `prompt`; false when one is already running.
  func start(prompt: String, contextMessages: [(String, String)]) -> Bool {
    launch(.prompt(prompt, contextMessages: contextMessages))
  }

  /// Starts `/compact`'s turn; false when one is already running.
  func startCompaction() -> Bool {
    launch(.compaction)
  }

  private func launch(_ work: Work) -> Bool {
    let started = lock.withLock {
      guard !busy else { return false }
      busy = true
      aborting = false
      ending = nil
      decisions = [:]
      return true
    }
    guard started else { return false }
    runner.cancel.reset()
    runner.tools.processCancellation.reset()
    Thread { [self] in
      let result: Ending
      do {
        switch work {
        case .prompt(let prompt, let messages):
          result = .outcome(try self.runner.run(prompt: prompt, contextMessages: messages))
        case .compaction:
          result = .outcome(try self.runner.compactConversation())
        }
      } catch {
        result = .failure("\(error)")
      }
      lock.withLock {
        busy = false
        ending = result
      }
      wake.wake()
    }.start()
    return true
  }

  /// Hands in the user's answer to the approval of `callID`.
  func decide(_ callID: CallID, _ decision: ApprovalDecision) {
    lock.withLock {
      decisions[callID] = decision
      lock.broadcast()
    }
  }

  /// Stops the running turn: the transfer, the tool, and any approval it waits for.
  func interrupt() {
    runner.cancel.cancel()
    runner.tools.processCancellation.cancel()
    lock.withLock {
      aborting = true
      lock.broadcast()
    }
  }

  private func awaitDecision(_ callID: CallID) -> ApprovalDecision {
    // The approval_requested event is already in the state: the loop draws the prompt.
    wake.wake()
    return lock.withLock {
      while decisions[callID] == nil, !aborting { lock.wait() }
      return decisions.removeValue(forKey: callID) ?? .aborted
    }
  }
}
