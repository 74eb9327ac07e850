"""The websocket upgrade the browser sends to the app's stream, by hand: the privacy tests ask
whether the server opens it for a given Host header (101) or refuses it."""

from __future__ import annotations

import socket

REQUEST = (
    "GET /_stcore/stream HTTP/1.1\r\n"
    "Host: {host}\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n"
)


def upgrade_status(sock: socket.socket, host: str) -> int:
    """The HTTP status of a websocket upgrade sent over `sock` (plain or TLS) with `host` as Host."""
    sock.sendall(REQUEST.format(host=host).encode("ascii"))
    reply = b""
    while b"\r\n" not in reply:
        chunk = sock.recv(1024)
        if not chunk:
            break
        reply += chunk
    status_line = reply.split(b"\r\n", 1)[0].decode("ascii", "replace")
    assert status_line.startswith("HTTP/1.1 "), f"no HTTP reply: {reply[:200]!r}"
    return int(status_line.split()[1])
