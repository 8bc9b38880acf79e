/// Adds and removes `[mcp_servers.NAME]` tables in the text of config.toml, leaving every
/// other byte as it was: comments, order, spacing and the other servers (docs/MCP.md,
/// "`cairn mcp`"). Codex rewrites the whole `mcp_servers` section; Cairn touches only the
/// server named.
public enum MCPServersEdit {
  /// A table to write for a new server: what `cairn mcp add` takes.
  public struct NewServer: Equatable, Sendable {
    public enum Transport: Equatable, Sendable {
      case stdio(command: String, arguments: [String], environment: [(String, String)])
      case streamableHTTP(url: String, bearerTokenEnvironmentVariable: String?)

      public static func == (lhs: Transport, rhs: Transport) -> Bool {
        switch (lhs, rhs) {
        case (.stdio(let a, let b, let c), .stdio(let x, let y, let z)):
          a == x && b == y && c.map(\.0) == z.map(\.0) && c.map(\.1) == z.map(\.1)
        case (.streamableHTTP(let a, let b), .streamableHTTP(let x, let y)): a == x && b == y
        default: false
        }
      }
    }

    public var name: String
    public var transport: Transport

    public init(name: String, transport: Transport) {
      self.name = name
      self.transport = transport
    }
  }

  /// Whether `name` may name a server: letters, digits, `-` and `_` (Codex's rule for
  /// `mcp add`; the name becomes part of the tool names the model sees).
  public static func isValidName(_ name: String) -> Bool {
    !name.isEmpty
      && name.utf8.allSatisfy { byte in
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
          || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
      }
  }

  /// Whether `url` is an http:// or https:// URL with a host (no spaces or newlines).
  public static func isHTTPURL(_ url: String) -> Bool {
    let lower = url.lowercased()
    for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
      let rest = lower.dropFirst(scheme.count)
      let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      return !host.isEmpty && !url.contains(where: { $0 == " " || $0.isNewline })
    }
    return false
  }

  /// `text` with the server's table (and its sub-tables, and any dotted or inline keys
  /// that define it) removed, and whether there was one.
  public static func remove(_ name: String, from text: String) throws(TOMLTextEdit.Failure)
    -> (text: String, removed: Bool)
  {
    let result = try removing(name, from: text)
    return (result.text, result.removed)
  }

  /// ``remove(_:from:)``, with where the server's `[mcp_servers.NAME]` header was in the
  /// new text (so a replacement goes in the same place).
  static func removing(_ name: String, from text: String) throws(TOMLTextEdit.Failure)
    -> (text: String, removed: Bool, headerOffset: Int?)
  {
    let server = ConfigKeyPath(["mcp_servers", name])
    let bytes = Array(text.utf8)
    let statements = TOMLScanner.statements(of: text)
    var ranges: [Range<Int>] = []
    for (index, statement) in statements.enumerated() {
      switch statement.kind {
      case .header:
        guard statement.path.hasPrefix(server) else { continue }
        // The section: the header and the keys under it, up to the next header.
        var end = statement.lineEnd
        for next in statements[(index + 1)...] {
          if case .header = next.kind { break }
          end = next.lineEnd
        }
        ranges.append(statement.lineStart..<swallowBlankLines(bytes, from: end))
      case .keyValue:
        if statement.path.hasPrefix(server) {
          // `NAME = { … }` under [mcp_servers], or `mcp_servers.NAME.command = …`. The
          // statement may share its table's section with others: remove its lines only.
          if !ranges.contains(where: { $0.contains(statement.lineStart) }) {
            ranges.append(statement.lineStart..<statement.lineEnd)
          }
        } else if server.hasPrefix(statement.path) {
          throw TOMLTextEdit.Failure(
            description:
              "`\(statement.path)` is written as one inline table; edit the server `\(name)` "
              + "in it by hand")
        }
      }
    }
    guard !ranges.isEmpty else { return (text, false, nil) }
    let header = statements.first { $0.kind == .header(arrayOfTables: false) && $0.path == server }
    var headerOffset: Int?
    var out: [UInt8] = []
    var cursor = 0
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      guard range.lowerBound >= cursor else {
        cursor = max(cursor, range.upperBound)
        continue
      }
      out += bytes[cursor..<range.lowerBound]
      if range.lowerBound == header?.lineStart { headerOffset = out.count }
      cursor = range.upperBound
    }
    out += bytes[cursor...]
    return (String(decoding: out, as: UTF8.self), true, headerOffset)
  }

  /// `text` with the server's table added: in the place of a table of that name (which it
  /// replaces), else after the last `[mcp_servers.*]` section, else at the end of the file.
  public static func add(_ server: NewServer, to text: String) throws(TOMLTextEdit.Failure)
    -> String
  {
    let removal = try removing(server.name, from: text)
    let base = removal.text
    let bytes = Array(base.utf8)
    let newline = base.contains("\r\n") ? "\r\n" : "\n"
    let block = tableText(server, newline: newline)
    // A replaced server keeps its place.
    if let offset = removal.headerOffset {
      let trail = offset < bytes.count ? newline : ""
      return splice(bytes, offset..<offset, block + trail)
    }
    let statements = TOMLScanner.statements(of: base)
    let mcp = ConfigKeyPath(["mcp_servers"])
    // After the last section under [mcp_servers…], when there is one: before the next
    // header (so a root-level key never moves into a table).
    if let lastIndex = statements.lastIndex(where: { statement in
      if case .header = statement.kind { return statement.path.hasPrefix(mcp) }
      return false
    }) {
      var end = statements[lastIndex].lineEnd
      for next in statements[(lastIndex + 1)...] {
        if case .header = next.kind { break }
        end = next.lineEnd
      }
      var lead = end > 0 && bytes[end - 1] != 0x0A ? newline : ""
      lead += newline
      // A blank line already separates the section from what follows: keep it after the
      // new block; else add one.
      let trail = end < bytes.count && !startsWithBlankLine(bytes, at: end) ? newline : ""
      return splice(bytes, end..<end, lead + block + trail)
    }
    var prefix = ""
    if !bytes.isEmpty {
      if bytes.last != 0x0A { prefix += newline }
      prefix += newline
    }
    return splice(bytes, bytes.count..<bytes.count, prefix + block)
  }

  /// The TOML of a new server, as Codex writes it: the table, then `[…env]` for stdio
  /// environment variables.
  static func tableText(_ server: NewServer, newline: String) -> String {
    let header = ConfigKeyPath(["mcp_servers", server.name]).description
    var lines = ["[\(header)]"]
    switch server.transport {
    case .stdio(let command, let arguments, let environment):
      lines.append("command = \(TOMLText.quoted(command))")
      if !arguments.isEmpty {
        lines.append("args = [\(arguments.map(TOMLText.quoted).joined(separator: ", "))]")
      }
      if !environment.isEmpty {
        lines.append("")
        lines.append("[\(header).env]")
        for (key, value) in environment {
          lines.append("\(ConfigKeyPath.tomlKey(key)) = \(TOMLText.quoted(value))")
        }
      }
    case .streamableHTTP(let url, let variable):
      lines.append("url = \(TOMLText.quoted(url))")
      if let variable { lines.append("bearer_token_env_var = \(TOMLText.quoted(variable))") }
    }
    return lines.joined(separator: newline) + newline
  }

  /// Whether the line starting at `offset` holds only spaces and tabs.
  private static func startsWithBlankLine(_ bytes: [UInt8], at offset: Int) -> Bool {
    var cursor = offset
    while cursor < bytes.count,
      bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0D
    {
      cursor += 1
    }
    return cursor < bytes.count && bytes[cursor] == 0x0A
  }

  /// The offset past blank lines that follow `offset`, so a removed section leaves no gap.
  private static func swallowBlankLines(_ bytes: [UInt8], from offset: Int) -> Int {
    var end = offset
    var cursor = offset
    while cursor < bytes.count {
      let byte = bytes[cursor]
      if byte == 0x0A {
        end = cursor + 1
      } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
        break
      }
      cursor += 1
    }
    return end
  }

  private static func splice(_ bytes: [UInt8], _ range: Range<Int>, _ replacement: String)
    -> String
  {
    var out = Array(bytes[..<range.lowerBound])
    out += Array(replacement.utf8)
    out += bytes[range.upperBound...]
    return String(decoding: out, as: UTF8.self)
  }
}

extension MCPServersEdit {
  /// What a change to config.toml did.
  public struct Outcome: Equatable, Sendable {
    public var file: String
    /// For `add`: a server of that name was there and is replaced. For `remove`: the
    /// server was there and is gone (false: nothing to remove, the file is untouched).
    public var existed: Bool
  }

  /// Adds (or replaces) the server in `$CODEX_HOME/config.toml`, creating the file (0600)
  /// when there is none.
  public static func add(_ server: NewServer, home: CodexHome) throws(ConfigError) -> Outcome {
    let path = home.configFile
    let existing = try ConfigFile.load(path: path)
    let oldTable = existing?.table ?? ConfigTable()
    let key = ConfigKeyPath(["mcp_servers", server.name])
    let newText: String
    do {
      newText = try add(server, to: existing?.text ?? "")
    } catch {
      throw .io(file: path, message: "left unchanged: \(error)")
    }
    var expected = oldTable
    expected.setValue(.table(server.table), at: key)
    try check(newText, path: path, expected: expected, what: "add [\(key)]")
    try ConfigFileWriter.write(newText, to: path)
    return Outcome(file: path, existed: oldTable.value(at: key) != nil)
  }

  /// Removes the server from `$CODEX_HOME/config.toml`; a missing server (or file) leaves
  /// everything untouched.
  public static func remove(_ name: String, home: CodexHome) throws(ConfigError) -> Outcome {
    let path = home.configFile
    guard let existing = try ConfigFile.load(path: path) else {
      return Outcome(file: path, existed: false)
    }
    let key = ConfigKeyPath(["mcp_servers", name])
    let result: (text: String, removed: Bool)
    do {
      result = try remove(name, from: existing.text)
    } catch {
      throw .io(file: path, message: "left unchanged: \(error)")
    }
    guard result.removed else { return Outcome(file: path, existed: false) }
    var expected = existing.table
    if var servers = expected["mcp_servers"]?.tableValue {
      servers[name] = nil
      expected["mcp_servers"] = .table(servers)
    }
    try check(result.text, path: path, expected: expected, what: "remove [\(key)]")
    try ConfigFileWriter.write(result.text, to: path)
    return Outcome(file: path, existed: true)
  }

  /// The edit must parse to exactly the expected values (an empty `mcp_servers` table
  /// and none are the same), or nothing is written.
  private static func check(_ text: String, path: String, expected: ConfigTable, what: String)
    throws(ConfigError)
  {
    func normalized(_ table: ConfigTable) -> ConfigTable {
      var table = table
      if table["mcp_servers"]?.tableValue?.isEmpty == true { table["mcp_servers"] = nil }
      return table
    }
    let parsed: ConfigFile
    do {
      parsed = try ConfigFile(path: path, text: text)
    } catch {
      throw .io(file: path, message: "left unchanged: the edit to \(what) would not parse")
    }
    guard normalized(parsed.table) == normalized(expected) else {
      throw .io(
        file: path,
        message: "left unchanged: this layout cannot be edited safely; \(what) by hand")
    }
  }
}

extension MCPServersEdit.NewServer {
  /// The values the written table holds.
  var table: ConfigTable {
    var table = ConfigTable()
    switch transport {
    case .stdio(let command, let arguments, let environment):
      table["command"] = .string(command)
      if !arguments.isEmpty { table["args"] = .array(arguments.map(ConfigValue.string)) }
      if !environment.isEmpty {
        table["env"] = .table(ConfigTable(environment.map { ($0.0, .string($0.1)) }))
      }
    case .streamableHTTP(let url, let variable):
      table["url"] = .string(url)
      if let variable { table["bearer_token_env_var"] = .string(variable) }
    }
    return table
  }
}
