import CairnTools
import Foundation
import Testing

/// The Python MCP test server (Fixtures/mcp/test_server.py, on the official `mcp` package)
/// as specs for the client. `tools/bootstrap` installs the package; without python3 or the
/// package these tests fail with the way to fix it, never skip.
enum MCPTestServer {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/mcp/test_server.py").path

  /// The python3 that has the `mcp` package, or a failure that says how to get one.
  static func python() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    guard
      let python = path.split(separator: ":").map({ "\($0)/python3" }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      throw MCPTestSetupError("python3 is not on PATH; run tools/bootstrap")
    }
    // The tools' own process layer, not Foundation's Process (whose wait hangs here).
    let check = try LiveProcess.spawn(
      LiveProcessSpec(
        arguments: [python, "-c", "import mcp.server.mcpserver"],
        workingDirectory: NSTemporaryDirectory(), environment: environment, tty: false))
    var termination: ProcessTermination?
    for _ in 0..<600 where termination == nil {
      termination = check.waitAndDrain(milliseconds: 100).termination
    }
    guard termination == .exited(code: 0) else {
      throw MCPTestSetupError(
        "\(python) cannot import the `mcp` package; run tools/bootstrap (pip install mcp==2.3.0)")
    }
    return python
  }

  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// A stdio spec for the test server named `name`.
  static func stdio(
    _ name: String = "test", mode: String = "stdio", environment: [String: String] = [:],
    passthrough: [String] = [], startupTimeoutMilliseconds: Int = 20_000,
    toolTimeoutMilliseconds: Int = 20_000, disabledTools: [String] = []
  ) throws -> MCPServerSpec {
    MCPServerSpec(
      name: name,
      transport: .stdio(
        command: try python(), arguments: [script, mode], environment: environment,
        environmentPassthrough: passthrough, workingDirectory: nil),
      startupTimeoutMilliseconds: startupTimeoutMilliseconds,
      toolTimeoutMilliseconds: toolTimeoutMilliseconds, disabledTools: disabledTools)
  }
}

struct MCPTestSetupError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
