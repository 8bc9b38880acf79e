import CairnCore

/// Programs that only read unless given particular options or arguments.
extension Assessment {
  mutating func addCheckedProgram(_ name: String, arguments: [ShellScript.Word], depth: Int) {
    let texts = arguments.map(\.text)
    switch name {
    case "find": addFind(arguments, depth: depth)
    case "rg":
      for option in ["--pre", "--hostname-bin"]
      where texts.contains(where: { $0 == option || $0.hasPrefix(option + "=") }) {
        add(.risky, "runs another program for each file (rg \(option))")
      }
      if texts.contains(where: { $0 == "-z" || $0 == "--search-zip" }) {
        add(.risky, "runs decompression programs (rg --search-zip)")
      }
    case "sed":
      // Only `sed -n N[,M]p [file]` is known to be read-only: other scripts can write
      // files (`w`), run commands (`e`), or edit in place (`-i`).
      let printsLines =
        texts.count >= 2 && texts.count <= 3 && texts[0] == "-n" && Self.isLineRange(texts[1])
      if !printsLines {
        if texts.contains(where: { $0.hasPrefix("-i") || $0.hasPrefix("--in-place") }) {
          add(.risky, "edits files in place (sed -i)")
        } else {
          add(.risky, "sed scripts can write files or run commands (sed)")
        }
      }
    case "sort":
      if texts.contains(where: {
        $0 == "-o" || $0.hasPrefix("--output") || $0.hasPrefix("--compress-program")
          || ($0.hasPrefix("-o") && !$0.hasPrefix("--"))
      }) {
        add(.risky, "writes a file (sort -o)")
      }
    case "uniq":
      if texts.filter({ !$0.hasPrefix("-") }).count >= 2 {
        add(.risky, "writes its second file argument (uniq IN OUT)")
      }
    case "date":
      if texts.contains(where: {
        $0 == "-s" || $0.hasPrefix("--set") || (!$0.hasPrefix("-") && !$0.hasPrefix("+"))
      }) {
        add(.risky, "sets the system clock (date)")
      }
    case "hostname":
      if texts.contains(where: { !$0.hasPrefix("-") }) { add(.risky, "sets the hostname") }
    case "tree":
      if texts.contains(where: { $0 == "-o" }) { add(.risky, "writes a file (tree -o)") }
    case "file":
      if texts.contains(where: { $0 == "-C" || $0 == "--compile" }) {
        add(.risky, "writes a compiled magic file (file -C)")
      }
    case "env":
      addEnv(arguments, depth: depth)
    case "command":
      if let first = texts.first, first == "-v" || first == "-V" { return }
      addWrapped(arguments, skippingValuesOf: [], depth: depth)
    case "git":
      addGit(texts)
    default:
      add(.risky, "\(name) is not a known read-only command")
    }
  }

  /// `N` or `N,M` followed by `p`.
  static func isLineRange(_ text: String) -> Bool {
    guard text.hasSuffix("p") else { return false }
    let parts = text.dropLast().split(separator: ",", omittingEmptySubsequences: false)
    return (1...2).contains(parts.count)
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }
  }

  private mutating func addFind(_ arguments: [ShellScript.Word], depth: Int) {
    var index = 0
    while index < arguments.count {
      let text = arguments[index].text
      switch text {
      case "-exec", "-execdir", "-ok", "-okdir":
        add(.risky, "runs a command for each file found (find \(text))")
        var end = index + 1
        while end < arguments.count, arguments[end].text != ";", arguments[end].text != "+" {
          end += 1
        }
        let inner = Array(arguments[min(index + 1, end)..<end])
        if !inner.isEmpty, depth < CommandRisk.nestingMax {
          addCommand(words: inner, pipedFromFetcher: false, depth: depth + 1)
        }
        index = end + 1
      case "-delete":
        add(.risky, "deletes the files found (find -delete)")
        index += 1
      case "-fls", "-fprint", "-fprint0", "-fprintf":
        add(.risky, "writes the list of files found to a file (find \(text))")
        index += 1
      default:
        index += 1
      }
    }
  }

  /// `env` alone prints the environment; `env NAME=V … CMD` runs CMD with it changed.
  private mutating func addEnv(_ arguments: [ShellScript.Word], depth: Int) {
    var index = 0
    while index < arguments.count {
      let text = arguments[index].text
      if text == "-u" || text == "--unset" || text == "-C" || text == "--chdir" || text == "-S" {
        index += 2
      } else if text.hasPrefix("-") || Self.isAssignment(text) {
        index += 1
      } else {
        break
      }
    }
    guard index < arguments.count else { return }
    add(.risky, "runs a command with a changed environment (env)")
    guard depth < CommandRisk.nestingMax else { return }
    addCommand(words: Array(arguments[index...]), pipedFromFetcher: false, depth: depth + 1)
  }
}
