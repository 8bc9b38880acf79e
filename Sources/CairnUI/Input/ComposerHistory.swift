/// Walking through the user's earlier prompts with Up and Down. Pure: the caller passes the
/// prompts (oldest first) and the buffer.
///
/// - Up with the cursor on the first line recalls the prompt before the one shown (the
///   newest, when the draft is shown) and puts the cursor at its start, so the next Up goes
///   on back even through a multi-line prompt. Anywhere else Up moves the cursor up a line.
/// - Down with the cursor on the last line recalls the next newer prompt with the cursor at
///   its end; past the newest it brings back the draft that was being typed, as it was
///   (text and cursor). Anywhere else Down moves the cursor down a line.
/// - A recalled prompt the user edits keeps its edits while the walk goes on (as in bash):
///   coming back to it shows the edited text where the cursor was left. Codex instead
///   stops walking once the text differs from the recalled prompt; keeping the edits loses
///   nothing and still lets Up and Down walk.
/// - `record(_:)` (after a submit) and `reset()` (after a clear) end the walk and forget the
///   edits; the entries themselves never change.
///
/// ```swift
/// var history = ComposerHistory(entries: ["first", "second"])
/// var buffer = ComposerBuffer(text: "dra")
/// history.moveUp(&buffer)     // buffer.text == "second"
/// history.moveUp(&buffer)     // "first"
/// history.moveDown(&buffer)   // "second"
/// history.moveDown(&buffer)   // "dra", the draft, cursor where it was
/// ```
public struct ComposerHistory: Equatable, Sendable {
  /// Earlier prompts, oldest first.
  public private(set) var entries: [String]
  /// The entry shown, or nil while the draft is.
  public private(set) var position: Int?
  /// Buffers left during this walk, by position (`entries.count` is the draft): the draft
  /// always, a recalled prompt when the user edited it.
  var left: [Int: ComposerBuffer] = [:]

  /// A history of `entries`, oldest first; the walk starts at the draft.
  public init(entries: [String] = []) {
    self.entries = entries
  }

  /// Adds a prompt the user just submitted as the newest entry and ends the walk. An empty
  /// prompt or one equal to the newest is not added twice.
  public mutating func record(_ prompt: String) {
    reset()
    guard !prompt.isEmpty, prompt != entries.last else { return }
    entries.append(prompt)
  }

  /// Ends the walk and forgets its edits: the next Up starts from the newest entry again.
  public mutating func reset() {
    position = nil
    left = [:]
  }

  /// Up: a line up, or on the first line the previous prompt. Returns whether the buffer
  /// changed.
  @discardableResult
  public mutating func moveUp(_ buffer: inout ComposerBuffer) -> Bool {
    guard buffer.isCursorOnFirstLine else { return buffer.apply(.moveUp) }
    let current = position ?? entries.count
    guard current > 0, current <= entries.count else { return false }
    leave(current, buffer)
    show(current - 1, in: &buffer, cursorAtStart: true)
    return true
  }

  /// Down: a line down, or on the last line the next prompt, or past the newest the draft.
  /// Returns whether the buffer changed.
  @discardableResult
  public mutating func moveDown(_ buffer: inout ComposerBuffer) -> Bool {
    guard buffer.isCursorOnLastLine else { return buffer.apply(.moveDown) }
    guard let current = position, current < entries.count else { return false }
    leave(current, buffer)
    show(current + 1, in: &buffer, cursorAtStart: false)
    return true
  }

  /// Keeps the buffer shown at `position` if it is the draft or an edited prompt.
  mutating func leave(_ position: Int, _ buffer: ComposerBuffer) {
    if position == entries.count || buffer.text != entries[position] {
      left[position] = buffer
    } else {
      left[position] = nil
    }
  }

  mutating func show(_ target: Int, in buffer: inout ComposerBuffer, cursorAtStart: Bool) {
    position = target == entries.count ? nil : target
    if let kept = left[target] {
      buffer.setText(kept.text, cursor: kept.cursor)
    } else if target == entries.count {
      buffer.setText("")
    } else {
      buffer.setText(entries[target], cursor: cursorAtStart ? 0 : nil)
    }
  }
}
