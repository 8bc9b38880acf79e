import CairnCodex
import CairnCore
import CairnServer
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `config/value/write` and `config/batchWrite`: edits of the user's config.toml, in the
/// text (comments and order stay), checked before anything is written: the new text must
/// parse to exactly the edited values and pass the config schema, and `expectedVersion`
/// (the `version` that `config/read` reports) must still be the file's. The file is
/// replaced atomically, mode 0600.
enum AppServerConfigWrite {
  /// One edit: a dotted key path, the JSON value (null removes the key) and how a table
  /// value meets the table already there.
  struct Edit {
    var path: ConfigKeyPath
    var value: ConfigValue?
    var upsert: Bool
  }

  /// Read-modify-write of the file is one step per process.
  private static let lock = NSLock()

  static func valueWrite(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let edit = try parseEdit(request.params)
    return try write(
      [edit], request: request, filePath: try request.params.string("filePath"),
      expectedVersion: try request.params.string("expectedVersion"))
  }

  static func batchWrite(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    guard let items = try request.params.array("edits") else {
      throw AppServerParams.missing("edits")
    }
    var edits: [Edit] = []
    for item in items {
      guard case .object = item.kind else {
        throw .malformed("invalid type: \(AppServerParams.unexpected(item)), expected a map")
      }
      edits.append(try parseEdit(try AppServerParams(item, method: "")))
    }
    // Loaded threads keep the settings they started with (docs/APP_SERVER.md); the flag
    // is read so a wrong type is still refused.
    _ = try request.params.bool("reloadUserConfig")
    return try write(
      edits, request: request, filePath: try request.params.string("filePath"),
      expectedVersion: try request.params.string("expectedVersion"))
  }

  // MARK: Params

  private static func parseEdit(_ params: AppServerParams) throws(AppServerError) -> Edit {
    let keyPath = try params.requiredString("keyPath")
    guard let raw = params.members.first(where: { $0.0 == "value" })?.1 else {
      throw AppServerParams.missing("value")
    }
    let strategy = try params.requiredString("mergeStrategy")
    guard strategy == "replace" || strategy == "upsert" else {
      throw .malformed("unknown variant `\(strategy)`, expected `replace` or `upsert`")
    }
    let path = try parseKeyPath(keyPath)
    let value = try configValue(raw, at: path)
    return Edit(path: path, value: value, upsert: strategy == "upsert")
  }

  /// `tui.theme` → [tui, theme]. Every segment must be non-empty.
  static func parseKeyPath(_ text: String) throws(AppServerError) -> ConfigKeyPath {
    guard !text.isEmpty else { throw validation("keyPath must not be empty") }
    let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if segments.contains(where: \.isEmpty) {
      throw validation("keyPath `\(text)` has an empty segment (write keys as `table.key`)")
    }
    return ConfigKeyPath(segments)
  }

  /// The JSON value as a TOML value; null (at the top) means "remove the key". Members of
  /// an object that are null are left out, as TOML has no null; null inside an array is an
  /// error.
  static func configValue(_ json: ParsedJSON, at path: ConfigKeyPath) throws(AppServerError)
    -> ConfigValue?
  {
    switch json.kind {
    case .null: return nil
    case .bool(let flag): return .boolean(flag)
    case .string(let text): return .string(text)
    case .number(let text):
      if let integer = Int64(text) { return .integer(integer) }
      if let number = Double(text), number.isFinite { return .float(number) }
      throw validation("`\(path)`: \(text) does not fit a TOML integer or float")
    case .array(let items):
      var values: [ConfigValue] = []
      for (index, item) in items.enumerated() {
        guard let value = try configValue(item, at: path.appending(String(index))) else {
          throw validation("`\(path)`: TOML arrays cannot hold null (item \(index))")
        }
        values.append(value)
      }
      return .array(values)
    case .object(let members):
      var table = ConfigTable()
      for (key, member) in members {
        if let value = try configValue(member, at: path.appending(key)) { table[key] = value }
      }
      return .table(table)
    }
  }

  // MARK: Writing

  private static func write(
    _ edits: [Edit], request: AppServerRequest, filePath: String?, expectedVersion: String?
  ) throws(AppServerError) -> AppServerReply {
    let path = request.hub.configRequest.home.configFile
    if let filePath, !sameFile(filePath, path) {
      throw AppServerError(
        code: AppServerError.invalidRequestCode,
        message: "Only writes to the user config are allowed",
        data: errorData("configLayerReadonly"))
    }
    lock.lock()
    defer { lock.unlock() }
    let existing: ConfigFile?
    do {
      existing = try ConfigFile.load(path: path)
    } catch {
      throw .internal("failed to read the config: \(error)")
    }
    let table = existing?.table ?? ConfigTable()
    if let expectedVersion, expectedVersion != version(of: table) {
      throw AppServerError(
        code: AppServerError.invalidRequestCode,
        message: "Configuration was modified since last read. Fetch latest version and retry.",
        data: errorData("configVersionConflict"))
    }
    var text = existing?.text ?? ""
    var expected = table
    for edit in edits {
      do {
        text = try apply(edit, to: text, current: expected)
      } catch {
        throw validation("\(path) was left unchanged: \(error)")
      }
      apply(edit, to: &expected)
    }
    let parsed: ConfigFile
    do {
      parsed = try ConfigFile(path: path, text: text)
    } catch {
      throw validation("\(path) was left unchanged: the edited text would not parse: \(error)")
    }
    guard pruned(parsed.table) == pruned(expected) else {
      throw validation(
        "\(path) was left unchanged: its layout cannot be edited safely here; edit "
          + edits.map { "`\($0.path)`" }.joined(separator: ", ") + " by hand")
    }
    let problems = parsed.diagnostics(catalog: .embedded).filter { $0.severity == .error }
    if !problems.isEmpty {
      let lines = problems.map { problem in
        "\(problem.message)\nin `\(problem.key?.description ?? "")`\n"
      }
      throw validation("Invalid configuration: " + lines.joined())
    }
    if existing?.text != text {
      do {
        try ConfigFileWriter.write(text, to: path)
      } catch {
        throw .internal("failed to write the config: \(error)")
      }
    }
    // The file holds the user's settings (and maybe tokens): owner only, as Codex leaves it.
    _ = chmod(path, 0o600)
    let overridden = overriddenMetadata(edits, request: request)
    return AppServerReply(
      result: .object([
        ("status", .string(overridden == nil ? "ok" : "okOverridden")),
        ("version", .string(version(of: parsed.table))),
        ("filePath", .string(canonical(path))),
        ("overriddenMetadata", overridden ?? .null),
      ]))
  }

  /// The text edit for one edit. `current` is the config before it (to know whether a
  /// table stands where a value goes).
  private static func apply(_ edit: Edit, to text: String, current: ConfigTable)
    throws(ConfigTextEditor.Failure) -> String
  {
    let old = current.value(at: edit.path)
    guard let value = edit.value else {
      return try ConfigTextEditor.remove(edit.path, from: text)
    }
    if edit.upsert, case .table(let members) = value, case .table = old {
      var out = text
      for (key, member) in members.entries {
        out = try apply(
          Edit(path: edit.path.appending(key), value: member, upsert: true), to: out,
          current: current)
      }
      return out
    }
    var out = text
    // A table (or any value replaced by a table) is rewritten whole; a scalar over a
    // scalar only changes its value's bytes, keeping the key's place and comment.
    if case .table = old {
      out = try ConfigTextEditor.remove(edit.path, from: out)
    } else if case .table = value, old != nil {
      out = try ConfigTextEditor.remove(edit.path, from: out)
    }
    return try ConfigTextEditor.write(value, at: edit.path, in: out)
  }

  /// The same edit on the parsed values: what the new text must parse to.
  static func apply(_ edit: Edit, to table: inout ConfigTable) {
    guard let value = edit.value else {
      remove(edit.path, from: &table)
      return
    }
    if edit.upsert, case .table(let members) = value,
      case .table = table.value(at: edit.path)
    {
      for (key, member) in members.entries {
        apply(Edit(path: edit.path.appending(key), value: member, upsert: true), to: &table)
      }
      return
    }
    table.setValue(value, at: edit.path)
  }

  private static func remove(_ path: ConfigKeyPath, from table: inout ConfigTable) {
    guard let first = path.segments.first else { return }
    if path.count == 1 {
      table[first] = nil
      return
    }
    guard var child = table[first]?.tableValue else { return }
    remove(ConfigKeyPath(Array(path.segments.dropFirst())), from: &child)
    table[first] = .table(child)
  }

  /// Empty tables left out, at every depth: `[tui]` with no keys left and no `tui` at all
  /// read the same.
  private static func pruned(_ table: ConfigTable) -> ConfigTable {
    var out = ConfigTable()
    for (key, value) in table.entries {
      if case .table(let inner) = value {
        let child = pruned(inner)
        if !child.isEmpty { out[key] = .table(child) }
      } else {
        out[key] = value
      }
    }
    return out
  }

  // MARK: Versions, paths, errors

  /// Codex's layer version: `sha256:` and the digest of the layer's values as compact JSON
  /// with sorted keys (an empty or missing file is `{}`).
  static func version(of table: ConfigTable) -> String {
    "sha256:" + AppServerSHA256.hex(Array(sortedJSON(.table(table)).text.utf8))
  }

  private static func sortedJSON(_ value: ConfigValue) -> JSONValue {
    switch value {
    case .table(let table):
      return .object(
        table.entries.sorted { $0.key < $1.key }.map { ($0.key, sortedJSON($0.value)) })
    case .array(let items): return .array(items.map(sortedJSON))
    default: return value.jsonValue
    }
  }

  private static func sameFile(_ given: String, _ config: String) -> Bool {
    given == config || canonical(given) == canonical(config)
  }

  /// The path with symlinks resolved when it exists.
  static func canonical(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private static func errorData(_ code: String) -> JSONValue {
    .object([("config_write_error_code", .string(code))])
  }

  private static func validation(_ message: String) -> AppServerError {
    AppServerError(
      code: AppServerError.invalidRequestCode, message: message,
      data: errorData("configValidationError"))
  }

  /// When a session layer (`-c`, `--enable`, a profile) still decides an edited key, the
  /// write is `okOverridden` and this says which layer and the value in effect.
  private static func overriddenMetadata(_ edits: [Edit], request: AppServerRequest)
    -> JSONValue?
  {
    guard let config = try? ConfigLoader.load(request.hub.configRequest, catalog: .embedded)
    else { return nil }
    for edit in edits {
      guard
        let leaf = config.leaves.first(where: { $0.path.hasPrefix(edit.path) }),
        leaf.source != .defaultValue
      else { continue }
      let layer: JSONValue
      let message: String
      var layerVersion = JSONValue.null
      switch leaf.source {
      case .file, .defaultValue: continue
      case .override, .featureFlag:
        layer = .object([("type", .string("sessionFlags"))])
        message = "Overridden by session flags"
        layerVersion = .string(version(of: sessionFlags(request.hub.configRequest)))
      case .profileFile(let name, let path), .profileTable(let name, let path):
        layer = .object([
          ("type", .string("user")), ("file", .string(path)), ("profile", .string(name)),
        ])
        message = "Overridden by profile `\(name)`"
      }
      return .object([
        ("message", .string(message)),
        ("overridingLayer", .object([("name", layer), ("version", layerVersion)])),
        ("effectiveValue", leaf.value.jsonValue),
      ])
    }
    return nil
  }

  /// The server's `-c` flags as one table: Codex's session-flags layer.
  private static func sessionFlags(_ request: ConfigRequest) -> ConfigTable {
    var table = ConfigTable()
    for argument in request.overrides {
      guard let override = try? ConfigOverride.parse(argument) else { continue }
      table.setValue(override.value, at: override.path)
    }
    return table
  }
}
