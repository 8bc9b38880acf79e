/// The name the model sees for an MCP tool, made as Codex makes it:
/// `mcp__SERVER__TOOL`, every character outside `[A-Za-z0-9_-]` replaced by `_` (the
/// Responses API's rule), and a name longer than 64 characters cut to its first 24 and the
/// SHA-1 hex of the unsanitized name appended, so two long names stay apart.
///
/// ```swift
/// MCPToolName.qualified(server: "docs", tool: "search.pages")  // "mcp__docs__search_pages"
/// ```
public enum MCPToolName {
  public static let prefix = "mcp__"
  public static let delimiter = "__"
  public static let lengthMax = 64

  public static func qualified(server: String, tool: String) -> String {
    let raw = prefix + server + delimiter + tool
    var name = sanitized(raw)
    if name.utf8.count > lengthMax {
      let digest = SHA1.hexDigest(Array(raw.utf8))
      name = String(name.prefix(lengthMax - digest.count)) + digest
    }
    return name
  }

  /// `text` with each character the Responses API refuses in a tool name replaced by `_`.
  static func sanitized(_ text: String) -> String {
    // Per Unicode scalar, as Rust iterates a string's chars.
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      out.append(isAllowed(scalar) ? scalar : "_")
    }
    return out.isEmpty ? "_" : String(out)
  }

  /// Whether `server` is a name Codex accepts for an MCP server (`^[a-zA-Z0-9_-]+$`).
  public static func isValidServerName(_ server: String) -> Bool {
    !server.isEmpty && server.unicodeScalars.allSatisfy(isAllowed)
  }

  private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
    default: return false
    }
  }
}
