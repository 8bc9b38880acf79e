/// The types of Cairn's app-server protocol that the generators emit: every method Cairn
/// answers (`AppServerMethods.implemented`) with its params and result, every notification it
/// sends (`AppServerMethods.sentNotifications`), the approval requests it sends, the
/// envelopes, and the shared types they use. The declarations are in the
/// `ProtocolCatalog+*.swift` files.
struct ProtocolCatalog {
  /// With `--experimental`: the types, fields and variants Codex marks experimental too.
  let experimental: Bool
  let types: [ProtocolType]
  private let index: [String: Int]

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  init(experimental: Bool) {
    self.experimental = experimental
    let all = Self.declared.filter { experimental || !$0.experimental }
    types = all.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    var index: [String: Int] = [:]
    for (position, type) in types.enumerated() { index[type.name] = position }
    self.index = index
  }

  func type(named name: String) -> ProtocolType? { index[name].map { types[$0] } }

  /// The named types and every type they use, sorted by name; a reference to an undeclared
  /// type is a catalog bug, reported rather than emitted as a dangling `$ref`.
  func closure(of names: [String]) throws(Failure) -> [ProtocolType] {
    var seen: Set<String> = []
    var pending = names
    while let name = pending.popLast() {
      guard seen.insert(name).inserted else { continue }
      guard let type = type(named: name) else {
        throw Failure(
          description: "the protocol catalog refers to `\(name)`, which it does not declare")
      }
      pending.append(contentsOf: type.shape.references(experimental: experimental))
    }
    return seen.sorted().compactMap { type(named: $0) }
  }

  /// The catalog must name every method Cairn answers and every notification it sends: a
  /// method added to the dispatch table without its types here fails generation (and the
  /// schema tests) instead of silently missing from the schema.
  static func checkCoverage() throws(Failure) {
    let declared = Set(requestTypes.map(\.method))
    let answered = Set(AppServerMethods.implemented)
    let sent = Set(AppServerMethods.sentNotifications)
    let described = Set(notificationParams.map(\.method))
    var gaps: [String] = []
    if !answered.subtracting(declared).isEmpty {
      gaps.append(
        "methods without types: " + answered.subtracting(declared).sorted().joined(separator: ", "))
    }
    if !declared.subtracting(answered).isEmpty {
      gaps.append(
        "types for methods Cairn does not answer: "
          + declared.subtracting(answered).sorted().joined(separator: ", "))
    }
    if !sent.subtracting(described).isEmpty {
      gaps.append(
        "notifications without types: "
          + sent.subtracting(described).sorted().joined(separator: ", "))
    }
    if !described.subtracting(sent).isEmpty {
      gaps.append(
        "types for notifications Cairn does not send: "
          + described.subtracting(sent).sorted().joined(separator: ", "))
    }
    guard gaps.isEmpty else {
      throw Failure(
        description: "the protocol catalog (Sources/cairn/AppServer/Protocol/) is out of step "
          + "with AppServerMethods: " + gaps.joined(separator: "; "))
    }
  }

  /// Every declaration, from the catalog's files.
  static var declared: [ProtocolType] {
    envelopes + primitives + threadTypes + itemTypes + threadMethods + turnMethods
      + metadataMethods + configWriteMethods + hostListMethods + fileMethods + commandMethods
      + turnOpsMethods + mcpMethods + mcpItemTypes + notifications + turnOpsNotifications
      + serverRequests
  }
}
