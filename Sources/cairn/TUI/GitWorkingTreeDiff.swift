import CairnTools
import CairnUI

/// `/diff`: the working tree's changes as git shows them, as Codex collects them: `git diff`
/// of the tracked files, then each untracked file (not ignored) against `/dev/null`.
enum GitWorkingTreeDiff {
  /// More than this is cut (a generated file should not fill the scrollback for minutes).
  static let bytesMax = 4 << 20

  static func run(cwd: String) -> DiffOutput.Result {
    guard let inside = git(["rev-parse", "--is-inside-work-tree"], cwd: cwd),
      inside.status == 0
    else { return .notARepository }
    var text = git(["diff", "--no-color", "--no-ext-diff"], cwd: cwd)?.output ?? ""
    let untracked =
      git(["ls-files", "--others", "--exclude-standard", "-z"], cwd: cwd)?.output ?? ""
    for file in untracked.split(separator: "\0") where text.utf8.count < bytesMax {
      // Exit status 1 means "they differ", which a new file always does.
      text +=
        git(
          ["diff", "--no-color", "--no-ext-diff", "--no-index", "--", "/dev/null", String(file)],
          cwd: cwd)?.output ?? ""
    }
    if text.utf8.count > bytesMax {
      text = String(decoding: text.utf8.prefix(bytesMax), as: UTF8.self) + "\n… (cut at 4 MiB)"
    }
    return .diff(text)
  }

  /// Runs git (found on the PATH) and returns its exit status and standard output; nil when
  /// it could not start.
  private static func git(_ arguments: [String], cwd: String) -> (status: Int32, output: String)? {
    var output: [UInt8] = []
    var environment = ProcessEnvironment.current
    environment["GIT_PAGER"] = "cat"
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    let result: PlainProcessResult
    do {
      result = try PlainProcess.run(
        PlainProcessSpec(
          arguments: ["git"] + arguments, workingDirectory: cwd, environment: environment),
        now: ToolClock.monotonicNanoseconds
      ) { chunk in
        if chunk.stream == .stdout, output.count < bytesMax + 1 { output += chunk.bytes }
      }
    } catch {
      return nil
    }
    guard case .exited(let code) = result.termination else { return nil }
    return (code, String(decoding: output, as: UTF8.self))
  }
}
