/// initialize, models, config, account and permission profiles.
extension ProtocolCatalog {
  static var metadataMethods: [ProtocolType] {
    [
      .message(
        "InitializeParams", .root, file: "v1",
        [
          .required("clientInfo", .ref("ClientInfo")),
          .maybeNull("capabilities", .ref("InitializeCapabilities")),
        ]),
      .shared(
        "ClientInfo", .root,
        .object([
          .required("name", .string), .maybeNull("title", .string), .required("version", .string),
        ])),
      .shared(
        "InitializeCapabilities", .root,
        .object([
          .maybeNull(
            "optOutNotificationMethods", .array(.string),
            "Notification methods this connection is not sent.")
        ])),
      .message(
        "InitializeResponse", .root, file: "v1",
        [
          .required("userAgent", .string), .required("codexHome", .string),
          .required("platformFamily", .stringEnum(["unix"])),
          .required("platformOs", .stringEnum(["linux"])),
        ]),
      .message(
        "ModelListParams",
        [.maybeNull("cursor", .string), .maybeNull("limit", .integer(format: "uint32"))]),
      .message(
        "ModelListResponse",
        [.required("data", .array(.ref("Model"))), .maybeNull("nextCursor", .string)]),
      .shared(
        "Model",
        .object([
          .required("id", .string), .required("model", .string), .maybeNull("upgrade", .null),
          .maybeNull("upgradeInfo", .null), .maybeNull("availabilityNux", .null),
          .required("displayName", .string), .required("description", .string),
          .maybeNull("modelSpecialty", .null), .required("hidden", .boolean),
          .required("supportedReasoningEfforts", .array(.ref("ReasoningEffortOption"))),
          .required("defaultReasoningEffort", .string),
          .optional("inputModalities", .array(.stringEnum(["text", "image"]))),
          .optional("supportsPersonality", .boolean),
          .optional("additionalSpeedTiers", .array(.string)),
          .optional("serviceTiers", .array(.string)), .maybeNull("defaultServiceTier", .null),
          .required("isDefault", .boolean),
        ]), "A model of Cairn's built-in catalog."),
      .shared(
        "ReasoningEffortOption",
        .object([.required("reasoningEffort", .string), .required("description", .string)])),
      .message("ConfigReadParams", [.maybeNull("cwd", .string)]),
      .message(
        "ConfigReadResponse",
        [
          .required(
            "config", .map(.any),
            "The effective config.toml as a tree in its own (snake_case) keys, secrets redacted."),
          .required(
            "origins", .map(.ref("ConfigLayerMetadata")),
            "For each dotted key set outside the defaults, where its value came from."),
        ]),
      .shared(
        "ConfigLayerMetadata",
        .object([
          .required("name", .ref("ConfigLayerSource")),
          .required(
            "version", .nullable(.string),
            "`sha256:` of the layer's values, as config/value/write's expectedVersion takes it; "
              + "null where Cairn has none (session flags in config/read, a profile)."),
        ])),
      .shared(
        "ConfigLayerSource",
        .kinds(
          of: "ConfigLayerSource",
          [
            ("user", [.required("file", .string), .maybeNull("profile", .string)]),
            ("sessionFlags", []),
          ])),
      .message(
        "ConfigRequirementsReadResponse", [.maybeNull("requirements", .null)],
        "Cairn has no managed requirements."),
      .message("GetAccountParams", [.optional("refreshToken", .boolean)]),
      .message(
        "GetAccountResponse",
        [.maybeNull("account", .null), .required("requiresOpenaiAuth", .boolean)],
        "Cairn uses no OpenAI account."),
      .message("ModelProviderCapabilitiesReadParams", []),
      .message(
        "ModelProviderCapabilitiesReadResponse",
        [
          .required("namespaceTools", .boolean), .required("imageGeneration", .boolean),
          .required("webSearch", .boolean),
        ]),
      .message(
        "PermissionProfileListParams",
        [
          .maybeNull("cursor", .string), .maybeNull("limit", .integer(format: "uint32")),
          .maybeNull("cwd", .string),
        ]),
      .message(
        "PermissionProfileListResponse",
        [
          .required("data", .array(.ref("PermissionProfileSummary"))),
          .maybeNull("nextCursor", .null),
        ]),
      .shared(
        "PermissionProfileSummary",
        .object([
          .required("id", .string), .maybeNull("description", .null),
          .required("allowed", .boolean),
        ])),
    ]
  }
}
