import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn app-server --listen ws://…|unix://…` and `app-server proxy` as real processes,
/// driven by Python `websockets` (and, through the proxy, raw WebSocket framing over the
/// proxy's stdio). Readiness is the banner on stderr; the end is SIGTERM.
@Suite(.serialized) struct AppServerWebSocketTests {
  static let script = #"""
    {"responses": [{"repeat": true, "output": [{"type": "message", "text": "ok"}]}]}
    """#

  /// Two clients: each initializes on its own, threads are shared.
  static let peer = #"""
    import json, os, subprocess, sys, urllib.request
    from websockets.sync.client import connect, unix_connect

    def out(**kw):
        print(json.dumps(kw), flush=True)

    def call(ws, id, method, params):
        ws.send(json.dumps({"id": id, "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv(timeout=60))
            if msg.get("id") == id and "method" not in msg:
                return msg

    def initialize(ws, name):
        reply = call(ws, 1, "initialize", {"clientInfo": {"name": name, "version": "0.1"}})
        ws.send(json.dumps({"method": "initialized"}))
        return reply

    mode, target, work = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "token":
        from websockets.exceptions import InvalidStatus
        try:
            connect(target, open_timeout=10, compression=None).close()
            out(check="no-token", status="accepted")
        except InvalidStatus as e:
            out(check="no-token", status=e.response.status_code)
        headers = {"Authorization": "Bearer " + sys.argv[4]}
        with connect(target, open_timeout=10, compression=None, additional_headers=headers) as ws:
            out(check="with-token", result=initialize(ws, "tokened").get("result"))
        sys.exit(0)
    if mode == "ws":
        base = "http://" + target[len("ws://"):]
        for path in ["/healthz", "/readyz"]:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                out(check="http " + path, status=r.status)
        dial = lambda: connect(target, open_timeout=10, compression=None)
    else:
        dial = lambda: unix_connect(target, open_timeout=10, compression=None)

    with dial() as first, dial() as second:
        early = call(second, 7, "thread/loaded/list", {})
        out(check="second-before-initialize", error=early.get("error"))
        out(check="first-initialize", result=initialize(first, "first").get("result"))
        started = call(first, 2, "thread/start", {"cwd": work})
        thread = started["result"]["thread"]["id"]
        out(check="thread-start", thread=thread)
        initialize(second, "second")
        loaded = call(second, 3, "thread/loaded/list", {})
        out(check="second-loaded", data=loaded["result"]["data"], thread=thread)
    """#

  /// An HTTP Upgrade and one initialize round trip through `cairn app-server proxy`: the
  /// proxy relays bytes, so the client frames WebSocket itself (masked client frames).
  static let proxyPeer = #"""
    import json, os, subprocess, sys

    def out(**kw):
        print(json.dumps(kw), flush=True)

    binary, sock, codex_home = sys.argv[1], sys.argv[2], sys.argv[3]
    env = dict(os.environ, CODEX_HOME=codex_home)
    command = [binary, "app-server", "proxy"] + ([] if sock == "-" else ["--sock", sock])
    proxy = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, bufsize=0, env=env)

    def read_exact(n):
        data = b""
        while len(data) < n:
            chunk = proxy.stdout.read(n - len(data))
            if not chunk:
                raise EOFError("the proxy closed its output: " + proxy.stderr.read().decode())
            data += chunk
        return data

    def frame(text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            head = bytes([0x81, 0x80 | n])
        else:
            head = bytes([0x81, 0x80 | 126]) + n.to_bytes(2, "big")
        return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    def read_frame():
        b0, b1 = read_exact(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(read_exact(2), "big")
        elif n == 127:
            n = int.from_bytes(read_exact(8), "big")
        return b0 & 0x0F, read_exact(n)

    proxy.stdin.write(b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                      b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      b"Sec-WebSocket-Version: 13\r\n\r\n")
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += read_exact(1)
    out(check="upgrade", status=head.split(b"\r\n")[0].decode())
    request = {"id": 1, "method": "initialize",
               "params": {"clientInfo": {"name": "through-proxy", "version": "0.1"}}}
    proxy.stdin.write(frame(json.dumps(request)))
    while True:
        opcode, payload = read_frame()
        if opcode == 1:
            msg = json.loads(payload)
            if msg.get("id") == 1:
                out(check="initialize", result=msg.get("result"))
                break
    proxy.stdin.close()
    out(check="proxy-exit", code=proxy.wait(timeout=30))
    """#

  /// Starts `cairn app-server` with `arguments` and waits for the banner's `listening on:`.
  static func startServer(_ home: ScriptedAgentHome, _ arguments: [String]) throws -> (
    SpawnedProcess, String
  ) {
    let process = try SpawnedProcess(
      [try CairnExecutable.require(), "app-server"] + arguments, environment: home.environment,
      directory: home.work)
    guard process.waitForStderr(containing: "listening on: ", withinSeconds: 60),
      let line = process.stderr.split(separator: "\n").first(where: {
        $0.contains("listening on: ")
      })
    else {
      _ = try? process.waitForExit(withinSeconds: 5, what: "app-server")
      throw WebSocketPeer.PeerFailure("no banner on stderr: \(process.stderr)")
    }
    let address = line.split(separator: " ").last.map(String.init) ?? ""
    return (process, address)
  }

  /// SIGTERM ends the server cleanly (exit 0).
  static func stop(_ process: SpawnedProcess) throws -> Int32 {
    kill(process.pid, SIGTERM)
    return try process.waitForExit(withinSeconds: 30, what: "cairn app-server")
  }

  static func expectSharedThreads(_ checks: PeerChecks) {
    let early = checks["second-before-initialize"]?["error"] as? [String: Any]
    #expect(early?["code"] as? Int == -32600)
    #expect(early?["message"] as? String == "Not initialized")
    let initialized = checks["first-initialize"]?["result"] as? [String: Any]
    #expect((initialized?["userAgent"] as? String)?.hasPrefix("first/") == true)
    let thread = checks["thread-start"]?["thread"] as? String
    #expect(thread?.isEmpty == false)
    let loaded = checks["second-loaded"]?["data"] as? [String]
    #expect(thread != nil && loaded?.contains(thread!) == true, "\(loaded ?? [])")
  }

  @Test func webSocketClientsInitializeApartAndShareThreads() async throws {
    let home = try await ScriptedAgentHome(prefix: "cas-ws", script: Self.script)
    defer { Task { await home.finish() } }
    let (server, address) = try Self.startServer(home, ["--listen", "ws://127.0.0.1:0"])
    #expect(address.hasPrefix("ws://127.0.0.1:") && !address.hasSuffix(":0"))
    let port = address.split(separator: ":").last.map(String.init) ?? ""
    #expect(server.stderr.contains("healthz: http://127.0.0.1:\(port)/healthz"))
    #expect(server.stderr.contains("readyz: http://127.0.0.1:\(port)/readyz"))
    let work = home.work
    let checks = try await offPool {
      try WebSocketPeer.run(["ws", address, work], script: Self.peer)
    }
    #expect(try Self.stop(server) == 0)
    #expect(checks["http /healthz"]?["status"] as? Int == 200)
    #expect(checks["http /readyz"]?["status"] as? Int == 200)
    Self.expectSharedThreads(checks)
  }

  @Test func unixSocketServesWebSocketAndTheProxyRelaysIt() async throws {
    let home = try await ScriptedAgentHome(prefix: "cas-unix", script: Self.script)
    defer { Task { await home.finish() } }
    let path = home.root + "/as.sock"
    let (server, address) = try Self.startServer(home, ["--listen", "unix://" + path])
    #expect(address == "unix://" + path)
    var status = stat()
    #expect(lstat(path, &status) == 0)
    #expect(status.st_mode & 0o777 == 0o600)
    let work = home.work
    let checks = try await offPool {
      try WebSocketPeer.run(["unix", path, work], script: Self.peer)
    }
    Self.expectSharedThreads(checks)
    let binary = try CairnExecutable.require()
    let codexHome = home.root + "/codex"
    let relayed = try await offPool {
      try WebSocketPeer.run([binary, path, codexHome], script: Self.proxyPeer)
    }
    #expect(relayed["upgrade"]?["status"] as? String == "HTTP/1.1 101 Switching Protocols")
    let result = relayed["initialize"]?["result"] as? [String: Any]
    #expect((result?["userAgent"] as? String)?.hasPrefix("through-proxy/") == true)
    #expect(relayed["proxy-exit"]?["code"] as? Int == 0)
    #expect(try Self.stop(server) == 0)
    // A clean shutdown removes the socket file.
    #expect(access(path, F_OK) != 0)
  }

  @Test func bareUnixListensOnTheDefaultControlSocket() async throws {
    let home = try await ScriptedAgentHome(prefix: "cas-def", script: Self.script)
    defer { Task { await home.finish() } }
    let codexHome = home.root + "/codex"
    let path = codexHome + "/app-server-control/app-server-control.sock"
    let (server, address) = try Self.startServer(home, ["--listen", "unix://"])
    #expect(address == "unix://" + path)
    var status = stat()
    #expect(stat(codexHome + "/app-server-control", &status) == 0)
    #expect(status.st_mode & 0o777 == 0o700)
    let binary = try CairnExecutable.require()
    // `proxy` without --sock finds the same socket through CODEX_HOME.
    let relayed = try await offPool {
      try WebSocketPeer.run([binary, "-", codexHome], script: Self.proxyPeer)
    }
    #expect(relayed["upgrade"]?["status"] as? String == "HTTP/1.1 101 Switching Protocols")
    #expect(relayed["initialize"]?["result"] != nil)
    kill(server.pid, SIGINT)
    #expect(try server.waitForExit(withinSeconds: 30, what: "cairn app-server") == 0)
    #expect(access(path, F_OK) != 0)
  }

  @Test func aCapabilityTokenGuardsTheUpgrade() async throws {
    let home = try await ScriptedAgentHome(prefix: "cas-tok", script: Self.script)
    defer { Task { await home.finish() } }
    let tokenFile = home.root + "/token"
    try Data("s3cret-token\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
    let (server, address) = try Self.startServer(
      home,
      [
        "--listen", "ws://127.0.0.1:0", "--ws-auth", "capability-token", "--ws-token-file",
        tokenFile,
      ])
    #expect(!server.stderr.contains("s3cret"))
    #expect(!server.stderr.contains("binds localhost only"))
    let work = home.work
    let checks = try await offPool {
      try WebSocketPeer.run(["token", address, work, "s3cret-token"], script: Self.peer)
    }
    #expect(try Self.stop(server) == 0)
    #expect(checks["no-token"]?["status"] as? Int == 401)
    let result = checks["with-token"]?["result"] as? [String: Any]
    #expect((result?["userAgent"] as? String)?.hasPrefix("tokened/") == true)
  }

  @Test func nonLoopbackNeedsATokenAndSignedTokensAreNotBuilt() async throws {
    let home = try await ScriptedAgentHome(prefix: "cas-auth", script: Self.script)
    defer { Task { await home.finish() } }
    let binary = try CairnExecutable.require()
    let refused = try SpawnedProcess(
      [binary, "app-server", "--listen", "ws://0.0.0.0:0"], environment: home.environment,
      directory: home.work)
    #expect(try refused.waitForExit(withinSeconds: 60, what: "app-server") == 1)
    #expect(refused.stderr.contains("not a loopback address"), "\(refused.stderr)")
    let signed = try SpawnedProcess(
      [binary, "app-server", "--listen", "ws://127.0.0.1:0", "--ws-auth", "signed-bearer-token"],
      environment: home.environment, directory: home.work)
    #expect(try signed.waitForExit(withinSeconds: 60, what: "app-server") == 69)
    #expect(signed.stderr.contains("not supported yet"), "\(signed.stderr)")
    let relative = try SpawnedProcess(
      [
        binary, "app-server", "--listen", "ws://0.0.0.0:0", "--ws-auth", "capability-token",
        "--ws-token-file", "token.txt",
      ], environment: home.environment, directory: home.work)
    #expect(try relative.waitForExit(withinSeconds: 60, what: "app-server") == 2)
    #expect(relative.stderr.contains("must be absolute"), "\(relative.stderr)")
  }
}
