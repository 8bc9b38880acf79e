/// How two captured references differ in what `cairn parity` reads from them: the set of
/// files, and per command path the subcommands and the arguments (key and short name).
/// Descriptions and wrapping are not compared.
public struct CodexReferenceDiff: Sendable {
  public var missingFiles: [String]
  public var extraFiles: [String]
  /// One line per difference inside a page: `mcp add: missing --url`.
  public var pageDifferences: [String]

  public var isEmpty: Bool {
    missingFiles.isEmpty && extraFiles.isEmpty && pageDifferences.isEmpty
  }

  /// Compares `actual` against `expected`.
  public init(expected: CodexReference, actual: CodexReference) {
    let expectedFiles = Set(expected.files.keys)
    let actualFiles = Set(actual.files.keys)
    missingFiles = expectedFiles.subtracting(actualFiles).sorted()
    extraFiles = actualFiles.subtracting(expectedFiles).sorted()
    var differences: [String] = []
    for path in expected.paths {
      guard let want = expected.pages[path], let got = actual.pages[path] else { continue }
      let name = path.commandLine(program: "codex")
      let wantCommands = Set(want.subcommands)
      let gotCommands = Set(got.subcommands)
      for missing in wantCommands.subtracting(gotCommands).sorted() {
        differences.append("\(name): missing subcommand \(missing)")
      }
      for extra in gotCommands.subtracting(wantCommands).sorted() {
        differences.append("\(name): extra subcommand \(extra)")
      }
      let wantArguments = Dictionary(
        want.arguments.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
      let gotArguments = Dictionary(
        got.arguments.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
      for key in Set(wantArguments.keys).subtracting(gotArguments.keys).sorted() {
        differences.append("\(name): missing \(key)")
      }
      for key in Set(gotArguments.keys).subtracting(wantArguments.keys).sorted() {
        differences.append("\(name): extra \(key)")
      }
      for (key, argument) in wantArguments.sorted(by: { $0.key < $1.key }) {
        if let other = gotArguments[key], other.short != argument.short {
          differences.append(
            "\(name): \(key) has short name \(other.short.map { "-\($0)" } ?? "none"), "
              + "expected \(argument.short.map { "-\($0)" } ?? "none")")
        }
      }
    }
    pageDifferences = differences
  }

  /// One line per difference, or a line saying there is none.
  public var text: String {
    if isEmpty { return "the references match: same files, commands and flags\n" }
    var out = ""
    for file in missingFiles { out += "missing file \(file)\n" }
    for file in extraFiles { out += "extra file \(file)\n" }
    for line in pageDifferences { out += line + "\n" }
    return out
  }
}
