import CairnCore

/// Walking a script: commands, substitutions, redirections, keywords and assignments.
extension Assessment {
  /// Commands that fetch from the network, for `curl … | sh`.
  static let fetchers: Set<String> = ["curl", "wget", "fetch", "aria2c", "nc", "ncat", "http"]

  mutating func addScript(_ script: String, depth: Int) {
    guard depth <= CommandRisk.nestingMax else {
      add(.risky, "nests shells or substitutions too deeply to analyse")
      return
    }
    let parsed = ShellScript.parse(script)
    for finding in parsed.findings { add(.risky, finding) }
    if parsed.commands.isEmpty && parsed.findings.isEmpty {
      add(.risky, "the command is empty")
    }
    var fetcherInPipeline = false
    for command in parsed.commands {
      if command.joint != .pipe { fetcherInPipeline = false }
      let targets = command.redirections.compactMap(\.target)
      for word in command.words + targets {
        for substitution in word.substitutions { addScript(substitution, depth: depth + 1) }
      }
      for redirection in command.redirections { addRedirection(redirection) }
      let name = addCommand(
        words: command.words, pipedFromFetcher: fetcherInPipeline, depth: depth)
      if let name, Self.fetchers.contains(name) { fetcherInPipeline = true }
    }
  }

  mutating func addRedirection(_ redirection: ShellScript.Redirection) {
    switch redirection.symbol {
    case ">", ">>", ">|", "&>", "&>>", "<>", ">&":
      guard let target = redirection.target else { return }
      let text = target.text
      if redirection.symbol == ">&" && target.isLiteral
        && (text == "-" || (!text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }))
      {
        return  // `>&2`: a descriptor, not a file.
      }
      guard target.isLiteral && !target.hasGlob else {
        add(.risky, "writes to a file whose name is known only when it runs")
        return
      }
      if ["/dev/null", "/dev/stdout", "/dev/stderr"].contains(text) { return }
      let devices = [
        "/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/nvme", "/dev/mmcblk", "/dev/disk",
        "/dev/mem", "/dev/kmem", "/dev/port", "/dev/dm-", "/dev/md",
      ]
      if devices.contains(where: { text.hasPrefix($0) }) {
        add(.dangerous, "writes to a raw disk or memory device (\(redirection.symbol) \(text))")
      } else {
        add(.risky, "writes to a file (\(redirection.symbol) \(text))")
      }
    case "<", "<<<", "<&", "<<", "<<-":
      return  // Reads; a here-document is already a finding.
    default:
      add(.risky, "uses the redirection `\(redirection.symbol)`, which is not analysed")
    }
  }

  /// Classifies one simple command; returns its program name when it has a literal one.
  @discardableResult
  mutating func addCommand(
    words all: [ShellScript.Word], pipedFromFetcher: Bool, depth: Int
  ) -> String? {
    var words = all[...]
    let control = "uses shell control flow (if, for, while …), analysed command by command"
    keywords: while let first = words.first, first.isLiteral {
      switch first.text {
      case "!", "time", "]]":
        words.removeFirst()
      case "[[":
        return "[["  // A test: it only reads (its substitutions were looked at already).
      case "if", "then", "elif", "else", "while", "until", "do", "{", "}", "fi", "done", "esac":
        add(.risky, control)
        words.removeFirst()
      case "for", "select", "case", "function", "coproc":
        add(.risky, control)
        return nil
      default:
        guard Self.isAssignment(first.text) else { break keywords }
        let name = first.text.prefix { $0 != "=" }
        add(.risky, "sets environment variables for the command (\(name)=…)")
        words.removeFirst()
      }
    }
    guard let commandWord = words.first else { return nil }
    guard commandWord.isLiteral && !commandWord.hasGlob else {
      add(.risky, "the program to run is known only when it runs")
      return nil
    }
    let name = Self.programName(commandWord.text)
    addProgram(
      name, arguments: Array(words.dropFirst()), pipedFromFetcher: pipedFromFetcher, depth: depth)
    return name
  }

  static func programName(_ path: String) -> String {
    // Most programs are bare names: no split, no new string (it runs for every command).
    let utf8 = path.utf8
    guard utf8.contains(UInt8(ascii: "/")) else { return path }
    var end = utf8.endIndex
    while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") {
      end = utf8.index(before: end)
    }
    guard end > utf8.startIndex else { return path }
    var start = end
    while start > utf8.startIndex, utf8[utf8.index(before: start)] != UInt8(ascii: "/") {
      start = utf8.index(before: start)
    }
    return String(path[start..<end])
  }

  /// `NAME=value`, with a shell variable name.
  static func isAssignment(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { return false }
    func isNameByte(_ byte: UInt8) -> Bool {
      byte == 0x5F || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
    guard isNameByte(bytes[0]) else { return false }
    return bytes[1..<equals].allSatisfy { isNameByte($0) || ($0 >= 0x30 && $0 <= 0x39) }
  }
}
