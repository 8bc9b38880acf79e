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

  /// Every declaration, from the catalog's files.
  static var declared: [ProtocolType] {
    envelopes + primitives + threadTypes + itemTypes + threadMethods + turnMethods
      + metadataMethods + fileMethods + commandMethods + notifications + serverRequests
  }
}
