/// Walking through the user's earlier prompts with Up and Down. Pure: the caller passes the
/// prompts (oldest first) and the buffer.
///
/// - Up with the cursor on the first line recalls the prompt before the one shown (the
///   newest, when the draft is shown) and puts the cursor at its start, so the next Up goes
///   on back even through a multi-line prompt. Anywhere else Up moves the cursor up a line.
/// - Down with the cursor on the last line recalls the next newer prompt with the cursor at
///   its end; past the newest it brings back the draft that was being typed when the walk
///   began, as it was. Anywhere else Down moves the cursor down a line.
/// - Edits to a recalled prompt are dropped when the walk moves on (Codex does the same);
///   `reset()` (after a submit or a clear) ends the walk, and the text stays as it is.
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
  /// The draft as it was when the walk began.
  var draft: ComposerBuffer?

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

  /// Ends the walk: the next Up starts from the newest entry again.
  public mutating func reset() {
    position = nil
    draft = nil
  }

  /// Up: a line up, or on the first line the previous prompt. Returns whether the buffer
  /// changed.
  @discardableResult
  public mutating func moveUp(_ buffer: inout ComposerBuffer) -> Bool {
    guard buffer.isCursorOnFirstLine else { return buffer.apply(.moveUp) }
    let older = (position ?? entries.count) - 1
    guard older >= 0 else { return false }
    if position == nil { draft = buffer }
    position = older
    buffer.setText(entries[older], cursor: 0)
    return true
  }

  /// Down: a line down, or on the last line the next prompt, or past the newest the draft.
  /// Returns whether the buffer changed.
  @discardableResult
  public mutating func moveDown(_ buffer: inout ComposerBuffer) -> Bool {
    guard buffer.isCursorOnLastLine else { return buffer.apply(.moveDown) }
    guard let shown = position else { return false }
    if shown + 1 < entries.count {
      position = shown + 1
      buffer.setText(entries[shown + 1])
    } else {
      let saved = draft ?? ComposerBuffer()
      buffer.setText(saved.text, cursor: saved.cursor)
      reset()
    }
    return true
  }
}
