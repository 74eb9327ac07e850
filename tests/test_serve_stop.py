"""Stopping `between app` stops the server it started, however it is stopped.

Found by a person: `kill` (SIGTERM) ended `between app` but left its Streamlit serving, with
`--phone` on the home network, holding the journal open. Each way of stopping the command is
tried here on real processes: the command and its server are started, the command is stopped,
and the server's port must be closed and its process gone. Every wait is on a condition (the
health answer, the process ending), never a fixed pause.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import socket
import subprocess
import sys
import termios
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest

from serving import serve
from testkit.browser import REPO, free_port

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path),
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }


def command(tmp_path: Path, port: int) -> list[str]:
    journal = tmp_path / "journal.duckdb"
    return [sys.executable, "-m", "analytics", "app", "--db", str(journal), "--port", str(port)]


def until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def port_open(port: int) -> bool:
    for address in ("127.0.0.1", "::1"):
        with suppress(OSError), socket.create_connection((address, port), timeout=2):
            return True
    return False


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def alive(pid: int) -> bool:
    """Running: a process that has ended but not been reaped yet (a zombie) holds nothing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def server_of(process: subprocess.Popen, port: int, drain: Callable[[], None]) -> int:
    """Wait until the command's server answers; return the server's process id."""

    def ready() -> bool:
        drain()
        if process.poll() is not None:
            raise AssertionError(f"`between app` ended early with {process.returncode}")
        return healthy(port)

    until(ready, "the app to answer")
    (server,) = children(process.pid)
    assert alive(server) and port_open(port)
    return server


def assert_the_server_stopped(server: int, port: int) -> None:
    until(lambda: not alive(server), "the server process to end")
    until(lambda: not port_open(port), "the port to close")


def nothing() -> None:
    return None


def as_from_a_terminal() -> None:
    """In the child before it starts: the stopping signals at their defaults, as a terminal's
    shell starts a command. Inherited as ignored (a suite run under `nohup`, or as a background
    job), `between app` rightly keeps ignoring them (see the test below), and the SIGHUP cases
    waited out their 60 s."""
    for number in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


STOPS = {
    "kill (SIGTERM)": lambda pid: os.kill(pid, signal.SIGTERM),
    "Ctrl+C sent to the command alone (SIGINT)": lambda pid: os.kill(pid, signal.SIGINT),
    "Ctrl+C in the terminal (SIGINT to the process group)": lambda pid: os.killpg(
        pid, signal.SIGINT
    ),
    "SIGHUP": lambda pid: os.kill(pid, signal.SIGHUP),
    "a closed terminal's SIGHUP to the process group": lambda pid: os.killpg(pid, signal.SIGHUP),
    "Ctrl+\\ (SIGQUIT)": lambda pid: os.kill(pid, signal.SIGQUIT),
    "the command killed outright (kill -9)": lambda pid: os.kill(pid, signal.SIGKILL),
}


@pytest.mark.parametrize("stop", list(STOPS), ids=list(STOPS))
def test_every_way_of_stopping_between_app_stops_its_server(tmp_path, stop):
    port = free_port()
    process = subprocess.Popen(
        command(tmp_path, port),
        cwd=REPO,
        env=environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as in a terminal
        preexec_fn=as_from_a_terminal,
    )
    server = None
    try:
        server = server_of(process, port, nothing)
        STOPS[stop](process.pid)
        process.wait(timeout=60)
        assert_the_server_stopped(server, port)
        said = process.stderr.read().decode()
        if "kill -9" not in stop:
            assert "Stopped." in said, said
            assert "Traceback" not in said, said
    finally:
        for pid in (server, process.pid):
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


def test_closing_the_terminal_stops_between_app_and_its_server(tmp_path):
    """A real terminal: the command runs on a pseudo-terminal it holds as its controlling
    terminal, and the terminal goes away (the kernel hangs it up)."""
    port = free_port()
    main, side = os.openpty()

    def take_the_terminal() -> None:  # after setsid: this terminal becomes the controlling one
        as_from_a_terminal()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        command(tmp_path, port),
        cwd=REPO,
        env=environment(tmp_path),
        stdin=side,
        stdout=side,
        stderr=side,
        start_new_session=True,
        preexec_fn=take_the_terminal,
    )
    os.close(side)

    def drain() -> None:  # read what it prints, so that it never waits on a full terminal
        while select.select([main], [], [], 0)[0]:
            try:
                if not os.read(main, 65536):
                    return
            except OSError:
                return

    server = None
    try:
        server = server_of(process, port, drain)
        os.close(main)  # the terminal window closes
        main = None
        process.wait(timeout=60)
        assert_the_server_stopped(server, port)
    finally:
        if main is not None:
            os.close(main)
        for pid in (server, process.pid):
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def test_a_signal_the_command_was_told_to_ignore_is_ignored_by_its_server_too():
    """`nohup between app` keeps serving after the terminal closes, as nohup promises."""
    code = (
        "import signal, sys\n"
        "from pathlib import Path\n"
        "from serving import serve\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "print(serve.run_until_stopped([sys.executable, '-c', "
        "'import signal; print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN)'], "
        "{}, Path('.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "(0,", "None)"]
    assert serve.STOP_SIGNALS == ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def test_kill_stops_the_phone_server_on_the_home_network(request, tmp_path):
    """As found: `between app --phone`, then `kill`. Run in a network namespace of its own,
    with a documentation address standing in for the home network (as
    tests/test_browser_phone.py does): nothing is served on this machine's own network."""
    from tests.test_browser_phone import INSIDE_NAMESPACE, NAMESPACE_ADDRESS, run_in_own_network

    if os.environ.get(INSIDE_NAMESPACE) != "1":
        run_in_own_network(request.node.nodeid)
        return
    import ssl

    port = free_port()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the app's own self-signed certificate

    def answers() -> bool:
        url = f"https://{NAMESPACE_ADDRESS}:{port}/_stcore/health"
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                return response.status == 200
        except OSError:
            return False

    def listening() -> bool:
        with suppress(OSError), socket.create_connection((NAMESPACE_ADDRESS, port), timeout=2):
            return True
        return False

    process = subprocess.Popen(
        [*command(tmp_path, port), "--phone", NAMESPACE_ADDRESS],
        cwd=REPO,
        env=environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = None
    try:
        until(lambda: process.poll() is None and answers(), "the phone app to answer")
        (server,) = children(process.pid)
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        until(lambda: not alive(server), "the server process to end")
        until(lambda: not listening(), "the home-network port to close")
        said = process.stderr.read().decode()
        assert "Stopped. The journal is no longer reachable from the network." in said, said
    finally:
        for pid in (server, process.pid):
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
