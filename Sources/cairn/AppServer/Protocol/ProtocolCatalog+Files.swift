/// fs/*, fuzzyFileSearch and command/exec/*.
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
        "FsRemoveParams",
        [
          path, .maybeNull("recursive", .boolean, "Absent: true."),
          .maybeNull("force", .boolean, "Absent: true (a missing path is no error)."),
        ]),
      .message("FsRemoveResponse", []),
      .message(
        "FsCopyParams",
        [
          .required("sourcePath", .string, "An absolute path."),
          .required("destinationPath", .string, "An absolute path."),
          .optional("recursive", .boolean, "Needed to copy a directory."),
        ]),
      .message("FsCopyResponse", []),
      .message("FsWatchParams", [.required("watchId", .string), path]),
      .message(
        "FsWatchResponse", [.required("path", .string, "The watched path, as Cairn resolved it.")]
      ),
      .message("FsUnwatchParams", [.required("watchId", .string)]),
      .message("FsUnwatchResponse", []),
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
          .maybeNull("size", .ref("CommandExecTerminalSize"), "The terminal's size (tty only)."),
          .maybeNull("sandboxPolicy", .ref("SandboxPolicy")),
        ]),
      .shared(
        "CommandExecTerminalSize",
        .object([
          .required("rows", .integer(format: "uint16")),
          .required("cols", .integer(format: "uint16")),
        ])),
      .message(
        "CommandExecResponse",
        [
          .required("exitCode", .int32), .required("stdout", .string),
          .required("stderr", .string),
        ]),
      .message("CommandExecTerminateParams", [.required("processId", .string)]),
      .message("CommandExecTerminateResponse", []),
      .message(
        "CommandExecWriteParams",
        [
          .required("processId", .string),
          .maybeNull("deltaBase64", .string, "Bytes for the command's stdin."),
          .optional("closeStdin", .boolean, "Closes stdin after the bytes."),
        ], "Feeds a command/exec started with streamStdin or tty."),
      .message("CommandExecWriteResponse", []),
      .message(
        "CommandExecResizeParams",
        [.required("processId", .string), .required("size", .ref("CommandExecTerminalSize"))],
        "Resizes a command/exec started with tty."),
      .message("CommandExecResizeResponse", []),
    ]
  }
}
