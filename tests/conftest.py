"""Shared fixtures: fresh journals, the sample journal, and an environment for AppTest."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.media_file_manager import MediaFileManager

from analytics import clock, storage
from serving import serve

# How hard the property tests look (issue 19). `make test` tries 15 examples a property, which
# is enough to hold every property on every run and keeps the suite within minutes; under CI
# the same 15 are replayed from a fixed seed, so a submission lands or fails for reasons that
# reproduce, while locally every run explores new ones. HYPOTHESIS_PROFILE=thorough tries 300
# a property (a search for a new bug, before a release or after changing a property's code).
# No deadline anywhere: on a shared, loaded machine an example's time says nothing.
QUICK_EXAMPLES = 15
settings.register_profile("quick", max_examples=QUICK_EXAMPLES, deadline=None)
settings.register_profile(
    "ci", max_examples=QUICK_EXAMPLES, derandomize=True, deadline=None, print_blob=True
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "quick")
)

REPO = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"
SAMPLE_TODAY = date(2026, 11, 24)
# The last minute of the sample's last day (after its last entry, at 21:12): tests of the sample
# journal live on it, so "Last 30 days" means the sample's last 30 days whatever the date on
# the machine, and nothing in the sample is "in the future".
SAMPLE_DAY_END = f"{SAMPLE_TODAY.isoformat()}T23:59"

# The suite never reads the machine's clock. Whoever runs it may set BETWEEN_NOW to any moment
# (`make test-clock` runs it a month, a year and a leap day ahead, at 00:30 and 23:30); unset,
# the clock stands at the moment the run began, so a run that crosses midnight does not change
# day halfway. Set here, at import, so module-level code and every child process (the app's
# server in the browser tests, the `between` command) see the same moment.
os.environ.setdefault(clock.ENV, clock.now().isoformat(timespec="seconds"))

# Pages are tested with the settings they are served with (localhost only, no magic, no data
# export): AppTest alone would read only ./.streamlit, which the checkout does not have.
serve.use_app_settings()

# Every AppTest looks through the metadata of every installed package for Streamlit components
# (streamlit.components.v2), parsing each package's METADATA as an e-mail: about 0.2 s of
# processor an AppTest, and the packages installed do not change during a run. Looked up once
# a process (issue 19); a served app (the browser tests) still looks as Streamlit does.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)


@functools.cache
def small_import_file() -> Path:
    """A CSV of 40 days of check-ins that any machine can import, written once per test run.

    For tests about what an import does to the journal (its backup, a lock, a full disk), not
    about a format: those read the real files in ../shared/fixtures and skip where it is absent.
    """
    folder = Path(tempfile.mkdtemp(prefix="between-import-"))
    # Modules read it at import, before any fixture exists: removed when the run ends, so runs
    # leave no folder behind in the shared temporary folder.
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "check-ins.csv"
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(40)]
    path.write_text(
        "date,wellbeing,note\n" + "".join(f"{d},{3 + i % 6},day {i}\n" for i, d in enumerate(days))
    )
    return path


def journal_with(path: Path, fill) -> None:
    """Open the journal at `path`, let `fill(con)` write into it, and close it."""
    con = storage.connect(path)
    try:
        fill(con)
    finally:
        con.close()


@pytest.fixture
def journal():
    """A fresh, empty journal in memory, at the latest schema."""
    con = storage.connect()
    yield con
    con.close()


@pytest.fixture(scope="session")
def empty_journal_file(tmp_path_factory) -> Path:
    """A fresh, empty journal file (created and migrated, then closed), made once per run:
    the migrations take about 0.1 s of processor, a copy of their result a few ms. Copy it."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    storage.connect(path).close()
    return path


@pytest.fixture
def journal_path(empty_journal_file, tmp_path) -> Path:
    """The path of a fresh, empty journal file at the latest schema, the test's own: a copy of
    what `storage.connect` creates (its owner-only mode with it), byte for byte."""
    path = tmp_path / "journal.duckdb"
    shutil.copy(empty_journal_file, path)
    return path


@pytest.fixture(scope="session")
def sample_journal_file(tmp_path_factory) -> Path:
    """The sample journal loaded once per test run, ending on SAMPLE_TODAY. Copy it before writing."""
    from sample_data import load_sample

    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    con = storage.connect(path)
    load_sample(con, today=SAMPLE_TODAY)
    con.close()
    return path


@pytest.fixture
def sample_day(monkeypatch) -> date:
    """Set the clock to the last minute of the sample journal's last day, and return that day."""
    monkeypatch.setenv(clock.ENV, SAMPLE_DAY_END)
    return SAMPLE_TODAY


@pytest.fixture
def sample_journal_path(sample_journal_file, tmp_path, sample_day) -> Path:
    """A private copy of the sample journal file, safe to write to; the clock stands on its last day."""
    path = tmp_path / "sample.duckdb"
    shutil.copy(sample_journal_file, path)
    return path


@pytest.fixture(autouse=True)
def browser_on_this_computer(monkeypatch):
    """Under AppTest there is no real connection (Streamlit hands the gate a mock, which counts
    as another device): pages are tested as this computer's browser sees them. Pairing tests
    set `views.phone.peer_address` to another device's address."""
    from views import phone

    monkeypatch.setattr(phone, "peer_address", lambda: None)


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    """Run AppTest from the repo root against a journal file of the test's own.

    Returns a function: `app_env(path)` points the app at that journal file (default: a new
    empty one) and returns the path.
    """
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def use(path: Path | None = None) -> Path:
        path = path or tmp_path / "app-journal.duckdb"
        monkeypatch.setenv("BETWEEN_DB", str(path))
        return path

    use()
    return use


@pytest.fixture
def filled_journal(empty_journal_file, tmp_path) -> Path:
    """A journal file holding a fortnight of every entry kind up to today, plus a booked session."""
    from datetime import timedelta

    path = tmp_path / "filled.duckdb"
    shutil.copy(empty_journal_file, path)
    con = storage.connect(path)
    today = clock.today()
    now = clock.now() - timedelta(minutes=1)
    for back in range(14):
        morning = now - timedelta(days=back)
        storage.add_check_in(
            con, when=morning, wellbeing=4 + back % 5, note=f"Day {back}: *not* markdown"
        )
        if back % 3 == 0:
            storage.add_trigger(
                con,
                when=morning,
                category=["Work", "Family"][back % 2],
                intensity=6,
                what_happened="A tense email",
                response_kind="other",
            )
        storage.log_practice(con, practice="Breathing or grounding", when=morning)
    storage.add_reflection(
        con, day=today - timedelta(days=1), noticing="I rush", bring_next="Talk about **the email**"
    )
    storage.add_session(con, day=today - timedelta(days=4), note="Went well")
    storage.add_session(con, day=today + timedelta(days=3))
    con.close()
    return path


@pytest.fixture
def deferred(monkeypatch) -> dict[str, object]:
    """The callables download buttons hand to Streamlit, by file name, so a test can 'click' them."""
    captured: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return captured


@pytest.fixture(scope="session")
def sample_app(tmp_path_factory) -> Iterator[str]:
    """The app served on the sample journal as the demo shows it (running up to the clock's
    today, with questionnaire answers), for browser tests that only read it; yields its URL.
    One server a run (a worker's, under xdist), not one a module: issue 19, one server per
    journal. A test that writes serves a journal of its own."""
    from sample_data import load_sample
    from testkit.browser import running_app
    from tests.measure_data import responses_unless_the_sample_has_them

    folder = tmp_path_factory.mktemp("served-sample")
    journal = folder / "sample.duckdb"
    con = storage.connect(journal)
    load_sample(con)
    responses_unless_the_sample_has_them(con, clock.today())
    con.close()
    with running_app(journal, folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by Playwright (one per test module).

    Not one per run: between two calls Playwright's sync API leaves its asyncio loop marked as
    running in the test's thread, so a browser kept open past its module would have every later
    test run under a "running" loop (asyncio.run refuses, and so does a second sync_playwright,
    as test_install's). Its launch is about a second; the modules that use it are few."""
    from playwright.sync_api import sync_playwright

    from testkit.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()
