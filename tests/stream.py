"""The websocket upgrade the browser sends to the app's stream, by hand: the privacy tests ask
whether the server opens it for a given Host header (101) or refuses it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def page(
    ws_url: str,
    origin: str | None,
    query: str = "",
    timeout: float = 30,
    cookie: str | None = None,
) -> Iterator[tuple[object, str, list[bytes]]]:
    """Open the app's stream as a browser would (sending `cookie` as its Cookie header), ask
    for one run of the page with `query` as its query string, and read until the run ends.
    Yields (the open connection, the session id the server gave, every frame received);
    closes the connection after."""
    from websockets.sync.client import connect

    headers = {"Cookie": cookie} if cookie else None
    with connect(
        ws_url, origin=origin, open_timeout=timeout, max_size=None, additional_headers=headers
    ) as ws:
        frames = rerun(ws, query, timeout)
        yield ws, session_of(frames), frames


def send(ws, **back: object) -> None:
    """Send one BackMsg made of `back` (for example `clear_cache=True`)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    ws.send(BackMsg(**back).SerializeToString())


def rerun(ws, query: str = "", timeout: float = 30) -> list[bytes]:
    """Ask for a run of the page with `query` as its query string; read frames until the run
    finishes."""
    import time

    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    send(ws, rerun_script=ClientState(query_string=query))
    frames: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        frame = ws.recv(timeout=max(0.05, deadline - time.monotonic()))
        frames.append(frame)
        if ForwardMsg.FromString(frame).WhichOneof("type") == "script_finished":
            return frames


def session_of(frames: list[bytes]) -> str:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    for frame in frames:
        message = ForwardMsg.FromString(frame)
        if message.WhichOneof("type") == "new_session":
            return message.new_session.initialize.session_id
    raise AssertionError("the server sent no new session")
