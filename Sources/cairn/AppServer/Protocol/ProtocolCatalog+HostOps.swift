/// config/value/write and config/batchWrite (AppServerConfigWrite.swift), skills/list and
/// hooks/list (AppServerSkillsHooks.swift).
extension ProtocolCatalog {
  static var configWriteMethods: [ProtocolType] {
    let filePath = ProtocolField.maybeNull(
      "filePath", .string, "Only the user's config.toml may be written (the default).")
    let expectedVersion = ProtocolField.maybeNull(
      "expectedVersion", .string,
      "The `version` config/read reported: the write fails if the file changed since.")
    let edit: [ProtocolField] = [
      .required("keyPath", .string, "A dotted key path (`tui.theme`)."),
      .required("value", .any, "The new value; null removes the key."),
      .required("mergeStrategy", .ref("MergeStrategy")),
    ]
    return [
      .message("ConfigValueWriteParams", edit + [filePath, expectedVersion]),
      .message(
        "ConfigBatchWriteParams",
        [
          .required("edits", .array(.ref("ConfigEdit"))), filePath, expectedVersion,
          .optional(
            "reloadUserConfig", .boolean,
            "Accepted; loaded threads keep the settings they started with."),
        ]),
      .shared("ConfigEdit", .object(edit)),
      .shared(
        "MergeStrategy", .stringEnum(["replace", "upsert"]),
        "`upsert` merges a table value into the table already there."),
      .message(
        "ConfigWriteResponse",
        [
          .required("status", .ref("WriteStatus")),
          .required("version", .string, "The file's new version (`sha256:` of its values)."),
          .required("filePath", .string, "The config file written, symlinks resolved."),
          .maybeNull("overriddenMetadata", .ref("OverriddenMetadata")),
        ]),
      .shared("WriteStatus", .stringEnum(["ok", "okOverridden"])),
      .shared(
        "OverriddenMetadata",
        .object([
          .required("message", .string),
          .required("overridingLayer", .ref("ConfigLayerMetadata")),
          .required("effectiveValue", .any),
        ]), "A session flag or profile still decides the written key."),
    ]
  }

  static var hostListMethods: [ProtocolType] {
    let cwds = ProtocolField.optional(
      "cwds", .array(.string), "One answer entry each; the server's cwd when empty.")
    return [
      .message("SkillsListParams", [cwds, .optional("forceReload", .boolean)]),
      .message("SkillsListResponse", [.required("data", .array(.ref("SkillsListEntry")))]),
      .shared(
        "SkillsListEntry",
        .object([
          .required("cwd", .string),
          .required("skills", .array(.never), "Always empty: Cairn loads no skills."),
          .required(
            "errors", .array(.ref("SkillErrorInfo")),
            "Each SKILL.md found where Codex looks, which Cairn does not load."),
        ])),
      .shared(
        "SkillErrorInfo", .object([.required("path", .string), .required("message", .string)])),
      .message("HooksListParams", [cwds]),
      .message("HooksListResponse", [.required("data", .array(.ref("HooksListEntry")))]),
      .shared(
        "HooksListEntry",
        .object([
          .required("cwd", .string),
          .required("hooks", .array(.never), "Always empty: Cairn runs no hooks."),
          .required(
            "warnings", .array(.string), "Says so when config.toml has a `hooks` table."),
          .required("errors", .array(.never), "Always empty."),
        ])),
    ]
  }
}
