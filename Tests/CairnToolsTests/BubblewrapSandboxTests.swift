import CairnTools
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The sandbox with the real bwrap and real processes. The directories live under
/// /var/tmp, since `/tmp` is writable in workspace-write as in Codex.
@Suite struct BubblewrapSandboxTests {
  /// A fresh directory under /var/tmp, removed by the caller.
  func makeDirectory() throws -> String {
    var template = Array("/var/tmp/cairn-sandbox-XXXXXX".utf8CString)
    guard let path = mkdtemp(&template) else { throw POSIXError(.EIO) }
    return String(cString: path)
  }

  func run(_ script: String, in directory: String, policy: SandboxPolicy) throws -> (
    status: Int32, output: String
  ) {
    let spec = PlainProcessSpec(
      arguments: ["/bin/bash", "-c", script], workingDirectory: directory,
      environment: inheritedEnvironment(), outputChannels: .merged)
    let result = try BubblewrapSandbox.run(spec, policy: policy, now: monotonicNanoseconds) { _ in
    }
    return (result.termination.exitCode, outputText(result))
  }

  @Test func workspaceWriteAllowsTheWorkDirectoryAndRefusesOutside() throws {
    let workspace = try makeDirectory()
    let outside = try makeDirectory()
    defer {
      try? FileManager.default.removeItem(atPath: workspace)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let policy = SandboxPolicy.workspaceWrite(workingDirectory: workspace)
    let inside = try run("echo in > inside.txt", in: workspace, policy: policy)
    #expect(inside.status == 0, "\(inside.output)")
    #expect(FileManager.default.contents(atPath: workspace + "/inside.txt") == Data("in\n".utf8))
    let denied = try run("echo out > \(outside)/outside.txt", in: workspace, policy: policy)
    #expect(denied.status != 0)
    #expect(denied.output.contains("Read-only file system"), "\(denied.output)")
    #expect(!FileManager.default.fileExists(atPath: outside + "/outside.txt"))
  }

  @Test func additionalAndConfiguredRootsAreWritable() throws {
    let workspace = try makeDirectory()
    let added = try makeDirectory()
    let configured = try makeDirectory()
    defer {
      for path in [workspace, added, configured] {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    let policy = SandboxPolicy.workspaceWrite(
      workingDirectory: workspace, additionalRoots: [added],
      settings: .init(writableRoots: [configured]))
    let outcome = try run(
      "echo a > \(added)/a && echo c > \(configured)/c", in: workspace, policy: policy)
    #expect(outcome.status == 0, "\(outcome.output)")
    #expect(FileManager.default.fileExists(atPath: configured + "/c"))
  }

  @Test func slashTmpFollowsExcludeSlashTmp() throws {
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    let name = "/tmp/cairn-sandbox-probe-\(getpid())"
    defer { unlink(name) }
    let excluded = SandboxPolicy.workspaceWrite(
      workingDirectory: workspace, settings: .init(excludeSlashTmp: true))
    #expect(try run("echo x > \(name)", in: workspace, policy: excluded).status != 0)
    let included = SandboxPolicy.workspaceWrite(workingDirectory: workspace)
    #expect(try run("echo x > \(name)", in: workspace, policy: included).status == 0)
    #expect(FileManager.default.fileExists(atPath: name))
  }

  @Test func gitAndCodexInsideAWritableRootStayReadOnly() throws {
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    for name in [".git", ".codex"] {
      try FileManager.default.createDirectory(
        atPath: workspace + "/" + name, withIntermediateDirectories: false)
    }
    let policy = SandboxPolicy.workspaceWrite(workingDirectory: workspace)
    #expect(try run("echo x > .git/config", in: workspace, policy: policy).status != 0)
    #expect(try run("echo x > .codex/config.toml", in: workspace, policy: policy).status != 0)
    #expect(try run("echo x > tracked.txt", in: workspace, policy: policy).status == 0)
    #expect(!FileManager.default.fileExists(atPath: workspace + "/.git/config"))
  }

  @Test func readOnlyRefusesEveryWrite() throws {
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    let outcome = try run("echo x > here.txt", in: workspace, policy: .readOnly)
    #expect(outcome.status != 0)
    #expect(outcome.output.contains("Read-only file system"), "\(outcome.output)")
    #expect(!FileManager.default.fileExists(atPath: workspace + "/here.txt"))
    // /dev/null stays usable: the sandbox has a fresh /dev.
    #expect(try run("echo x > /dev/null", in: workspace, policy: .readOnly).status == 0)
  }

  @Test func theNetworkIsBlockedUnlessAllowed() throws {
    let listener = try LoopbackListener()
    defer { listener.close() }
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    let connect = "exec 3<>/dev/tcp/127.0.0.1/\(listener.port) && echo connected"
    // Without the sandbox the same command reaches the listener: the check can fail.
    let open = try run(connect, in: workspace, policy: .dangerFullAccess)
    #expect(open.status == 0 && open.output.contains("connected"), "\(open.output)")
    let blocked = try run(
      connect, in: workspace, policy: .workspaceWrite(workingDirectory: workspace))
    #expect(blocked.status != 0)
    #expect(!blocked.output.contains("connected"), "\(blocked.output)")
    let readOnly = try run(connect, in: workspace, policy: .readOnly)
    #expect(readOnly.status != 0)
    let allowed = try run(
      connect, in: workspace,
      policy: .workspaceWrite(workingDirectory: workspace, settings: .init(networkAccess: true)))
    #expect(allowed.status == 0, "\(allowed.output)")
  }

  @Test func theExitStatusIsTheCommands() throws {
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    for status: Int32 in [0, 3, 42] {
      let outcome = try run(
        "exit \(status)", in: workspace, policy: .workspaceWrite(workingDirectory: workspace))
      #expect(outcome.status == status)
    }
    #expect(try run("kill -TERM $$", in: workspace, policy: .readOnly).status == 128 + SIGTERM)
  }

  @Test func aMissingBubblewrapIsAClearError() throws {
    let spec = PlainProcessSpec(
      arguments: ["/bin/true"], workingDirectory: "/",
      environment: ["PATH": "/nonexistent/bin"])
    do {
      _ = try BubblewrapSandbox.run(spec, policy: .readOnly, now: monotonicNanoseconds) { _ in }
      Issue.record("ran without bwrap")
    } catch {
      #expect(error == .bubblewrapNotFound(searchPath: "/nonexistent/bin"))
      #expect(error.description.contains("apt-get install bubblewrap"))
    }
    // danger-full-access needs no bwrap.
    let unsandboxed = try BubblewrapSandbox.run(
      spec, policy: .dangerFullAccess, now: monotonicNanoseconds
    ) { _ in }
    #expect(unsandboxed.termination == .exited(code: 0))
  }

  @Test func theArgumentVectorFollowsThePolicy() throws {
    let workspace = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: workspace) }
    let policy = SandboxPolicy.workspaceWrite(
      workingDirectory: workspace, additionalRoots: ["/nonexistent-root"],
      settings: .init(excludeSlashTmp: true))
    let options = BubblewrapSandbox.bubblewrapOptions(for: policy)
    #expect(
      options == [
        "--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
        "--unshare-pid", "--proc", "/proc", "--bind", workspace, workspace, "--unshare-net",
        "--",
      ])
    let spec = PlainProcessSpec(arguments: ["ls"], workingDirectory: workspace, environment: [:])
    #expect(BubblewrapSandbox.wrap(spec, policy: .dangerFullAccess, bwrapPath: "/b") == spec)
    #expect(BubblewrapSandbox.wrap(spec, policy: .readOnly, bwrapPath: "/b").arguments.last == "ls")
  }
}

/// A TCP listener on 127.0.0.1 in the test process, on a port the kernel picks.
struct LoopbackListener {
  let descriptor: Int32
  let port: UInt16

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0, listen(descriptor, 16) == 0 else {
      _ = Glibc.close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    var actual = sockaddr_in()
    var actualLength = length
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &actualLength)
      }
    }
    self.descriptor = descriptor
    port = UInt16(bigEndian: actual.sin_port)
  }

  func close() { _ = Glibc.close(descriptor) }
}
