"""The app served as `between app` serves it (`serve.streamlit_command`), on a free loopback
port, for tests that talk to it as a hostile neighbour would: by hand-made websockets and HTTP
requests. With `audit=True` the server runs with a Python audit hook that blocks and records
every outbound attempt: a connection, a datagram or a name look-up for anything but this
machine's loopback. Nothing leaves the machine even when the code under test tries."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from serving import serve
from testkit.browser import REPO, free_port

AUDIT_HOOK = """
import ipaddress, json, os, sys

LOG = os.environ["BETWEEN_TEST_OUTBOUND_LOG"]


def _here(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").split("%")[0].lower()
    if name in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _hook(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[-1] if event != "socket.connect" else args[1]
        if isinstance(address, tuple) and address and not _here(address[0]):
            _record(event, address[0])
    elif event == "socket.getaddrinfo":
        if args[0] is not None and not _here(args[0]):
            _record(event, args[0])


def _record(event, target):
    with open(LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps([event, str(target)]) + "\\n")
    raise PermissionError(f"outbound {event} to {target} blocked by the test")


sys.addaudithook(_hook)
from streamlit.web import cli

sys.argv = ["streamlit", *sys.argv[1:]]
cli.main()
"""


@dataclass
class Served:
    url: str
    port: int
    log: Path
    outbound_log: Path

    def outbound(self) -> list[list[str]]:
        """Every outbound attempt the server made (and was stopped from making)."""
        if not self.outbound_log.exists():
            return []
        return [json.loads(line) for line in self.outbound_log.read_text().splitlines()]


def server_command(
    port: int, *options: str, audit: bool = False, script: Path | None = None
) -> list[str]:
    command = serve.streamlit_command("127.0.0.1", port)
    assert command[1:3] == ["-m", "streamlit"], command
    if script is not None:  # another file than `between app` serves (app.py alone, say)
        command[4] = str(script)
    tail = [*command[3:], "--server.headless", "true", "--server.fileWatcherType", "none"]
    tail += list(options)
    return (
        [sys.executable, "-c", AUDIT_HOOK, *tail]
        if audit
        else [command[0], "-m", "streamlit", *tail]
    )


@contextmanager
def served(
    tmp_path: Path,
    *options: str,
    env: dict[str, str] | None = None,
    audit: bool = False,
    journal: Path | None = None,
    script: Path | None = None,
) -> Iterator[Served]:
    """Serve the app on 127.0.0.1 as `between app` would (plus `options`); stop it after."""
    port = free_port()
    folder = tmp_path / f"served-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    journal = journal or folder / "journal.duckdb"
    log = folder / "server.log"
    outbound_log = folder / "outbound.jsonl"
    environment = {
        **serve.app_environment(os.environ, str(journal)),
        "XDG_DATA_HOME": str(folder / "data"),
        "BETWEEN_TEST_OUTBOUND_LOG": str(outbound_log),
        **(env or {}),
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            server_command(port, *options, audit=audit, script=script),
            cwd=REPO,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield Served(url, port, log, outbound_log)
    finally:
        stop(process)


def wait_healthy(
    base: str, process: subprocess.Popen, log: Path, context: ssl.SSLContext | None = None
) -> None:
    """Wait (up to 60 s) until `base`'s health check answers 200; RuntimeError with the
    server's log when `process` ends first or the time runs out."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(
                f"{base}/_stcore/health", timeout=2, context=context
            ) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the app did not start:\n" + log.read_text())
        time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    """Stop the server and anything it started (its own process group)."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()
