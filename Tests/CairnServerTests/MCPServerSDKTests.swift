import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// `cairn mcp-server` driven by a client no one here wrote: the official Python `mcp`
/// SDK (2.3.0, installed by tools/bootstrap) with its `stdio_client` and `ClientSession`:
/// initialize, tools/list, `codex`, `codex-reply` with the thread id, and an approval
/// answered the standard MCP way (`{action, content}`), which Codex, and so Cairn, reads
/// as a failed request that the model hears about.
@Suite struct MCPServerSDKTests {
  static let client = #"""
    import asyncio, json, os, sys
    from mcp import ClientSession, StdioServerParameters, types
    from mcp.client.stdio import stdio_client

    asked = []

    async def elicit(context, params):
        asked.append(params.message)
        return types.ElicitResult(action="accept", content={"decision": "approved"})

    def dump(result):
        return {"isError": result.is_error, "structured": result.structured_content,
                "text": [c.text for c in result.content if c.type == "text"]}

    async def main():
        server = StdioServerParameters(command=sys.argv[1], args=["mcp-server"],
                                       env=dict(os.environ), cwd=sys.argv[2])
        out = {}
        async with stdio_client(server) as (read, write):
            async with ClientSession(read, write, elicitation_callback=elicit) as session:
                init = await session.initialize()
                out["protocolVersion"] = init.protocol_version
                out["server"] = init.server_info.name
                out["tools"] = [t.name for t in (await session.list_tools()).tools]
                first = await session.call_tool("codex", {"prompt": "hello", "sandbox": "read-only"})
                out["codex"] = dump(first)
                thread = first.structured_content["threadId"]
                out["reply"] = dump(await session.call_tool(
                    "codex-reply", {"threadId": thread, "prompt": "again"}))
                out["approval"] = dump(await session.call_tool(
                    "codex", {"prompt": "RUNTOOL please", "approval-policy": "untrusted",
                              "sandbox": "danger-full-access"}))
        out["asked"] = asked
        print(json.dumps(out))

    asyncio.run(main())
    """#

  @Test func theOfficialPythonClientRunsCodexAndCodexReply() async throws {
    let python = try Self.requirePythonMCP()
    let home = try await ScriptedAgentHome(
      prefix: "cairn-mcp-sdk", script: MCPServerEndToEndTests.runTool)
    let script = home.root + "/client.py"
    try Data(Self.client.utf8).write(to: URL(fileURLWithPath: script))
    let process = try SpawnedProcess(
      [python, script, try CairnExecutable.require(), home.work],
      environment: home.environment, directory: home.work)
    let code = try process.waitForExit(withinSeconds: 120, what: "the python mcp client")
    let bodies = home.server.requests.map { String(decoding: $0.body, as: UTF8.self) }
    await home.finish()

    #expect(code == 0, "\(process.stderr)")
    let out =
      (try? JSONSerialization.jsonObject(with: Data(process.stdout))) as? [String: Any] ?? [:]
    #expect(out["server"] as? String == "cairn-mcp-server")
    #expect((out["protocolVersion"] as? String)?.isEmpty == false)
    #expect(out["tools"] as? [String] == ["codex", "codex-reply"])
    let codex = out["codex"] as? [String: Any] ?? [:]
    #expect(codex["isError"] as? Bool == false)
    #expect(codex["text"] as? [String] == ["plain answer"])
    let thread = (codex["structured"] as? [String: Any])?["threadId"] as? String
    #expect(thread != nil)
    let reply = out["reply"] as? [String: Any] ?? [:]
    #expect((reply["structured"] as? [String: Any])?["threadId"] as? String == thread)
    #expect(reply["text"] as? [String] == ["plain answer"])
    // The SDK's callback saw the approval; its standard reply is not Codex's `decision`.
    #expect((out["asked"] as? [String])?.count == 1)
    #expect((out["approval"] as? [String: Any])?["text"] as? [String] == ["Tool ran."])
    #expect(bodies.last?.contains("approval request failed") == true)
  }

  /// The python interpreter that imports `mcp` (the real one behind a pyenv shim, which
  /// needs the test's own HOME), or a failure that says how to get it.
  static func requirePythonMCP() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    guard let python = try? SpawnedProcessPath.find("python3", path: path) else {
      throw HarnessFailure("python3 is not on PATH: run tools/bootstrap (it installs mcp==2.3.0)")
    }
    let check = try SpawnedProcess(
      [python, "-c", "import sys, mcp; print(sys.executable)"], environment: environment)
    let code = try check.waitForExit(withinSeconds: 60, what: "python3 -c 'import mcp'")
    let executable = String(decoding: check.stdout, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard code == 0, !executable.isEmpty else {
      throw HarnessFailure(
        "python3 cannot import the mcp package (\(check.stderr.suffix(300))): run "
          + "tools/bootstrap, which installs mcp==2.3.0")
    }
    return executable
  }
}

/// Looks an executable up on a PATH.
enum SpawnedProcessPath {
  static func find(_ name: String, path: String) throws -> String {
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw HarnessFailure("\(name) is not on PATH")
  }
}
