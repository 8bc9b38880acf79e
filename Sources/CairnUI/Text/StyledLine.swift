/// A run of text in one style.
public struct Span: Hashable, Sendable {
  public var text: String
  public var style: Style

  public init(_ text: String, _ style: Style = .plain) {
    self.text = text
    self.style = style
  }
}

/// One line of styled text, as views build them: transcript cells, the composer, popups.
/// It holds no line breaks; `wrapped(width:)` splits it to fit a width.
///
/// ```swift
/// let line = StyledLine([Span("› ", .bold), Span("hello")])
/// line.columns  // 7
/// ```
public struct StyledLine: Hashable, Sendable {
  public var spans: [Span]

  public init(_ spans: [Span] = []) {
    self.spans = spans.filter { !$0.text.isEmpty }
  }

  public init(_ text: String, _ style: Style = .plain) {
    self.init([Span(text, style)])
  }

  public static let empty = StyledLine()

  /// The terminal columns the line takes.
  public var columns: Int {
    spans.reduce(0) { $0 + TextWidth.columns($1.text) }
  }

  /// The text without styles.
  public var text: String { spans.map(\.text).joined() }

  public mutating func append(_ text: String, _ style: Style = .plain) {
    guard !text.isEmpty else { return }
    if let last = spans.last, last.style == style {
      spans[spans.count - 1].text += text
    } else {
      spans.append(Span(text, style))
    }
  }

  public static func + (left: StyledLine, right: StyledLine) -> StyledLine {
    var joined = left
    for span in right.spans { joined.append(span.text, span.style) }
    return joined
  }
}

extension Frame {
  /// Draws `line` from (`row`, `column`), clipped at the right edge; returns the columns
  /// used.
  @discardableResult
  public mutating func draw(_ line: StyledLine, row: Int, column: Int = 0) -> Int {
    var position = column
    for span in line.spans {
      position += write(span.text, row: row, column: position, style: span.style)
    }
    return position - column
  }
}
