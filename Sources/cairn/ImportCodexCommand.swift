import ArgumentParser
import CairnCodex
import CairnCore
import CairnEngine

/// `cairn import codex [FILE…|--all]`: Codex rollouts become native sessions.
struct ImportCodexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codex",
    abstract: "Import Codex rollouts (rollout-*.jsonl) as native Cairn sessions.",
    discussion: """
      Each rollout becomes the session whose id is its Codex thread id, so `cairn session \
      show <thread id>` finds it. Every text goes through Cairn's secret redactor before it \
      is stored. Importing a file again appends nothing when it did not change, and only \
      the new lines when Codex appended to it since; a file that was replaced (a different \
      line 1) or truncated is an error naming it. Malformed and unknown lines are reported \
      with their line numbers and the rest is imported (docs/CODEX_COMPAT.md). Exit codes: \
      0 every file imported, 1 some file could not be imported (the others still are).
      """
  )

  @Argument(help: "Rollout files to import.")
  var files: [String] = []

  @Flag(help: "Import every rollout under the Codex home (sessions/ and archived_sessions/).")
  var all = false

  @Flag(help: .hidden)
  var readInline = false

  @OptionGroup var codexHome: CodexHomeOption
  @OptionGroup var options: HomeOptions

  func validate() throws {
    if all == !files.isEmpty {
      throw ValidationError("give rollout files, or --all for every rollout in the Codex home")
    }
  }

  func run() throws {
    let home = CairnHome.resolve(explicit: options.home)
    let paths =
      all
      ? CodexSessionFiles.list(home: codexHome.home.path).map(\.path) : files
    var results: [JSONValue] = []
    var failed = 0
    for path in paths {
      let bar = ProgressBar(
        label: "importing \(path.split(separator: "/").last.map(String.init) ?? path)",
        total: (try? CodexImport.size(ofFile: path)) ?? 0)
      do {
        let result = try CodexImport.importRollout(
          path: path, home: home, readAhead: !readInline
        ) { bar.update($0) }
        bar.finish()
        for problem in result.problems {
          StandardError.write("cairn: \(path): \(problem)\n")
        }
        if let truncated = result.truncatedLastLine {
          StandardError.write("cairn: \(path): \(truncated) (not imported yet)\n")
        }
        for refused in result.refused {
          StandardError.write(
            "cairn: \(path): line \(refused.line): not imported: \(refused.reason)\n")
        }
        if options.json {
          results.append(.object(ImportRendering.members(result)))
        } else {
          print(ImportRendering.line(result))
        }
      } catch {
        bar.finish()
        failed += 1
        StandardError.write("cairn: \(error)\n")
        if options.json {
          results.append(
            .object([("path", .string(path)), ("error", .string(error.description))]))
        }
      }
    }
    if options.json {
      print(JSONValue.object([("files", .array(results)), ("failed", .uint(UInt64(failed)))]).text)
    }
    if all && paths.isEmpty && !options.json {
      print("no rollouts under \(codexHome.home.path)")
    }
    if failed > 0 { throw ExitCode(1) }
  }
}

/// The summary of one imported file, as text and as JSON members.
enum ImportRendering {
  static func line(_ result: CodexImport.Result) -> String {
    if result.waitingForTurnContext {
      return "\(result.path): session \(result.sessionID) not created yet: the rollout has no "
        + "turn_context so far (\(result.linesRead) lines read); import it again later"
    }
    var text =
      "\(result.path): session \(result.sessionID) \(result.created ? "created" : "continued"): "
      + "\(result.counts.eventsAppended) events appended, \(result.linesRead) lines read"
    text += ", \(result.malformedCount) malformed"
    if !result.problems.isEmpty {
      text +=
        " (lines "
        + result.problems.prefix(10).map { String($0.lineNumber) }
        .joined(separator: ", ") + (result.problems.count > 10 ? ", …" : "") + ")"
    }
    text += ", \(result.counts.unknownCount) unknown"
    if let truncated = result.truncatedLastLine {
      text += ", truncated last line \(truncated.lineNumber)"
    }
    return text
  }

  static func members(_ result: CodexImport.Result) -> [(String, JSONValue)] {
    [
      ("path", .string(result.path)), ("session_id", .string(result.sessionID.rawValue)),
      ("created", .bool(result.created)),
      ("waiting_for_turn_context", .bool(result.waitingForTurnContext)),
      ("events_appended", .uint(UInt64(result.counts.eventsAppended))),
      ("lines_read", .uint(UInt64(result.linesRead))),
      ("records_imported", .uint(UInt64(result.counts.linesImported))),
      ("start_offset", .uint(result.startOffset)), ("end_offset", .uint(result.endOffset)),
      ("file_bytes", .uint(result.fileBytes)), ("lines", .uint(UInt64(result.lines))),
      ("malformed", .uint(UInt64(result.malformedCount))),
      (
        "malformed_lines",
        .array(
          result.problems.map {
            .object([
              ("line", .uint(UInt64($0.lineNumber))), ("offset", .uint($0.lineOffset)),
              ("kind", .string($0.kindName)), ("message", .string($0.description)),
            ])
          })
      ),
      ("unknown", .uint(UInt64(result.counts.unknownCount))),
      (
        "unknown_types",
        .array(
          result.counts.unknown.map {
            .object([
              ("type", .string($0.type)), ("first_line", .uint(UInt64($0.firstLine))),
              ("count", .uint(UInt64($0.count))),
            ])
          })
      ),
      (
        "truncated_last_line",
        result.truncatedLastLine.map { .uint(UInt64($0.lineNumber)) } ?? .null
      ),
      (
        "refused",
        .array(
          result.refused.map {
            .object([("line", .uint(UInt64($0.line))), ("reason", .string($0.reason))])
          })
      ),
      ("skipped", .object(result.counts.skipped.map { ($0.0, .uint(UInt64($0.1))) })),
      ("texts_cut", .uint(UInt64(result.counts.textsCut))),
    ]
  }
}
