import Foundation

/// The real WebSocket peer of the transport tests: Python's `websockets` (pip, installed by
/// tools/bootstrap), driven by a small script that prints one JSON object per check.
enum WebSocketPeer {
  static let script = #"""
    import json, sys, urllib.request, urllib.error
    from websockets.sync.client import connect, unix_connect
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    def out(**kw):
        print(json.dumps(kw), flush=True)

    def http(base, path):
        try:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""

    def closed_code(ws, send):
        try:
            send(ws)
            ws.recv(timeout=10)
        except ConnectionClosed as e:
            return e.rcvd.code if e.rcvd else None
        return "open"

    mode, target = sys.argv[1], sys.argv[2]
    if mode == "tcp":
        base = "http://" + target[len("ws://"):]
        for path in ["/healthz", "/readyz", "/", "/nope"]:
            status, body = http(base, path)
            out(check="http", path=path, status=status, body=body)
        # Garbage and an oversized header: an HTTP error or a closed connection, and the
        # server goes on serving.
        import socket
        host, port = target[len("ws://"):].rsplit(":", 1)
        for name, payload in [("garbage", b"\x16\x03\x01 not http at all\r\n\r\n"),
                              ("huge-header", b"GET /healthz HTTP/1.1\r\nX: " + b"a" * 200000 + b"\r\n\r\n")]:
            raw = socket.create_connection((host, int(port)), timeout=10)
            try:
                raw.sendall(payload)
                reply = raw.recv(4096)
            except (ConnectionResetError, BrokenPipeError):
                reply = b""
            raw.close()
            out(check=name, reply=reply.split(b"\r\n")[0].decode("latin-1"))
        status, body = http(base, "/healthz")
        out(check="still-serving", status=status)
        dial = lambda **kw: connect(target, open_timeout=10, **kw)
    elif mode == "token":
        try:
            connect(target, open_timeout=10, compression=None)
            out(check="no-token", status="accepted")
        except InvalidStatus as e:
            out(check="no-token", status=e.response.status_code)
        with connect(target, open_timeout=10, additional_headers={"Authorization": "Bearer " + sys.argv[3]}) as ws:
            ws.send("with token")
            out(check="token", echo=ws.recv(timeout=10))
        sys.exit(0)
    else:
        dial = lambda **kw: unix_connect(target, open_timeout=10, **kw)

    # The default client offers permessage-deflate: the server must go on without it.
    with dial() as ws:
        out(check="extensions", offered=True, negotiated=ws.response.headers.get("Sec-WebSocket-Extensions"))
        for text in ["hello", "", "ünïcødé ✓", "x" * 60000]:
            ws.send(text)
            back = ws.recv(timeout=10)
            out(check="echo", ok=back == "echo:" + text, length=len(text))
        ws.send(["frag", "ment", "ed"])
        out(check="fragmented", echo=ws.recv(timeout=10))
        pong = ws.ping(b"p")
        out(check="ping", answered=pong.wait(10))
        ws.send("bye")
        out(check="server-close", code=closed_code(ws, lambda w: None))
    with dial(compression=None, max_size=None) as ws:
        out(check="too-big", code=closed_code(ws, lambda w: w.send("y" * (70 * 1024))))
    with dial(compression=None) as ws:
        out(check="fragmented-too-big", code=closed_code(ws, lambda w: w.send(["z" * 40000, "z" * 40000])))
    with dial(compression=None) as ws:
        out(check="binary", code=closed_code(ws, lambda w: w.send(b"\x00\x01")))
    with dial(compression=None) as ws:
        ws.send("first")
        ws.recv(timeout=10)
        ws.close()
        received = ws.protocol.close_rcvd
        out(check="client-close", code=received.code if received else None)
    """#

  /// Runs `script` (this file's by default) with `arguments`; returns its JSON lines, keyed
  /// by `check` (the last of each), and fails with a clear message when python3 or
  /// websockets is missing.
  static func run(_ arguments: [String], script: String = WebSocketPeer.script) throws -> PeerChecks
  {
    let directory = NSTemporaryDirectory() + "cairn-ws-peer-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/peer.py"
    try Data(script.utf8).write(to: URL(fileURLWithPath: path))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", path] + arguments
    let stdout = directory + "/stdout"
    let stderr = directory + "/stderr"
    _ = FileManager.default.createFile(atPath: stdout, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
    try process.run()
    process.waitUntilExit()
    let output = String(
      decoding: FileManager.default.contents(atPath: stdout) ?? Data(), as: UTF8.self)
    let errors = String(
      decoding: FileManager.default.contents(atPath: stderr) ?? Data(), as: UTF8.self)
    if errors.contains("No module named 'websockets'") {
      throw PeerFailure(
        "python3 cannot import websockets: run tools/bootstrap (pip install websockets==17.4)")
    }
    guard process.terminationStatus == 0 else {
      throw PeerFailure("the websockets peer failed (\(process.terminationStatus)): \(errors)")
    }
    var checks: [String: [String: Any]] = [:]
    for line in output.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let check = object["check"] as? String
      else { continue }
      if check == "http", let path = object["path"] as? String {
        checks["http " + path] = object
      } else if check == "echo", let length = object["length"] as? Int {
        checks["echo \(length)"] = object
      } else {
        checks[check] = object
      }
    }
    return PeerChecks(checks: checks)
  }

  struct PeerFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }
}

/// The peer's report: each check's JSON object (immutable once built).
struct PeerChecks: @unchecked Sendable {
  let checks: [String: [String: Any]]
  subscript(_ check: String) -> [String: Any]? { checks[check] }
}
