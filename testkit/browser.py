"""Running the real app for browser tests: a `streamlit run` on a free loopback port, and
Debian's chromium driven by Playwright (never a downloaded browser build)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without the background-networking flags chromium phones home at start; we want no request
# to leave this machine, and the privacy test counts every one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system chromium, or skip (fail under CI, where a missing browser is a set-up bug)."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    reason = "no chromium found (install Debian's `chromium` package; .ci/run does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    journal: Path, data_home: Path, port: int, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Spawn `streamlit run server.py` (app.py behind the server's checks, as `between app`
    serves it) on 127.0.0.1:`port` against `journal`; its log goes to `data_home`."""
    env = {
        **os.environ,
        "BETWEEN_DB": str(journal),
        "XDG_DATA_HOME": str(data_home),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "between_sessions/server.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = (data_home / f"streamlit-{port}.log").open("w")
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_healthy(
    process: subprocess.Popen, port: int, data_home: Path, timeout: float = 60
) -> None:
    url = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(
                "streamlit did not start:\n" + (data_home / f"streamlit-{port}.log").read_text()
            )
        time.sleep(0.05)


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_app(
    journal: Path, data_home: Path, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """Serve app.py on 127.0.0.1 against `journal`; yield the base URL."""
    port = free_port()
    process = start_app(journal, data_home, port, extra_env)
    try:
        wait_until_healthy(process, port, data_home)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(process)


# The app is idle: the script has stopped (Streamlit marks the app "notRunning" as soon as a
# click asks for a rerun, so a rerun about to start is not read as idle), no element is left
# stale from the run before, no placeholder waits for its element (a tab just opened draws
# skeletons first), and the status widget has gone.
APP_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !!document.querySelector('[data-testid="stMain"], section.main');
}"""
# Two animation frames: what the last run sent has been laid out and painted.
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


WAIT_MS = 180_000
"""How long a condition may take to come true before a test fails. Long, because a wait ends
the moment its condition holds (a quiet machine never comes near it), and a first page after
the server's start took over 30 s on a 2-core machine loaded twentyfold: those tests failed on
the load, not on the app (issue 19)."""


def wait_for_app(page, timeout: float = WAIT_MS) -> None:
    """Wait until Streamlit has finished running the script for the current page and the
    browser has painted what it sent (conditions, never a fixed pause)."""
    page.wait_for_function(APP_IDLE, timeout=timeout)
    page.evaluate(PAINTED)
    # Idle again after painting: a widget that settled its value in that frame asks for a rerun.
    page.wait_for_function(APP_IDLE, timeout=timeout)


def open_in_session(page, base: str, path: str, timeout: float = WAIT_MS) -> None:
    """Open the page at `path` as the sidebar's link does: in the same browser session, without
    loading Streamlit's scripts again. A fresh `goto` costs chromium about as much processor
    time again as drawing the page (issue 19: a 15-page tour took 45-50 s of chromium's time by
    `goto`, 25 s by the sidebar). The click goes to the link itself, so it works with the
    sidebar collapsed (a phone's). Session state carries over, as it does for a person: a test
    that needs each page in a fresh session opens it with `goto`."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{base}/{path}"]')
    if link.count() == 0:  # the navigation shows its first ten links until "View more"
        page.get_by_test_id("stSidebarNavViewButton").dispatch_event("click")
    link.dispatch_event("click", timeout=timeout)
    # Streamlit moves the address when the server starts the new page's run (its NewSession
    # message), and marks what the old page drew as stale until the run replaces it: after
    # this, `wait_for_app` waits for the new page, never passes on the old one.
    page.wait_for_url(f"{base}/{path}", timeout=timeout)


def wait_for_charts(page, timeout: float = WAIT_MS) -> None:
    """Wait until every Altair chart on the page has drawn (vega-embed renders after the run)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                 .every(chart => chart.querySelector('canvas, svg.marks'))""",
        timeout=timeout,
    )
    page.evaluate(PAINTED)
