"""The web server's own checks (server.py), tried as a hostile neighbour would: another local
web page, a device on the network that is not paired, a page that frames the app. Each test
that starts the app serves it on a free loopback port, as `between app` does (tests/served.py).
"""

from __future__ import annotations

import contextlib
import inspect
import os
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import pytest

from serving import phone, serve
from testkit.browser import REPO
from tests.served import served, stop
from tests.stream import page, rerun, send, session_of

# --- 1. the port the link names -----------------------------------------------------------


def test_the_port_is_always_named_so_streamlit_never_moves_to_another():
    """Without --port, Streamlit moved to 8502 when 8501 was taken, while the terminal and the
    pairing link still said 8501. Named on the command line, it refuses instead."""
    for command in (serve.streamlit_command(), serve.streamlit_command("192.0.2.5", None)):
        assert command[command.index("--server.port") + 1] == str(serve.DEFAULT_PORT)
    command = serve.streamlit_command(port=9000)
    assert command[command.index("--server.port") + 1] == "9000"


def test_a_taken_port_stops_the_app_and_says_which(tmp_path):
    """A program already listens on the default port: `between app` (no --port) does not start
    elsewhere; it ends, and the terminal names the port."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        script = (
            "import sys\n"
            "from analytics import cli\n"
            "from serving import serve\n"
            f"serve.DEFAULT_PORT = {port}\n"
            f"sys.exit(cli.main(['app', '--db', {str(tmp_path / 'j.duckdb')!r}]))\n"
        )
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(tmp_path),
            "STREAMLIT_SERVER_HEADLESS": "true",
        }
        process = subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            said, _ = process.communicate(timeout=90)
        finally:
            stop(process)  # the server it started too, had it started
    assert process.returncode == 1, said
    assert f"Port {port} is not available" in said
    assert f"port {port}" in said and "--port" in said


def test_the_pairing_link_is_said_by_the_server_with_the_port_it_holds(
    monkeypatch, tmp_path, capsys
):
    """`between app --phone` prints the warning, not the link: the link (and its QR code) come
    from the server once it holds the port, with the port it holds."""
    from analytics import cli
    from analytics.cli.phone import say_pairing_link

    started = {}
    monkeypatch.setattr(
        serve,
        "run_until_stopped",
        lambda command, **kwargs: started.update(command=command) or (0, None),
    )
    journal = tmp_path / "j.duckdb"
    assert cli.main(["app", "--db", str(journal), "--phone", "192.168.1.20"]) == 0
    secret = phone.current_secret(tmp_path)
    said = capsys.readouterr().err
    assert "WARNING" in said and secret not in said
    command = started["command"]
    assert command[command.index("--server.port") + 1] == "8501"
    say_pairing_link(journal, "192.168.1.20", 8501)
    assert f"https://192.168.1.20:8501/?pair={secret}" in capsys.readouterr().err


# --- 2. only the app's own origin ---------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "host", "secure", "own"),
    [
        ("http://localhost:8501", "localhost:8501", False, True),
        ("http://127.0.0.1:8501", "127.0.0.1:8501", False, True),
        ("http://[::1]:8501", "[::1]:8501", False, True),
        ("http://LOCALHOST:8501", "localhost:8501", False, True),
        ("https://192.168.1.20:8501", "192.168.1.20:8501", True, True),
        ("http://localhost:3000", "localhost:8501", False, False),  # a dev server next door
        ("http://localhost", "localhost:8501", False, False),
        ("http://127.0.0.1:8501", "localhost:8501", False, False),  # another name: another origin
        ("https://localhost:8501", "localhost:8501", False, False),
        ("http://192.168.1.20:8501", "192.168.1.20:8501", True, False),
        ("null", "localhost:8501", False, False),  # a sandboxed frame or a file
        ("http://evil.example", "localhost:8501", False, False),
        ("", "localhost:8501", False, False),
    ],
)
def test_only_the_pages_own_origin_is_its_own(origin, host, secure, own):
    from between_sessions import server

    assert server.own_origin(origin, host, secure) is own


def test_another_local_page_cannot_open_the_apps_stream(tmp_path):
    """A web page on http://localhost:3000 (a notebook, a dev server) opened the websocket
    and received the journal. Now only the app's own page can."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with served(tmp_path) as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        for origin in ("http://localhost:3000", f"http://localhost:{app.port + 1}", "null"):
            with pytest.raises(InvalidStatus) as refused, connect(stream, origin=origin):
                pass
            assert refused.value.response.status_code == 403
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (_, _, frames):
            assert frames


# --- 3. no framing ------------------------------------------------------------------------


def test_every_response_forbids_framing_by_another_origin(tmp_path):
    """A page on another origin framed Quick log invisibly, and one click on a decoy saved
    "wellbeing 0". Streamlit's own page may frame itself (it downloads files that way)."""
    with served(tmp_path) as app:
        index = urllib.request.urlopen(app.url + "/").read().decode()
        script = index.split('src="', 1)[1].split('"', 1)[0] if 'src="' in index else "/"
        for path in ("/", "/_stcore/health", "/_stcore/host-config", script, "/no-such-page"):
            try:
                response = urllib.request.urlopen(app.url + "/" + path.lstrip("/"))
            except urllib.error.HTTPError as error:
                response = error
            assert response.headers.get("X-Frame-Options") == "SAMEORIGIN", path
            assert response.headers.get("Content-Security-Policy") == "frame-ancestors 'self'"


# --- 4. no outbound request ---------------------------------------------------------------


def test_hostile_requests_make_the_server_call_out_to_nobody(tmp_path):
    """Every cross-origin websocket made Streamlit look up checkip.amazonaws.com (and
    "connect" a socket to 8.8.8.8). The server runs with an audit hook that blocks and records
    any outbound attempt; a volley of hostile requests must leave that record empty."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with served(tmp_path, audit=True) as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        for origin in ("http://evil.example", "http://localhost:3000", "http://10.1.2.3:8501"):
            for _ in range(3):
                with contextlib.suppress(InvalidStatus), connect(stream, origin=origin):
                    pass
        for host in ("evil.example", f"localhost:{app.port}"):
            request = urllib.request.Request(app.url + "/_stcore/metrics", headers={"Host": host})
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=20)
        with page(stream, origin=f"http://127.0.0.1:{app.port}"):
            pass
        assert urllib.request.urlopen(app.url + "/_stcore/health").status == 200
        assert app.outbound() == [], app.outbound()


def test_the_address_lookups_it_turns_off_are_where_streamlit_makes_them():
    """server.py replaces `net_util.get_external_ip` and `get_internal_ip`; if Streamlit moves
    the look-ups elsewhere, this fails and the replacement must follow them."""
    from streamlit import net_util
    from streamlit.web import bootstrap
    from streamlit.web.server import server_util

    for name in ("get_external_ip", "get_internal_ip"):
        assert callable(getattr(net_util, name))
        assert f"net_util.{name}" in inspect.getsource(server_util)
        assert f"net_util.{name}" in inspect.getsource(bootstrap)
    assert "checkip.amazonaws.com" in inspect.getsource(net_util)


# --- 5. uploads ---------------------------------------------------------------------------


def _xsrf(app) -> str:
    response = urllib.request.urlopen(app.url + "/_stcore/health")
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name.strip() == "_streamlit_xsrf":
            return rest.split(";", 1)[0]
    raise AssertionError("no XSRF cookie")


def _upload(app, session: str, size: int, file: str | None = None, method: str = "PUT") -> int:
    """The HTTP status of an upload (or, with DELETE, a removal) of `size` random bytes. A
    refusal may come before the body is sent; the body is then cut short, as a browser's is."""
    import http.client

    token = _xsrf(app)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + secrets.token_bytes(size)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    try:
        connection.putrequest(method, f"/_stcore/upload_file/{session}/{file or uuid.uuid4().hex}")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("X-Xsrftoken", token)
        connection.putheader("Cookie", f"_streamlit_xsrf={token}")
        connection.putheader("Content-Length", str(len(body) if method == "PUT" else 0))
        connection.endheaders()
        if method == "PUT":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.send(body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_unpaired_device_cannot_upload(tmp_path):
    """An unpaired device took the XSRF cookie from /_stcore/health and PUT 45 MB at a time,
    kept without limit. Now a session the pairing gate did not let in uploads nothing."""
    with served(tmp_path, env={phone.PAIR_EVERY_BROWSER: "1"}) as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (_, session, frames):
            assert any(phone.PRIVATE_MESSAGE.encode() in f for f in frames)
            assert _upload(app, session, 1024) == 403


def test_every_session_holds_at_most_two_largest_files_of_uploads(tmp_path):
    """This computer's own session may upload, but not without end: two files of the largest
    size at once (`server.maxUploadSize`, here 1 MiB), and another once one is removed."""
    with served(tmp_path, "--server.maxUploadSize", "1") as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (_, session, _):
            almost_all = 1024 * 1024 - 1024
            first = uuid.uuid4().hex
            assert _upload(app, session, almost_all, first) == 204
            assert _upload(app, session, almost_all) == 204
            assert _upload(app, session, almost_all) == 413
            assert _upload(app, session, almost_all) == 413  # a refusal reserves nothing
            assert _upload(app, session, 0, first, method="DELETE") == 204
            assert _upload(app, session, almost_all) == 204


# --- 6. the pairing pause -----------------------------------------------------------------


def _get(app, target: str, cookie: str | None = None):
    """One GET of `target` (a path and query) without following a redirect: the response,
    read."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    try:
        connection.putrequest("GET", target)
        if cookie:
            connection.putheader("Cookie", cookie)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def _device_cookie(response) -> str | None:
    """The device cookie a response sets, as `name=value`, or None."""
    for header in response.headers.get_all("Set-Cookie") or []:
        pair = header.split(";", 1)[0].strip()
        if pair.startswith(phone.DEVICE_COOKIE + "="):
            return pair
    return None


def test_clearing_the_cache_does_not_reset_the_pairing_pause(tmp_path):
    """An unpaired device's "clear cache" cleared every st.cache_resource, the wrong-guess
    count among them, so guessing never paused for long. The count now lives outside
    Streamlit's caches, and only this computer's browser may clear them."""
    journal = tmp_path / "journal.duckdb"
    secret = phone.ensure_secret(tmp_path)
    with served(tmp_path, env={phone.PAIR_EVERY_BROWSER: "1"}, journal=journal) as app:
        for _ in range(phone.MAX_WRONG):
            assert _device_cookie(_get(app, f"/?{phone.PAIR_PARAMETER}=wrong")) is None
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (ws, _, _):
            paused = rerun(ws, f"{phone.PAIR_PARAMETER}={secret}")
            assert any(phone.PAUSED_MESSAGE.encode() in f for f in paused)
            send(ws, clear_cache=True)
            still = rerun(ws, f"{phone.PAIR_PARAMETER}={secret}")
            assert any(phone.PAUSED_MESSAGE.encode() in f for f in still)
            assert not any(b"Quick log" in f for f in still)
        right = _get(app, f"/?{phone.PAIR_PARAMETER}={secret}")
        assert right.status == 200 and _device_cookie(right) is None


# --- 6b. a paired device stays paired ----------------------------------------------------


def test_the_pairing_link_pairs_the_device_with_a_cookie_and_drops_the_secret(tmp_path):
    """A paired phone lost its pairing on a reload (a new session, without the link). The
    pairing link now answers with a token of the device's own in an HttpOnly, SameSite=Strict
    cookie and a redirect to the same page without the secret; a session whose connection
    carries the cookie is let in (and may upload), until `between pair --new`."""
    journal = tmp_path / "journal.duckdb"
    secret = phone.ensure_secret(tmp_path)
    with served(tmp_path, env={phone.PAIR_EVERY_BROWSER: "1"}, journal=journal) as app:
        paired = _get(app, f"/home?{phone.PAIR_PARAMETER}={secret}&embed_options=x")
        assert paired.status == 303
        assert paired.headers["Location"] == "/home?embed_options=x"
        assert secret not in paired.headers["Location"]
        (header,) = [
            h
            for h in paired.headers.get_all("Set-Cookie")
            if h.startswith(phone.DEVICE_COOKIE + "=")
        ]
        attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
        assert {"httponly", "samesite", "path", "max-age"} <= attributes
        assert "SameSite=Strict" in header and "Path=/;" in header
        assert "secure" not in attributes  # plain http here; `--phone` serves https: Secure
        cookie = _device_cookie(paired)
        token = cookie.split("=", 1)[1]
        assert token not in (tmp_path / phone.DEVICES_FILE).read_text()
        assert (tmp_path / phone.DEVICES_FILE).stat().st_mode & 0o777 == 0o600
        # The link opened again by a paired device keeps its token (no new one each time).
        again = _get(app, f"/?{phone.PAIR_PARAMETER}={secret}", cookie=cookie)
        assert again.status == 303 and _device_cookie(again) == cookie

        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        origin = f"http://127.0.0.1:{app.port}"
        with page(stream, origin=origin, cookie=cookie) as (ws, session, frames):
            assert any(b"Quick log" in f for f in frames)
            assert _upload(app, session, 1024) == 204
            # A reload is a new session with the same cookie: still paired.
            with page(stream, origin=origin, cookie=cookie) as (_, _, reloaded):
                assert any(b"Quick log" in f for f in reloaded)
            with page(stream, origin=origin, cookie=f"{phone.DEVICE_COOKIE}={'A' * 43}") as (
                _,
                _,
                forged,
            ):
                assert any(phone.PRIVATE_MESSAGE.encode() in f for f in forged)
                assert not any(b"Quick log" in f for f in forged)
            done = subprocess.run(
                [sys.executable, "-m", "analytics", "pair", "--new", "--db", str(journal)],
                cwd=REPO,
                capture_output=True,
                text=True,
                env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "elsewhere")},
            )
            assert done.returncode == 0, done.stderr
            locked = rerun(ws)  # the open session's next tap
            assert any(phone.PRIVATE_MESSAGE.encode() in f for f in locked)
            assert _upload(app, session, 1024) == 403
        with page(stream, origin=origin, cookie=cookie) as (_, _, reloaded):
            assert any(phone.PRIVATE_MESSAGE.encode() in f for f in reloaded)
            assert not any(b"Quick log" in f for f in reloaded)


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/?pair=S", "/"),
        ("/home?pair=S", "/home"),
        ("//evil.example/?pair=S", "/evil.example/"),
        ("/\\evil.example?pair=S", "/evil.example"),
        ("/log?a=1&pair=S&b=2", "/log?a=1&b=2"),
        ("/log?pair=S&pair=T", "/log"),
    ],
)
def test_a_paired_device_is_sent_to_a_page_of_this_server_only(target, location):
    """`//name` or `/\\name` in a Location header is another server to a browser."""
    from between_sessions.server import clean_location

    path, _, query = target.partition("?")
    assert clean_location({"path": path, "query_string": query.encode()}) == location


# --- 7. smaller leaks ---------------------------------------------------------------------


def test_metrics_are_not_served(tmp_path):
    """/_stcore/metrics counted pairing attempts, new data and sample use for anyone."""
    with served(tmp_path) as app:
        for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore//metrics"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(app.url + path)
            assert refused.value.code == 404


def test_no_session_is_told_the_install_path_or_the_versions(tmp_path):
    import platform

    import streamlit

    with served(tmp_path, env={phone.PAIR_EVERY_BROWSER: "1"}) as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (_, session, frames):
            pass
    assert session
    everything = b"".join(frames)
    for secret in (str(REPO), streamlit.__version__, platform.python_version()):
        assert secret.encode() not in everything, secret
    assert session_of(frames) == session


def test_app_py_served_without_the_servers_checks_shows_nothing(tmp_path):
    """`streamlit run app.py` would serve the journal without any of the checks above."""
    from views.phone import UNGUARDED_MESSAGE

    with served(tmp_path, script=serve.APP_FILE) as app:
        stream = f"ws://127.0.0.1:{app.port}/_stcore/stream"
        with page(stream, origin=f"http://127.0.0.1:{app.port}") as (_, _, frames):
            everything = b"".join(frames)
    assert UNGUARDED_MESSAGE.encode() in everything
    assert b"Explore the sample journal" not in everything and b"Quick log" not in everything


def test_in_phone_mode_the_server_says_the_link_with_the_port_it_serves(
    monkeypatch, tmp_path, capsys
):
    from streamlit import config

    from between_sessions import server

    journal = tmp_path / "journal.duckdb"
    secret = phone.ensure_secret(tmp_path)
    monkeypatch.setenv("BETWEEN_DB", str(journal))
    saved = {
        name: config.get_option(name)
        for name in ("server.address", "server.port", "server.sslCertFile")
    }
    try:
        config.set_option("server.address", "192.168.1.20")
        config.set_option("server.port", 8555)
        config.set_option("server.sslCertFile", str(tmp_path / phone.CERT_FILE))
        server.announce()
    finally:
        for name, value in saved.items():
            config.set_option(name, value)
    said = capsys.readouterr().err
    assert f"https://192.168.1.20:8555/?pair={secret}" in said


@pytest.mark.parametrize(
    ("back", "allowed"),
    [
        ({"rerun_script": {}}, True),
        ({"app_heartbeat": True}, True),
        ({"backend_operation_request": {"deferred_file": {}}}, True),  # a download, on tap
        ({"backend_operation_request": {"dataframe_chunk": {}}}, True),
        ({"clear_cache": True}, False),
        ({"load_git_info": True}, False),
        ({"set_run_on_save": True}, False),
        ({"backend_operation_request": {"install_skills": {}}}, False),
        ({"debug_shutdown_runtime": True}, False),
    ],
)
def test_another_device_may_run_pages_and_download_but_not_change_the_server(back, allowed):
    from google.protobuf.json_format import ParseDict
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from between_sessions import server

    data = ParseDict(back, BackMsg()).SerializeToString()
    assert (server._back_message_type(data) in server.REMOTE_REQUESTS) is allowed


def test_only_the_new_session_message_is_changed_and_keeps_what_the_page_needs():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from between_sessions import server

    message = ForwardMsg()
    message.new_session.main_script_path = "/home/someone/between/app.py"
    message.new_session.initialize.session_id = "abc"
    message.new_session.initialize.environment_info.python_version = "3.11.7"
    message.new_session.initialize.user_info.installation_id = "machine-id"
    stripped = ForwardMsg.FromString(server.strip_new_session(message.SerializeToString()))
    assert stripped.new_session.initialize.session_id == "abc"
    assert stripped.new_session.main_script_path == ""
    assert stripped.new_session.initialize.HasField("environment_info")  # present, empty
    assert stripped.new_session.initialize.environment_info.python_version == ""
    assert stripped.new_session.initialize.user_info.installation_id == ""
    other = ForwardMsg()
    other.delta.new_element.markdown.body = "/home/someone/between/app.py"
    data = other.SerializeToString()
    assert server.strip_new_session(data) is data


def test_the_app_opens_in_this_computers_browser_unless_headless(monkeypatch):
    import threading
    import webbrowser

    from streamlit import config

    from between_sessions import server

    opened = []
    done = threading.Event()
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or done.set())
    saved = {name: config.get_option(name) for name in ("server.headless", "server.port")}
    try:
        config.set_option("server.headless", True)
        server.open_browser()
        config.set_option("server.headless", False)
        config.set_option("server.port", 8577)
        server.open_browser()
        assert done.wait(10)
    finally:
        for name, value in saved.items():
            config.set_option(name, value)
    assert opened == ["http://localhost:8577"]
