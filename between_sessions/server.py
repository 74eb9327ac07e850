"""The app's web server: app.py, behind the checks Streamlit leaves to the app.

`between app` runs `streamlit run server.py`. Streamlit finds `app` below, a documented
`st.App` (https://docs.streamlit.io/develop/api-reference/server/st.app), and serves app.py
through `Guard`, ASGI middleware that sees every request before Streamlit does:

- **Own origin only.** A websocket whose `Origin` is not the page's own (scheme, name and
  port) is refused before Streamlit sees it, so another local web page (a notebook, a dev
  server on :3000) cannot open the app's stream. Streamlit's own check lets any
  `localhost` origin in, whatever its port, and looks up this computer's public address
  (checkip.amazonaws.com) for any other origin.
- **No framing by others.** Every response says `X-Frame-Options: SAMEORIGIN` and CSP
  `frame-ancestors 'self'`: no page of another origin (another port included) can show the
  app in a frame and trick a click. (Streamlit's own page frames its downloads.)
- **Pairing.** A page request from another device carrying the pairing link's secret
  (`?pair=...`) is answered here (`Guard._pair`): with the secret in force, and pairing not
  paused for its address, the device gets a token of its own in an HttpOnly, SameSite=Strict
  cookie and is sent on to the same page without the secret in its address; a wrong secret
  is counted against its address (`phone.GUARD`) and the page shows the private notice. The
  pairing gate (views/phone.py) then lets in a session whose connection carries the cookie.
- **Uploads** are kept only for a session the pairing gate let in (`phone.ADMITTED`), and at
  most `UPLOADS_KEPT` files' worth (`server.maxUploadSize` each) per session in total.
- **Nothing about the install** leaves: Streamlit's `/_stcore/metrics` answers 404; the
  new-session message leaves out the app's path, the Python and Streamlit versions, the
  operating system and Streamlit's installation ids (`strip_new_session`).
- **Browser requests that change the server** (clear every cache, git details, run on
  save, the agent skills installer) are honoured only from this computer's own browser; from
  any other device only running the page, stopping it, uploads and the heartbeat
  (`REMOTE_REQUESTS`).

And two calls to Streamlit's internals, which have no public switch: `net_util`'s look-ups
of this computer's public and network address return nothing (`no_address_lookups`), so the
app makes no outbound request even where Streamlit would; tests/test_server.py fails if those
functions move. The app also refuses to show the journal when served without this file
(`serve.is_guarded`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import streamlit as st
from starlette.middleware import Middleware

from between_sessions import warm_up
from serving import phone, serve

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# 'self', not 'none': Streamlit's own page starts a download in a hidden frame of its own.
FRAME_HEADERS = [
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
]
UPLOADS_KEPT = 2
"""Files of the largest size a session may hold at once: an import and a restore."""
REMOTE_REQUESTS = frozenset(
    {
        "rerun_script",
        "stop_script",
        "app_heartbeat",
        "file_urls_request",
        "backend_operation_request.deferred_file",  # a download button's file, made on tap
        "backend_operation_request.dataframe_chunk",  # the rows of a long table
    }
)
"""What a browser on another device may ask of the server (BackMsg types, and the kind of a
backend operation). Not: clear every cache, git details, run on save, install skills."""
UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/([^/]+)")
METRICS_PATH = "/_stcore/metrics"
NEW_SESSION_FIELD = 4  # ForwardMsg.new_session


def no_address_lookups() -> None:
    """Streamlit looks up this computer's public address (an HTTP request to
    checkip.amazonaws.com) and its network address (a socket "connected" to 8.8.8.8) for
    banners and cross-origin checks. Here neither is ever needed: answer "unknown"."""
    from streamlit import net_util

    net_util.get_external_ip = _unknown
    net_util.get_internal_ip = _unknown


def _unknown() -> None:
    return None


def _peer(scope: Scope) -> str | None:
    """The browser's address as the pairing gate reads it (views/phone.py `peer_address`):
    None for loopback, "unknown" when there is none."""
    client = scope.get("client")
    peer = client[0] if client else None
    return None if phone.is_loopback_ip(peer) else (peer or "unknown")


def this_computer(scope: Scope) -> bool:
    """Whether the request comes from a browser on this computer (the pairing gate's rule)."""
    return phone.is_this_computer(_peer(scope), _served_address())


def _served_address() -> str:
    from streamlit import config

    return str(config.get_option("server.address") or "")


def _secure() -> bool:
    from streamlit import config

    return bool(config.get_option("server.sslCertFile"))


def own_origin(origin: str, host: str | None, secure: bool) -> bool:
    """Whether `origin` is the page's own: the scheme the app serves, and the name and port
    the browser used to reach it (its Host header, which Streamlit checks against
    `server.allowedHosts`)."""
    scheme = "https" if secure else "http"
    default = 443 if secure else 80
    try:
        came_from = urlsplit(origin)
        reached = urlsplit(f"//{host or ''}")
        if came_from.scheme.lower() != scheme or not came_from.hostname or not reached.hostname:
            return False
        return (came_from.hostname, came_from.port or default) == (
            reached.hostname,
            reached.port or default,
        )
    except ValueError:
        return False


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _path(scope: Scope) -> str:
    return re.sub("/+", "/", scope.get("path", "")).rstrip("/")


def _query(scope: Scope) -> dict[str, str]:
    """The request's query parameters (the first value of each)."""
    query = scope.get("query_string", b"").decode("latin-1")
    found: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        found.setdefault(name, value)
    return found


def _cookie(scope: Scope, name: str) -> str | None:
    from starlette.requests import HTTPConnection

    return HTTPConnection(scope).cookies.get(name)


def clean_location(scope: Scope) -> str:
    """Where a paired device is sent: the page it asked for on this same server, with every
    query parameter but the pairing secret. Always a path of this server (never `//name`,
    which a browser would read as another server)."""
    path = re.sub(r"[/\\]+", "/", scope.get("path", "") or "/")
    location = "/" + quote(path.lstrip("/"), safe="/-._~!$&'()*+,;=:@")
    query = scope.get("query_string", b"").decode("latin-1")
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name != phone.PAIR_PARAMETER
    ]
    return location + ("?" + urlencode(kept) if kept else "")


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def _top_level_fields(data: bytes) -> Iterator[int]:
    """The field numbers of a serialized protobuf message's own fields (not nested ones)."""
    at = 0
    try:
        while at < len(data):
            key, at = _varint(data, at)
            yield key >> 3
            wire = key & 7
            if wire == 0:
                _, at = _varint(data, at)
            elif wire == 1:
                at += 8
            elif wire == 2:
                length, at = _varint(data, at)
                at += length
            elif wire == 5:
                at += 4
            else:
                return
    except IndexError:
        return


def strip_new_session(data: bytes) -> bytes:
    """A ForwardMsg with its new-session details about the install left out: the app's path,
    the Python and Streamlit versions, the operating system and the installation ids. Every
    other message is returned as it is (found without parsing it)."""
    if NEW_SESSION_FIELD not in _top_level_fields(data):
        return data
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg.FromString(data)
    if message.WhichOneof("type") != "new_session":
        return data
    message.new_session.ClearField("main_script_path")
    initialize = message.new_session.initialize
    # Emptied, not removed: the browser reads these messages and fails on a missing one.
    for part in (initialize.environment_info, initialize.user_info):
        for field in part.DESCRIPTOR.fields:
            part.ClearField(field.name)
        part.SetInParent()
    return message.SerializeToString()


class UploadLedger:
    """The bytes each session's uploads hold, counted as they arrive (the event loop is the
    only caller, so no lock). A file is reserved before its body is read."""

    def __init__(self) -> None:
        self._held: dict[str, dict[str, int]] = {}

    def held(self, session: str, but: str | None = None) -> int:
        return sum(size for file, size in self._held.get(session, {}).items() if file != but)

    def set(self, session: str, file: str, size: int | None) -> None:
        files = self._held.setdefault(session, {})
        if size is None:
            files.pop(file, None)
        else:
            files[file] = size
        if not files:
            del self._held[session]

    def get(self, session: str, file: str) -> int | None:
        return self._held.get(session, {}).get(file)


FRAMING = 64 * 1024
"""Room for the multipart framing around one uploaded file (its name, type, boundaries)."""


def upload_limits() -> tuple[int, int]:
    """(the most one upload request may carry, the most one session's uploads may hold), in
    bytes: a file of `server.maxUploadSize` MiB with its framing, and `UPLOADS_KEPT` of those."""
    from streamlit import config

    one_request = int(config.get_option("server.maxUploadSize")) * 1024 * 1024 + FRAMING
    return one_request, UPLOADS_KEPT * one_request


async def _refuse(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *FRAME_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": text.encode("utf-8")})


class Guard:
    """ASGI middleware in front of all of Streamlit (see the module's docstring)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.uploads = UploadLedger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    # --- http ---------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def framed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *(
                        (k, v)
                        for k, v in message.get("headers", [])
                        if k.lower() not in dict(FRAME_HEADERS)
                    ),
                    *FRAME_HEADERS,
                ]
            await send(message)

        path = _path(scope)
        if path.endswith(METRICS_PATH):
            await _refuse(framed, 404, "Not found")
            return
        upload = UPLOAD_PATH.search(path)
        if upload and scope.get("method") in ("PUT", "DELETE"):
            await self._upload(scope, receive, framed, *upload.groups())
            return
        if (
            scope.get("method") == "GET"
            and phone.PAIR_PARAMETER in _query(scope)
            and not this_computer(scope)
            and await self._pair(scope, framed)
        ):
            return
        await self.app(scope, receive, framed)

    async def _pair(self, scope: Scope, send: Send) -> bool:
        """Answer a pairing link: with the secret in force (and pairing not paused for this
        address), a device token in a cookie and a redirect to the same page without the
        secret; True when answered. A wrong secret is counted; the page then loads as it is
        and shows the private notice (or, while paused, that pairing is paused)."""
        from analytics.paths import default_journal_path

        peer = _peer(scope)
        folder = phone.folder_for(default_journal_path())
        current = phone.current_secret(folder)
        given = _query(scope)[phone.PAIR_PARAMETER]
        # The guard admits only the secret in force: `current` is never None past it.
        if not phone.GUARD.attempt(given, current, peer) or current is None:
            return False
        token = _cookie(scope, phone.DEVICE_COOKIE)
        if not phone.device_paired(folder, token, current):
            token = phone.pair_device(folder, current)
        cookie = (
            f"{phone.DEVICE_COOKIE}={token}; Path=/; Max-Age={phone.DEVICE_DAYS * 86400}; "
            "HttpOnly; SameSite=Strict" + ("; Secure" if _secure() else "")
        )
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", clean_location(scope).encode("latin-1")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-type", b"text/plain; charset=utf-8"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"Paired."})
        return True

    async def _upload(
        self, scope: Scope, receive: Receive, send: Send, session: str, file: str
    ) -> None:
        if session not in phone.ADMITTED:
            await _refuse(send, 403, "This device is not paired.")
            return
        status = {"code": 0}

        async def noted(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        if scope["method"] == "DELETE":
            await self.app(scope, receive, noted)
            if 200 <= status["code"] < 300:
                self.uploads.set(session, file, None)
            return
        one_request, per_session = upload_limits()
        try:
            announced = int(_header(scope, b"content-length") or one_request)
        except ValueError:
            announced = one_request
        before = self.uploads.get(session, file)
        held = self.uploads.held(session, but=file)
        if held + min(max(announced, 0), one_request) > per_session:
            await _refuse(
                send, 413, "This session holds as many uploaded files as it may; remove one."
            )
            return
        self.uploads.set(session, file, min(max(announced, 0), one_request))
        received = {"bytes": 0}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received["bytes"] += len(message.get("body", b""))
            return message

        try:
            await self.app(scope, counted, noted)
        finally:
            kept = 200 <= status["code"] < 300
            self.uploads.set(session, file, received["bytes"] if kept else before)

    # --- websocket ----------------------------------------------------------------------

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = _header(scope, b"origin")
        if origin is not None and not own_origin(origin, _header(scope, b"host"), _secure()):
            message = await receive()  # websocket.connect
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 1008})
            return
        here = this_computer(scope)

        async def filtered_receive() -> Message:
            while True:
                message = await receive()
                if here or message["type"] != "websocket.receive" or not message.get("bytes"):
                    return message
                if _back_message_type(message["bytes"]) in REMOTE_REQUESTS:
                    return message

        async def filtered_send(message: Message) -> None:
            if message["type"] == "websocket.send" and message.get("bytes"):
                message = {**message, "bytes": strip_new_session(message["bytes"])}
            await send(message)

        await self.app(scope, filtered_receive, filtered_send)


def _back_message_type(data: bytes) -> str | None:
    """The BackMsg's type; for a backend operation, also which (`REMOTE_REQUESTS`)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    try:
        message = BackMsg.FromString(data)
    except Exception:  # not a BackMsg: Streamlit closes the connection itself
        return "rerun_script"
    kind = message.WhichOneof("type")
    if kind == "backend_operation_request":
        operation = message.backend_operation_request
        return f"{kind}.{operation.WhichOneof(operation.DESCRIPTOR.oneofs[0].name)}"
    return kind


def announce() -> None:
    """Once the server holds its port: in phone mode, the pairing link and its QR code, with
    the port actually served (Streamlit never moves to another: `serve` always names one)."""
    from streamlit import config

    address = _served_address()
    if serve.is_loopback(address) or not _secure():
        return
    from analytics.cli.phone import say_pairing_link
    from analytics.paths import default_journal_path

    say_pairing_link(default_journal_path(), address, int(config.get_option("server.port")))


def open_browser() -> None:
    """Open the app in this computer's browser, as `streamlit run app.py` did (Streamlit's
    st.App path does not): not when headless (no display, or asked)."""
    from streamlit import config

    if config.get_option("server.headless"):
        return
    import threading
    import webbrowser

    host = str(config.get_option("browser.serverAddress") or "localhost")
    host = f"[{host}]" if ":" in host else host
    url = f"{'https' if _secure() else 'http'}://{host}:{config.get_option('server.port')}"
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


@asynccontextmanager
async def lifespan(_app: Any) -> Any:
    phone_mode = not serve.is_loopback(_served_address()) and _secure()
    if phone_mode:
        from analytics.paths import default_journal_path

        phone.record_running(default_journal_path(), os.getpid())
    warm_up.start()  # while the browser loads the page
    announce()
    open_browser()
    try:
        yield
    finally:
        if phone_mode:
            phone.forget_running(os.getpid())


no_address_lookups()
serve.mark_guarded()
app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    middleware=[Middleware(Guard)],
    lifespan=lifespan,
)
