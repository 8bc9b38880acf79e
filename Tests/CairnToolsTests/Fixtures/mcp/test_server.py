"""An MCP server for Cairn's MCP client tests, built on the official Python SDK
(pip install mcp==2.3.0). Usage:

    test_server.py stdio                 # JSON-RPC lines on stdin/stdout
    test_server.py http TOKEN            # streamable HTTP on 127.0.0.1, a free port; prints
                                         # "listening on PORT" once it accepts connections;
                                         # every request must carry "Authorization: Bearer TOKEN"
    test_server.py exit-at-start         # writes to stderr and exits with status 3
"""
import os
import socket
import sys
import time

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations

server = MCPServer("cairn-test")


@server.tool(description="Echoes the text back.")
def echo(text: str) -> str:
    return text


@server.tool(description="Adds two integers.")
def add(a: int, b: int) -> int:
    return a + b


@server.tool(description="Always fails with the given message.")
def fail(message: str) -> str:
    raise ToolError(message)


@server.tool(description="Sleeps for the given seconds, then answers.")
def sleep(seconds: float) -> str:
    time.sleep(seconds)
    return f"slept {seconds}"


@server.tool(
    description="Pretends to delete a file.",
    annotations=ToolAnnotations(destructiveHint=True, readOnlyHint=False),
)
def remove(path: str) -> str:
    return f"removed {path}"


@server.tool(description="Reads an environment variable of the server.")
def getenv(name: str) -> str:
    return os.environ.get(name, "<unset>")


@server.tool(description="Ends the server process at once.")
def die() -> str:
    sys.stderr.write("dying on request\n")
    sys.stderr.flush()
    os._exit(7)


@server.resource("cairn://notes/readme", name="readme", description="A short note.",
                 mime_type="text/plain")
def readme() -> str:
    return "notes from the test server"


def run_http(token: str) -> None:
    import uvicorn
    from starlette.responses import PlainTextResponse

    app = server.streamable_http_app()
    expected = f"Bearer {token}"

    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            if headers.get(b"authorization", b"").decode() != expected:
                await PlainTextResponse("missing or wrong bearer token", status_code=401)(
                    scope, receive, send)
                return
        await app(scope, receive, send)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    # Connections queue on the listening socket from here on, so the test may connect.
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(guarded, log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if mode == "stdio":
        server.run("stdio")
    elif mode == "http":
        run_http(sys.argv[2])
    elif mode == "exit-at-start":
        sys.stderr.write("cannot start: the test asked for a failure\n")
        sys.exit(3)
    else:
        sys.exit(f"unknown mode {mode}")
