import CairnCodex
import CairnCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `skills/list` and `hooks/list`. Cairn's agent loads no skills (no SKILL.md is read or
/// offered to the model) and runs no hooks, so each requested cwd gets empty `skills` and
/// `hooks`: exactly what a Cairn thread there will use (docs/APP_SERVER.md). What Codex
/// would have used is not hidden: each SKILL.md found where Codex looks
/// (`$CODEX_HOME/skills/**`, `.codex/skills/**` from the cwd up to its repository root) is
/// an entry of `errors` saying it is not loaded, and a `hooks` table in config.toml is a
/// warning. The shape is Codex's: one entry per cwd, the server's cwd when none is given.
enum AppServerHostLists {
  /// Directories visited per skills root, at most (a skills tree is small; this bounds a
  /// wrong root such as a home directory).
  static let directoriesMax = 2_000
  static let notLoaded = "Cairn does not load skills: this skill is not offered to the model"

  static func skills(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    _ = try request.params.bool("forceReload")
    let userSkills = skillFiles(under: request.hub.configRequest.home.path + "/skills")
    let data = try cwds(request).map { cwd -> JSONValue in
      let files = userSkills + repoSkillRoots(cwd).flatMap { skillFiles(under: $0) }
      let errors: [JSONValue] = files.map {
        .object([("path", .string($0)), ("message", .string(notLoaded))])
      }
      return .object([("cwd", .string(cwd)), ("skills", .array([])), ("errors", .array(errors))])
    }
    return AppServerReply(result: .object([("data", .array(data))]))
  }

  static func hooks(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let configPath = request.hub.configRequest.home.configFile
    var warnings: [JSONValue] = []
    if let file = try? ConfigFile.load(path: configPath), file.table["hooks"] != nil {
      warnings.append(
        .string("Cairn does not run hooks: the [hooks] of \(configPath) are not used"))
    }
    let data = try cwds(request).map { cwd -> JSONValue in
      .object([
        ("cwd", .string(cwd)), ("hooks", .array([])), ("warnings", .array(warnings)),
        ("errors", .array([])),
      ])
    }
    return AppServerReply(result: .object([("data", .array(data))]))
  }

  private static func cwds(_ request: AppServerRequest) throws(AppServerError) -> [String] {
    let given = try request.params.strings("cwds") ?? []
    return given.isEmpty ? [FileManager.default.currentDirectoryPath] : given
  }

  /// `.codex/skills` in the cwd and each parent up to the first one holding `.git` (only
  /// the cwd's when there is no repository).
  private static func repoSkillRoots(_ cwd: String) -> [String] {
    var roots: [String] = []
    var directory = cwd
    while true {
      roots.append(directory == "/" ? "/.codex/skills" : directory + "/.codex/skills")
      if access(directory + "/.git", F_OK) == 0 { return roots }
      guard let slash = directory.lastIndex(of: "/"), directory != "/" else { break }
      directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
    }
    return [roots[0]]
  }

  /// The SKILL.md files under `root`, sorted.
  private static func skillFiles(under root: String) -> [String] {
    var found: [String] = []
    var queue = [root]
    var visited = 0
    while let directory = queue.popLast(), visited < directoriesMax {
      visited += 1
      guard let handle = opendir(directory) else { continue }
      while let entry = readdir(handle) {
        let name = AppServerFileMethods.entryName(entry)
        if name == "." || name == ".." { continue }
        let path = directory + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) {
          queue.append(path)
        } else if name == "SKILL.md" {
          found.append(path)
        }
      }
      closedir(handle)
    }
    return found.sorted()
  }
}
