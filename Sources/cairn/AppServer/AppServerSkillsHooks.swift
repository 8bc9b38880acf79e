import CairnCore
import Foundation

/// `skills/list` and `hooks/list`. Cairn's agent loads no skills (no SKILL.md is read or
/// offered to the model) and runs no hooks, so each requested cwd gets empty lists: that
/// is exactly what a Cairn thread there will use (docs/APP_SERVER.md says so). The shape
/// is Codex's: one entry per cwd, the server's cwd when none is given.
enum AppServerHostLists {
  static func skills(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    _ = try request.params.bool("forceReload")
    let data = try cwds(request).map { cwd -> JSONValue in
      .object([("cwd", .string(cwd)), ("skills", .array([])), ("errors", .array([]))])
    }
    return AppServerReply(result: .object([("data", .array(data))]))
  }

  static func hooks(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let data = try cwds(request).map { cwd -> JSONValue in
      .object([
        ("cwd", .string(cwd)), ("hooks", .array([])), ("warnings", .array([])),
        ("errors", .array([])),
      ])
    }
    return AppServerReply(result: .object([("data", .array(data))]))
  }

  private static func cwds(_ request: AppServerRequest) throws(AppServerError) -> [String] {
    let given = try request.params.strings("cwds") ?? []
    return given.isEmpty ? [FileManager.default.currentDirectoryPath] : given
  }
}
