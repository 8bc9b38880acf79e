import CairnProtocol

/// The command line of a Codex shell tool call, from its JSON arguments: `shell` sends
/// `{"command": [argv…]}` (0.46), `shell_command` `{"command": "text"}` (0.65–0.87) and
/// `exec_command` `{"cmd": "text"}` (0.106+); the text ones run through `bash -lc`.
/// Other tools have no command line.
enum CodexShellCommand {
  static func argv(tool: String, arguments: String) -> [String] {
    let scanner = JSONScanner(
      source: JSONMemorySource(Array(arguments.utf8)), bufferBytes: 64 * 1024)
    do {
      try scanner.beginObject()
      while try scanner.nextMember() {
        let key = scanner.keyString
        let kind = try scanner.peekKind()
        switch (tool, key, kind) {
        case ("shell", "command", .array), ("container.exec", "command", .array):
          var argv: [String] = []
          try scanner.beginArray()
          while try scanner.nextElement() {
            if try scanner.peekKind() == .string {
              argv.append(try scanner.readString(keepingBytes: 64 * 1024).text)
            } else {
              try scanner.skipValue()
            }
          }
          return argv
        case ("shell_command", "command", .string), ("exec_command", "cmd", .string):
          return ["bash", "-lc", try scanner.readString(keepingBytes: 64 * 1024).text]
        default:
          try scanner.skipValue()
        }
      }
    } catch {
      // Arguments that are not JSON (the model's mistake) have no command line.
    }
    return []
  }
}
