/// One editing operation on the composer, as `ComposerKeymap` maps keys to them and
/// `ComposerBuffer.apply(_:)` performs them. Pure data: the controller may log, test or
/// replay them.
public enum ComposerEdit: Equatable, Sendable {
  /// Insert text at the cursor (a typed character or a paste); CR and CRLF become LF.
  case insert(String)
  /// Insert a line break.
  case insertNewline
  /// Delete the grapheme before the cursor (Backspace).
  case deleteBackward
  /// Delete the grapheme after the cursor (Delete).
  case deleteForward
  /// Delete back to the start of the previous word, into the kill buffer (Ctrl+W).
  case deleteWordBackward
  /// Delete forward to the end of the next word, into the kill buffer (Alt+D).
  case deleteWordForward
  /// One grapheme left.
  case moveLeft
  /// One grapheme right.
  case moveRight
  /// To the start of the previous word.
  case moveWordLeft
  /// To the end of the next word.
  case moveWordRight
  /// To the start of the line.
  case moveLineStart
  /// To the end of the line.
  case moveLineEnd
  /// Up a line, keeping the preferred column; on the first line, history's business.
  case moveUp
  /// Down a line, keeping the preferred column; on the last line, history's business.
  case moveDown
  /// Delete to the end of the line into the kill buffer; at the end of a line, the line
  /// break (Ctrl+K).
  case killToLineEnd
  /// Delete to the start of the line into the kill buffer; at the start of a line, the
  /// line break before it (Ctrl+U).
  case killToLineStart
  /// Insert the kill buffer (Ctrl+Y).
  case yank
}
