/// A shell script split the way the risk classifier needs it: simple commands (words and
/// redirections), how they are joined (pipes, `&&`, `;` …), and every construct the
/// split does not model (subshells, here-documents, unterminated quotes …) as a finding.
/// Command and process substitutions are kept as text on the word they appear in, so the
/// classifier can look inside them.
///
/// This is not a shell parser: it is conservative, and whatever it cannot follow becomes
/// a finding that makes the script at least risky, never safe.
struct ShellScript: Equatable {
  /// One word after quote removal. `text` is what the shell would pass when the word is
  /// literal; with expansions it is only an approximation (the expansion text is kept).
  struct Word: Equatable {
    var text: String
    /// No parameter, command or arithmetic expansion in it.
    var isLiteral = true
    /// An unquoted `*`, `?`, `[` or a brace expansion: the shell may turn it into other
    /// words, file names that could start with `-`.
    var hasGlob = false
    /// The texts of `$(…)`, backquoted and `<(…)`/`>(…)` substitutions in the word.
    var substitutions: [String] = []

    init(text: String, isLiteral: Bool = true, hasGlob: Bool = false) {
      self.text = text
      self.isLiteral = isLiteral
      self.hasGlob = hasGlob
    }
  }

  struct Redirection: Equatable {
    /// `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<>`, `<<`, `<<-`, `<<<`, `>&`, `<&`.
    var symbol: String
    var target: Word?
  }

  /// How a command is joined to the one before it.
  enum Joint: Equatable {
    case start, sequence, and, or, pipe, background
  }

  struct Command: Equatable {
    var joint: Joint
    var words: [Word] = []
    var redirections: [Redirection] = []
  }

  var commands: [Command] = []
  /// Constructs outside the model above, as reasons ("runs a subshell (…)").
  var findings: [String] = []
}
