"""`between app --phone` for real: the CLI starts the app over HTTPS on this machine's
home-network address, and a phone-sized chromium (390x844) pairs with the link, logs a
check-in and a trigger, and is locked out by `between pair --new`. A browser without the
secret, or with a wrong one, gets nothing of the journal; a websocket with a foreign Host is
refused; every request stays on this machine.

The browser runs on this computer, which the app would let in without pairing (it connects
from the served address itself). `BETWEEN_PAIR_EVERY_BROWSER=1` (which can only make the app
stricter) makes it walk the phone's path.

Network tests stay home: the walk never touches this machine's own network address. It runs in
a network namespace of its own (`unshare -n`), where the only interface is a loopback holding
a documentation address (192.0.2.10, TEST-NET-1, never routed) that stands in for the home
network's: the test re-runs itself there, with the app, chromium and Playwright inside.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from icalendar import Calendar

from analytics import clock, storage
from analytics.export.reminders import DAILY_UID
from serving import phone
from testkit.browser import REPO, WAIT_MS, free_port, wait_for_app
from tests.served import wait_healthy
from tests.stream import upgrade_status
from tests.test_browser import TOUR

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = "BETWEEN_PHONE_SHOTS"
"""Set to a folder to keep the phone's screenshots there (else the test's temporary folder)."""
NOTE = "Quiet-words-only-mine"


# The stand-in home-network address, on the namespace's own loopback interface.
NAMESPACE_ADDRESS = "192.0.2.10"
INSIDE_NAMESPACE = "BETWEEN_TEST_IN_OWN_NETWORK"


def run_in_own_network(test_id: str) -> None:
    """Run one test of this file again inside a new network namespace, and fail with its output."""
    setup = (
        f"ip link set lo up && ip addr add {NAMESPACE_ADDRESS}/32 dev lo && "
        f'exec "{sys.executable}" -m pytest -q -p no:cacheprovider "{test_id}"'
    )
    try:
        done = subprocess.run(
            ["unshare", "--net", "sh", "-c", setup],
            cwd=REPO,
            env={**os.environ, INSIDE_NAMESPACE: "1"},
            capture_output=True,
            text=True,
            timeout=900,
        )
    except FileNotFoundError:
        done = None
    if done is None or "unshare failed" in done.stderr or "Operation not permitted" in done.stderr:
        reason = "cannot make a network namespace here (unshare -n needs root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}: {done and done.stderr}")
        pytest.skip(reason)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-3000:]


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the app's own self-signed certificate
    return context


@contextmanager
def phone_app(journal: Path, data_home: Path, address: str) -> Iterator[str]:
    """`between app --phone ADDRESS` on a free port; yields https://ADDRESS:PORT."""
    port = free_port()
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data_home),
        phone.PAIR_EVERY_BROWSER: "1",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    log_path = data_home / f"phone-{port}.log"
    command = [sys.executable, "-m", "analytics", "app", "--db", str(journal)]
    command += ["--phone", address, "--port", str(port)]
    with log_path.open("w") as log:
        # A session of its own, so the streamlit it starts is stopped with it.
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"https://{address}:{port}"
    try:
        wait_healthy(base, process, log_path, tls_context())
        yield base
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    """Stop the command and the streamlit it started (which holds the journal until it ends)."""
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()  # reap the command itself
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
    process.wait()


def assert_nothing_of_the_journal(page) -> None:
    page.get_by_text(phone.PRIVATE_MESSAGE).wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    html = page.content()
    # Only the notice: no "Page not found" box beside it, whatever page was asked for.
    text = page.locator("body").inner_text()
    assert "Page not found" not in text and "You have requested page" not in text, text[:1500]
    assert NOTE not in html
    assert "Quick log" not in html and "wellbeing" not in html.lower(), page.locator(
        "body"
    ).inner_text()[:1500]
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or not sidebar.inner_text().strip(), sidebar.inner_text()
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    assert page.locator("a[download]").count() == 0


def websocket_status(address: str, port: int, host: str) -> int:
    with (
        socket.create_connection((address, port), timeout=10) as raw,
        tls_context().wrap_socket(raw) as sock,
    ):
        return upgrade_status(sock, host)


def download_reminders(page) -> Path:
    """Tap "Download reminders" once the page is idle; a tap that lands while a rerun replaces
    the button is cancelled by the browser (as a person would, tap again), at most three times."""
    problems = []
    for _ in range(3):
        wait_for_app(page)
        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name="Download reminders (.ics)").click()
        try:
            return Path(download.value.path())
        except Exception as problem:  # playwright's Error: "Download.path: canceled"
            problems.append(str(problem))
    pytest.fail(f"the reminders download never arrived: {problems}")


def pill(page, group: int, label: str):
    """The pill `label` in the `group`-th set of pills on the page (0: wellbeing, 1: category,
    2: intensity, 3: kind of response)."""
    return (
        page.locator("[data-testid='stButtonGroup']")
        .nth(group)
        .get_by_role("radio", name=label, exact=True)
    )


def test_a_phone_pairs_over_https_logs_in_few_taps_and_is_locked_out_by_a_new_secret(
    request, tmp_path
):
    if os.environ.get(INSIDE_NAMESPACE) != "1":
        run_in_own_network(request.node.nodeid)
        return
    browser = request.getfixturevalue("browser")
    address = NAMESPACE_ADDRESS
    journal = tmp_path / "journal.duckdb"
    con = storage.connect(journal)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=4, note=NOTE)
    con.close()
    folder = phone.folder_for(journal)
    shots = Path(os.environ.get(SHOTS) or tmp_path)
    with phone_app(journal, tmp_path, address) as base:
        port = int(base.rsplit(":", 1)[1])
        secret = phone.current_secret(folder)
        assert secret and len(secret) >= 43  # 32 random bytes, URL-safe
        for name in (phone.SECRET_FILE, phone.CERT_FILE, phone.KEY_FILE):
            assert (folder / name).stat().st_mode & 0o777 == 0o600, name
        assert phone.certificate_addresses((folder / phone.CERT_FILE).read_bytes()) == [address]
        # The link is said once the server holds its port, with that port; and while it runs,
        # `between pair --new` knows which journal it serves.
        said = (tmp_path / f"phone-{port}.log").read_text()
        assert f"Pairing link: {phone.pairing_link(address, port, secret)}" in said
        data_home = {"XDG_DATA_HOME": str(tmp_path)}
        reading = subprocess.run(
            [sys.executable, "-c", "from serving import phone; print(phone.running_journal())"],
            env={**os.environ, **data_home},
            capture_output=True,
            text=True,
            check=True,
        )
        assert reading.stdout.strip() == str(journal.resolve())

        # A websocket carrying a foreign Host is refused; the served address is accepted.
        assert websocket_status(address, port, f"{address}:{port}") == 101
        assert websocket_status(address, port, "evil.example") != 101
        assert websocket_status(address, port, f"evil.example:{port}") != 101

        context = browser.new_context(
            viewport=PHONE, ignore_https_errors=True, is_mobile=True, accept_downloads=True
        )
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        try:
            page.goto(f"{base}/")
            assert_nothing_of_the_journal(page)
            page.goto(f"{base}/?pair=not-the-secret")
            assert_nothing_of_the_journal(page)
            page.goto(f"{base}/entries?pair={secret[:-1]}")
            assert_nothing_of_the_journal(page)

            page.goto(phone.pairing_link(address, port, secret))
            page.get_by_role("heading", name="Quick log").wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            assert page.get_by_text("reachable from this network", exact=False).count() >= 0
            # Paired: the secret has left the address bar; the device holds its own token,
            # which no script on the page can read and no other site's page can send.
            assert page.url == f"{base}/", page.url
            (cookie,) = [c for c in context.cookies() if c["name"] == phone.DEVICE_COOKIE]
            assert cookie["value"] != secret and cookie["path"] == "/"
            assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
            assert phone.DEVICE_COOKIE not in page.evaluate("document.cookie")

            # Targets a thumb can hit: every pill and button at least 44 px each way.
            small = page.evaluate(
                """() => [...document.querySelectorAll(
                    '[data-testid="stMain"] [data-testid="stButtonGroup"] button,'
                    + ' [data-testid="stMain"] [data-testid^="stBaseButton"]')]
                  .map(b => b.getBoundingClientRect())
                  .filter(r => r.width > 0 && (r.width < 44 || r.height < 44))
                  .map(r => [Math.round(r.width), Math.round(r.height)])"""
            )
            assert not small, f"targets below 44 px: {small}"

            # Check-in: one tap on a number saves it (the page is the first tap).
            taps = 0
            pill(page, 0, "7").click()
            taps += 1
            page.get_by_text("Check-in saved: wellbeing 7").wait_for(timeout=WAIT_MS)
            assert taps <= 2

            # Trigger: category, intensity, how it was met, Save: four taps, nothing preselected.
            wait_for_app(page)
            for group in (1, 2, 3):
                chosen = page.locator("[data-testid='stButtonGroup']").nth(group)
                assert chosen.locator("[aria-checked='true']").count() == 0
            taps = 0
            for group, label in ((1, "Work"), (2, "6"), (3, "A new skill")):
                pill(page, group, label).click()
                taps += 1
                wait_for_app(page)
            page.get_by_role("button", name="Save trigger").click()
            taps += 1
            page.get_by_text("Trigger saved").wait_for(timeout=WAIT_MS)
            assert taps == 4
            page.screenshot(path=str(shots / "quick-log-phone.png"), full_page=True)

            # The reminders file, read from the journal when tapped (after the run has ended:
            # a button of the run before is not the one the server knows).
            calendar = Calendar.from_ical(download_reminders(page).read_bytes())
            assert {str(e["uid"]) for e in calendar.walk("VEVENT")} == {DAILY_UID}

            # The privacy tour, on the phone: every page, each request to this computer only.
            # Each is opened afresh without the link (a new session): the device stays paired.
            for path, heading in TOUR.items():
                # The phone's first page is the quick log, so Home has a path of its own.
                path = {"": "home", "quick_log": ""}.get(path, path)
                page.goto(f"{base}/{path}")
                page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT_MS)
                wait_for_app(page)
                assert page.locator("[data-testid='stException']").count() == 0, path
                assert page.get_by_text("Page not found").count() == 0, path

            # As a person does: open the link, tap Home, and the phone reloads the tab later.
            page.goto(phone.pairing_link(address, port, secret))
            page.get_by_role("heading", name="Quick log").wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            page.get_by_test_id("stExpandSidebarButton").click()
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Home").click()
            page.get_by_role("heading", name=TOUR[""]).wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            assert page.url == f"{base}/home", page.url
            page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
            page.reload()
            page.get_by_role("heading", name=TOUR[""]).wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            assert page.url == f"{base}/home" and secret not in page.url
            text = page.locator("body").inner_text()
            assert phone.PRIVATE_MESSAGE not in text and "Page not found" not in text
            page.screenshot(path=str(shots / "phone-home-after-reload.png"), full_page=False)
            page.goto(f"{base}/")
            page.get_by_role("heading", name="Quick log").wait_for(timeout=WAIT_MS)

            # A new secret locks this phone out on its next tap, and on every reload after.
            done = subprocess.run(
                [sys.executable, "-m", "analytics", "pair", "--new", "--db", str(journal)],
                cwd=REPO,
                capture_output=True,
                text=True,
                env={**os.environ, "XDG_DATA_HOME": str(tmp_path)},
            )
            assert done.returncode == 0, done.stderr
            assert phone.current_secret(folder) != secret
            wait_for_app(page)
            pill(page, 0, "5").click()
            assert_nothing_of_the_journal(page)
            page.goto(f"{base}/home")
            assert_nothing_of_the_journal(page)
            page.reload()
            assert_nothing_of_the_journal(page)
            page.screenshot(path=str(shots / "phone-locked-out.png"), full_page=False)
            hosts = {urlparse(url).hostname for url in requests} - {None}
            assert hosts == {address}, f"requests left this machine: {sorted(hosts)}"
        finally:
            context.close()

    con = storage.connect(journal, read_only=True)
    try:
        assert con.execute(
            "SELECT wellbeing FROM check_ins WHERE note = '' ORDER BY local_time"
        ).fetchall() == [(7.0,)]
        assert con.execute(
            "SELECT category, intensity, response_kind, what_happened FROM triggers"
        ).fetchall() == [("Work", 6.0, "new_skill", "")]
    finally:
        con.close()
