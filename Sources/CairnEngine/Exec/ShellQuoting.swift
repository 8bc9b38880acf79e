/// A command line as a POSIX shell reads it back: how `exec --json` shows the argv Cairn
/// ran (`/bin/bash -lc 'ls -la'`), as Codex shows it.
public enum ShellQuoting {
  public static func join(_ argv: [String]) -> String {
    argv.map(quote).joined(separator: " ")
  }

  public static func quote(_ word: String) -> String {
    if !word.isEmpty && word.utf8.allSatisfy(isPlain) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
  }

  private static func isPlain(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"),
      UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "@"),
      UInt8(ascii: "%"), UInt8(ascii: "+"):
      return true
    default:
      return false
    }
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
