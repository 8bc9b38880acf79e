import CairnCodex
import CairnCore

/// `model/list`, `config/read`, `permissionProfile/list`: what settings screens read.
enum AppServerMetadataMethods {
  /// The models offered, in Codex 0.147's order: id, display name, description, the
  /// reasoning efforts and the default one.
  static let models:
    [(id: String, name: String, description: String, efforts: [String], defaultEffort: String)] = [
      (
        "gpt-5.6-sol", "GPT-5.6-Sol", "Latest frontier agentic coding model.",
        ["low", "medium", "high", "xhigh", "max", "ultra"], "low"
      ),
      (
        "gpt-5.6-terra", "GPT-5.6-Terra", "Balanced agentic coding model for everyday work.",
        ["low", "medium", "high", "xhigh", "max", "ultra"], "medium"
      ),
      (
        "gpt-5.6-luna", "GPT-5.6-Luna", "Fast and affordable agentic coding model.",
        ["low", "medium", "high", "xhigh", "max"], "medium"
      ),
      (
        "gpt-5.5", "GPT-5.5", "Frontier model for complex coding, research, and real-world work.",
        ["low", "medium", "high", "xhigh"], "medium"
      ),
    ]

  static let effortDescriptions: [String: String] = [
    "low": "Fast responses with lighter reasoning",
    "medium": "Balances speed and reasoning depth for everyday tasks",
    "high": "Greater reasoning depth for complex problems",
    "xhigh": "Extra high reasoning depth for complex problems",
    "max": "Maximum reasoning depth for the hardest problems",
    "ultra": "Maximum reasoning with automatic task delegation",
  ]

  static func modelList(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let limit = try request.params.count("limit") ?? models.count
    let start = Int(try request.params.string("cursor") ?? "0") ?? 0
    let page = models.dropFirst(start).prefix(max(limit, 1))
    let data: [JSONValue] = page.enumerated().map { offset, model in
      .object([
        ("id", .string(model.id)), ("model", .string(model.id)), ("upgrade", .null),
        ("upgradeInfo", .null), ("availabilityNux", .null), ("displayName", .string(model.name)),
        ("description", .string(model.description)), ("modelSpecialty", .null),
        ("hidden", .bool(false)),
        (
          "supportedReasoningEfforts",
          .array(
            model.efforts.map {
              .object([
                ("reasoningEffort", .string($0)),
                ("description", .string(effortDescriptions[$0] ?? "")),
              ])
            })
        ),
        ("defaultReasoningEffort", .string(model.defaultEffort)),
        ("inputModalities", .array([.string("text"), .string("image")])),
        ("supportsPersonality", .bool(false)), ("additionalSpeedTiers", .array([])),
        ("serviceTiers", .array([])), ("defaultServiceTier", .null),
        ("isDefault", .bool(start + offset == 0)),
      ])
    }
    let next = start + page.count
    return AppServerReply(
      result: .object([
        ("data", .array(data)),
        ("nextCursor", next < models.count ? .string(String(next)) : .null),
      ]))
  }

  /// The effective config in config.toml's own (snake_case) keys, secrets redacted, with
  /// the file each value came from.
  static func configRead(_ request: AppServerRequest) throws(AppServerError) -> AppServerReply {
    let config: EffectiveConfig
    do {
      config = try ConfigLoader.load(request.hub.configRequest, catalog: .embedded)
    } catch {
      throw .internal("failed to read the config: \(error)")
    }
    var root = JSONTree()
    var origins: [(String, JSONValue)] = []
    // Each file's version, as config/value/write checks it (`expectedVersion`).
    var versions: [String: JSONValue] = [:]
    func version(_ path: String) -> JSONValue {
      if let known = versions[path] { return known }
      let table = (try? ConfigFile.load(path: path))??.table ?? ConfigTable()
      let value = JSONValue.string(AppServerConfigWrite.version(of: table))
      versions[path] = value
      return value
    }
    for leaf in config.leaves {
      let (value, _) = ConfigRedaction.redact(leaf.value, at: leaf.path)
      root.insert(value.jsonValue, at: leaf.path.segments)
      let name: JSONValue
      var layerVersion = JSONValue.null
      switch leaf.source {
      case .defaultValue: continue
      case .file(let path), .profileFile(_, let path), .profileTable(_, let path):
        var profile: JSONValue = .null
        if case .profileFile(let profileName, _) = leaf.source { profile = .string(profileName) }
        if case .profileTable(let profileName, _) = leaf.source { profile = .string(profileName) }
        layerVersion = version(path)
        name = .object([
          ("type", .string("user")), ("file", .string(path)), ("profile", profile),
        ])
      case .override, .featureFlag:
        name = .object([("type", .string("sessionFlags"))])
      }
      origins.append((leaf.path.description, .object([("name", name), ("version", layerVersion)])))
    }
    return AppServerReply(
      result: .object([("config", root.json), ("origins", .object(origins))]))
  }

  static func permissionProfiles() -> AppServerReply {
    let ids = [":read-only", ":workspace", ":danger-full-access"]
    return AppServerReply(
      result: .object([
        (
          "data",
          .array(
            ids.map {
              .object([("id", .string($0)), ("description", .null), ("allowed", .bool(true))])
            })
        ),
        ("nextCursor", .null),
      ]))
  }
}

/// A JSON object built from dotted paths, keys in first-seen order.
struct JSONTree {
  private var members: [(String, Node)] = []

  private enum Node {
    case leaf(JSONValue)
    case tree(JSONTree)
  }

  mutating func insert(_ value: JSONValue, at path: [String]) {
    guard let first = path.first else { return }
    let index = members.firstIndex { $0.0 == first }
    if path.count == 1 {
      if let index {
        members[index].1 = .leaf(value)
      } else {
        members.append((first, .leaf(value)))
      }
      return
    }
    var child = JSONTree()
    if let index, case .tree(let existing) = members[index].1 { child = existing }
    child.insert(value, at: Array(path.dropFirst()))
    if let index { members[index].1 = .tree(child) } else { members.append((first, .tree(child))) }
  }

  var json: JSONValue {
    .object(
      members.map { key, node in
        switch node {
        case .leaf(let value): return (key, value)
        case .tree(let tree): return (key, tree.json)
        }
      })
  }
}
