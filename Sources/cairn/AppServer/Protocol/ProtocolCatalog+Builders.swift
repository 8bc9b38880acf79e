/// Shorthands the catalog's declarations are written with.
extension ProtocolType {
  /// A method's params or result, or a notification's params: a JSON file of its own.
  static func message(_ name: String, _ fields: [ProtocolField], _ description: String? = nil)
    -> ProtocolType
  {
    message(name, .v2, file: "v2", fields, description)
  }

  /// A message type outside `v2/`.
  static func message(
    _ name: String, _ namespace: ProtocolNamespace, file directory: String,
    _ fields: [ProtocolField], _ description: String? = nil
  ) -> ProtocolType {
    ProtocolType(
      name: name, namespace: namespace, shape: .object(fields), description: description,
      jsonFileDirectory: directory)
  }

  /// A type messages use (no file of its own in the JSON tree).
  static func shared(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolType
  {
    shared(name, .v2, shape, description)
  }

  /// A shared type outside `v2/`.
  static func shared(
    _ name: String, _ namespace: ProtocolNamespace, _ shape: ProtocolShape,
    _ description: String? = nil
  ) -> ProtocolType {
    ProtocolType(name: name, namespace: namespace, shape: shape, description: description)
  }
}

extension ProtocolField {
  /// A member that may be absent or `null` (Codex's usual optional member).
  static func maybeNull(_ name: String, _ shape: ProtocolShape, _ description: String? = nil)
    -> ProtocolField
  {
    ProtocolField(name: name, shape: .nullable(shape), optional: true, description: description)
  }
}

extension ProtocolShape {
  /// Objects told apart by `tag`, each branch titled as Codex's bundle titles it
  /// (`IdleThreadStatus` for the `idle` branch of `ThreadStatus`).
  static func kinds(
    of typeName: String, tag: String = "type", _ variants: [(String, [ProtocolField])]
  ) -> ProtocolShape {
    .tagged(
      tag: tag,
      variants.map {
        ProtocolVariant(
          tagValue: $0.0, title: ProtocolJSONSchema.capitalized($0.0) + typeName, fields: $0.1)
      })
  }

  /// A reference that may be `null`.
  static func nullableRef(_ name: String) -> ProtocolShape { .nullable(.ref(name)) }
}
