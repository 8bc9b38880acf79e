import CairnTools
import Testing

@Suite("Tool arguments: exec_command, shell, shell_command")
struct ExecCommandArgumentsTests {
  @Test("every exec_command field is read")
  func allFields() throws {
    let text = #"""
      {"cmd": "ls -la", "workdir": "sub", "shell": "bash", "login": false, "tty": true,
       "yield_time_ms": 1000, "max_output_tokens": 2000, "sandbox_permissions": "require_escalated",
       "justification": "needs network", "prefix_rule": ["npm", "install"], "unknown": {"x": [1]}}
      """#
    let arguments = try ExecCommandArguments.parse(text)
    #expect(
      arguments
        == ExecCommandArguments(
          cmd: "ls -la", workdir: "sub", shell: "bash", login: false, tty: true,
          yieldTimeMilliseconds: 1000, maxOutputTokens: 2000, sandboxPermissions: .requireEscalated,
          justification: "needs network", prefixRule: ["npm", "install"]))
  }

  @Test("the arguments of the real 0.147 rollout parse, with defaults for the rest")
  func realRolloutArguments() throws {
    let arguments = try ExecCommandArguments.parse(
      #"{"cmd": "echo hello-from-tool && pwd", "yield_time_ms": 1000}"#)
    #expect(
      arguments
        == ExecCommandArguments(cmd: "echo hello-from-tool && pwd", yieldTimeMilliseconds: 1000))
    #expect(
      try arguments.commandLine(environment: ["PATH": "/usr/bin:/bin"]) == [
        "/bin/bash", "-lc", "echo hello-from-tool && pwd",
      ])
    #expect(arguments.workingDirectory(turnDirectory: "/home/user/work") == "/home/user/work")
  }

  @Test("shell, login and workdir shape the command line")
  func commandLine() throws {
    let environment = ["PATH": "/usr/bin:/bin"]
    let plain = try ExecCommandArguments.parse(#"{"cmd": "x", "shell": "sh", "login": false}"#)
    let line = try plain.commandLine(environment: environment)
    #expect(line.count == 3 && line[0].hasSuffix("/sh") && line[1] == "-c" && line[2] == "x")
    let relative = try ExecCommandArguments.parse(#"{"cmd": "x", "workdir": "a/b"}"#)
    #expect(relative.workingDirectory(turnDirectory: "/w") == "/w/a/b")
    let absolute = try ExecCommandArguments.parse(#"{"cmd": "x", "workdir": "/abs"}"#)
    #expect(absolute.workingDirectory(turnDirectory: "/w") == "/abs")
    let empty = try ExecCommandArguments.parse(#"{"cmd": "x", "workdir": ""}"#)
    #expect(empty.workingDirectory(turnDirectory: "/w") == "/w")
    #expect(
      throws: ToolArgumentsError.invalidValue(
        field: "shell", value: "\"powershell\"",
        expected: "a POSIX shell (bash, dash, ksh, mksh, sh, yash, zsh)")
    ) {
      _ = try ExecCommandArguments(cmd: "x", shell: "powershell").commandLine(
        environment: environment)
    }
  }

  @Test("bad arguments give the model a clear error")
  func badArguments() {
    let cases: [(String, ToolArgumentsError)] = [
      (#"{"workdir": "/"}"#, .missingField("cmd")),
      (#"{"cmd": 42}"#, .invalidType(field: "cmd", expected: "a string", found: "a number")),
      (
        #"{"cmd": "x", "yield_time_ms": -5}"#,
        .invalidValue(field: "yield_time_ms", value: "-5", expected: "a non-negative integer")
      ),
      (
        #"{"cmd": "x", "yield_time_ms": "soon"}"#,
        .invalidType(field: "yield_time_ms", expected: "a non-negative integer", found: "a string")
      ),
      (
        #"{"cmd": "x", "tty": "yes"}"#,
        .invalidType(field: "tty", expected: "a boolean", found: "a string")
      ),
      (
        #"{"cmd": "x", "prefix_rule": ["a", 1]}"#,
        .invalidType(field: "prefix_rule[1]", expected: "a string", found: "a number")
      ),
      (#"{"cmd": "x", "cmd": "y"}"#, .duplicateField("cmd")),
      (#"["ls"]"#, .notAnObject(found: "an array")),
      (#"{"cmd": "x""#, .malformedJSON(offset: 11, cause: "the input ends inside a JSON value")),
      (
        #"{"cmd": "x"} trailing"#,
        .malformedJSON(offset: 13, cause: "unexpected bytes after the object")
      ),
      (
        #"{"cmd": "x", "sandbox_permissions": "root"}"#,
        .invalidValue(
          field: "sandbox_permissions", value: "\"root\"",
          expected: "`use_default`, `require_escalated`, `with_additional_permissions`")
      ),
    ]
    for (text, expected) in cases {
      #expect(throws: expected) { _ = try ExecCommandArguments.parse(text) }
    }
    let error = ToolArgumentsError.missingField("cmd")
    #expect(error.description == "failed to parse function arguments: missing field `cmd`")
  }

  @Test("a fractional number is refused with the byte it starts at")
  func fractionalNumber() {
    #expect(
      throws: ToolArgumentsError.invalidType(
        field: "max_output_tokens", expected: "a non-negative integer",
        found: "a number that is not an integer (byte 34)")
    ) {
      _ = try ExecCommandArguments.parse(#"{"cmd": "x", "max_output_tokens": 1.5}"#)
    }
  }

  @Test("null is an absent optional field")
  func nullFields() throws {
    let arguments = try ExecCommandArguments.parse(#"{"cmd": "x", "workdir": null, "login": null}"#)
    #expect(arguments == ExecCommandArguments(cmd: "x"))
  }

  @Test("the older shell tool: an argument vector, workdir, timeout_ms")
  func shellTool() throws {
    let arguments = try ShellToolArguments.parse(
      #"{"command": ["bash", "-lc", "echo hello-from-tool && pwd"], "workdir": "/w", "timeout_ms": 5000}"#
    )
    #expect(
      arguments
        == ShellToolArguments(
          command: ["bash", "-lc", "echo hello-from-tool && pwd"], workdir: "/w",
          timeoutMilliseconds: 5000))
    #expect(throws: ToolArgumentsError.missingField("command")) {
      _ = try ShellToolArguments.parse("{}")
    }
    #expect(
      throws: ToolArgumentsError.invalidType(
        field: "command", expected: "an array of strings", found: "a string")
    ) {
      _ = try ShellToolArguments.parse(#"{"command": "ls"}"#)
    }
    #expect(
      throws: ToolArgumentsError.invalidValue(
        field: "command", value: "an empty command", expected: "at least the program to run")
    ) {
      _ = try ShellToolArguments.parse(#"{"command": []}"#)
    }
  }

  @Test("the shell_command tool: one script string")
  func shellCommandTool() throws {
    let arguments = try ShellCommandToolArguments.parse(
      #"{"command": "echo hello-from-tool && pwd"}"#)
    #expect(
      try arguments.commandLine(environment: [:]) == [
        "/bin/bash", "-lc", "echo hello-from-tool && pwd",
      ])
  }
}

@Suite struct WriteStdinArgumentsTests {
  @Test func allFieldsParse() throws {
    let arguments = try WriteStdinArguments.parse(
      #"{"session_id": 4821, "chars": "y\n", "yield_time_ms": 900, "max_output_tokens": 50}"#)
    #expect(
      arguments
        == WriteStdinArguments(
          sessionID: 4821, chars: "y\n", yieldMilliseconds: 900, maxOutputTokens: 50))
  }

  @Test func aPollNeedsOnlyTheSession() throws {
    #expect(
      try WriteStdinArguments.parse(#"{"session_id": 7}"#) == WriteStdinArguments(sessionID: 7))
  }

  @Test func aMissingSessionOrAWrongTypeSaysWhich() {
    #expect(throws: ToolArgumentsError.missingField("session_id")) {
      try WriteStdinArguments.parse(#"{"chars": "x"}"#)
    }
    #expect(throws: ToolArgumentsError.self) {
      try WriteStdinArguments.parse(#"{"session_id": "7"}"#)
    }
  }
}
