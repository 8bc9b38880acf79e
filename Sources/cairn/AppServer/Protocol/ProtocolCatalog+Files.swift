/// fs/*, fuzzyFileSearch and command/exec.
extension ProtocolCatalog {
  static var fileMethods: [ProtocolType] {
    let path = ProtocolField.required("path", .string, "An absolute path.")
    return [
      .message("FsReadFileParams", [path]),
      .message("FsReadFileResponse", [.required("dataBase64", .string)]),
      .message("FsWriteFileParams", [path, .required("dataBase64", .string)]),
      .message("FsWriteFileResponse", []),
      .message("FsGetMetadataParams", [path]),
      .message(
        "FsGetMetadataResponse",
        [
          .required("isDirectory", .boolean), .required("isFile", .boolean),
          .required("isSymlink", .boolean),
          .required("createdAtMs", .int64, "Always 0: Linux keeps no creation time Cairn reads."),
          .required("modifiedAtMs", .int64),
        ]),
      .message("FsReadDirectoryParams", [path]),
      .message(
        "FsReadDirectoryResponse", [.required("entries", .array(.ref("FsReadDirectoryEntry")))]),
      .shared(
        "FsReadDirectoryEntry",
        .object([
          .required("fileName", .string), .required("isDirectory", .boolean),
          .required("isFile", .boolean),
        ])),
      .message("FsCreateDirectoryParams", [path, .maybeNull("recursive", .boolean)]),
      .message("FsCreateDirectoryResponse", []),
      .message(
        "FuzzyFileSearchParams", .root, file: "",
        [.required("query", .string), .required("roots", .array(.string))]),
      .message(
        "FuzzyFileSearchResponse", .root, file: "",
        [.required("files", .array(.ref("FuzzyFileSearchResult")))]),
      .shared(
        "FuzzyFileSearchResult", .root,
        .object([
          .required("root", .string), .required("path", .string),
          .required("match_type", .ref("FuzzyFileSearchMatchType")),
          .required("file_name", .string), .required("score", .integer(format: "uint32")),
          .maybeNull("indices", .array(.integer(format: "uint32"))),
        ])),
      .shared("FuzzyFileSearchMatchType", .root, .stringEnum(["file"])),
    ]
  }

  static var commandMethods: [ProtocolType] {
    [
      .message(
        "CommandExecParams",
        [
          .required("command", .array(.string)), .maybeNull("processId", .string),
          .optional("tty", .boolean), .optional("streamStdin", .boolean),
          .optional("streamStdoutStderr", .boolean), .maybeNull("cwd", .string),
          .maybeNull("timeoutMs", .int64), .maybeNull("env", .map(.nullable(.string))),
          .maybeNull("sandboxPolicy", .ref("SandboxPolicy")),
        ]),
      .message(
        "CommandExecResponse",
        [
          .required("exitCode", .int32), .required("stdout", .string),
          .required("stderr", .string),
        ]),
      .message("CommandExecTerminateParams", [.required("processId", .string)]),
      .message("CommandExecTerminateResponse", []),
    ]
  }
}
