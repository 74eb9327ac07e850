"""The paths a person takes, in a real browser: Debian's chromium driven by Playwright against
`streamlit run` on a free loopback port. Also makes the README's screenshots, and checks that
no page ever sends a request anywhere but the local server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analytics import clock, storage
from analytics.storage.read_only import open_to_read
from testkit.browser import (
    WAIT_MS,
    open_in_session,
    running_app,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

SCREENSHOTS_VARIABLE = "BETWEEN_SCREENSHOTS"
"""Where the screenshots go: `make screenshots` sets it to docs/screenshots (the README's). Unset,
they go to a temporary folder, so `make test` leaves the work tree as it was."""
# url path -> heading the page shows; every page a person can open from the sidebar.
TOUR = {
    "": "Your week",
    "log": "Log",
    "quick_log": "Quick log",
    "entries": "Entries",
    "progress": "Progress",
    "triggers": "Triggers",
    "practice": "Practice",
    "measures": "Measures",
    "goals": "Goals",
    "patterns": "Patterns",
    "plan": "My plan for after therapy",
    "review": "Session review",
    "import_data": "Import",
    "export_data": "Export",
    "backups": "Backups",
}


def test_the_tour_visits_every_page():
    """A page added to the navigation is in the browser tour too (Goals and My plan were not)."""
    import views

    assert set(TOUR) == {
        page.removeprefix("../views/").removesuffix(".py").replace("home", "")
        for page in views.PAGE_FILES
    }


# Pages whose screenshot shows a year: a month says little about a non-linear path.
YEAR_VIEW = {"progress", "triggers"}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    chosen = os.environ.get(SCREENSHOTS_VARIABLE)
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser):
    """A fresh browser context (no cookies, no session) whose every request is recorded."""
    contexts = []

    def make(height: int = 1000, **options):
        context = browser.new_context(
            viewport={"width": 1400, "height": height}, accept_downloads=True, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        return page

    yield make
    for context in contexts:
        context.close()


def assert_only_local(requests: list[str]) -> None:
    foreign = [
        url
        for url in requests
        if urlparse(url).scheme not in ("data", "blob")
        and urlparse(url).hostname not in ("127.0.0.1", "localhost")
    ]
    assert not foreign, f"requests left this machine: {foreign[:5]}"


def test_log_a_check_in_and_see_it_listed(tmp_path, new_page):
    journal = tmp_path / "journal.duckdb"
    storage.connect(journal).close()
    with running_app(journal, tmp_path) as url:
        page = new_page()
        page.goto(f"{url}/log")
        wait_for_app(page)
        save = page.get_by_role("button", name="Save check-in")
        save.wait_for(timeout=WAIT_MS)
        page.get_by_role("radio", name="5", exact=True).first.click()
        save.click()
        page.get_by_text("Check-in saved").first.wait_for(timeout=WAIT_MS)

        page.goto(f"{url}/entries")
        wait_for_app(page)
        page.get_by_text("1 check-in from").first.wait_for(timeout=WAIT_MS)
        page.locator("[data-testid='stDataFrame']").first.wait_for()
        chosen = page.get_by_role("combobox", name=re.compile("Choose an entry")).first
        assert "wellbeing 5" in (chosen.input_value() or chosen.inner_text())
        assert_only_local(page.requests)

    con = storage.connect(journal, read_only=True)
    assert con.execute("SELECT count(*), min(wellbeing) FROM check_ins").fetchone() == (1, 5.0)
    con.close()


def test_every_page_renders_on_the_sample_journal_and_stays_local(
    tmp_path, new_page, screenshots, sample_app
):
    # The sample as the demo shows it (conftest's `sample_app`): each page opened afresh by its
    # address (a new session each, as a bookmark opens it), so no choice made on one page
    # carries to the next page's screenshot.
    url = sample_app
    # Tall enough that a screenshot shows a page's first few sections, as in the README.
    page = new_page(height=1700)
    for path, heading in TOUR.items():
        page.goto(f"{url}/{path}")
        wait_for_app(page)
        page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT_MS)
        if path in YEAR_VIEW:
            choose_range(page, "Last year")
        wait_for_app(page)
        wait_for_charts(page)
        assert page.locator("[data-testid='stException']").count() == 0, (
            f"/{path} shows an exception"
        )
        page.screenshot(path=str(screenshots / f"{path or 'home'}.png"), full_page=True)

    page.goto(f"{url}/progress")
    wait_for_app(page)
    wait_for_charts(page)
    png = download(page, download_button(page, "PNG"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = download(page, download_button(page, "SVG"))
    assert svg.lstrip().startswith(b"<svg") and b"<script" not in svg

    page.goto(f"{url}/review")
    page.get_by_role("heading", name="Session review").first.wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    brief = download(page, download_button(page, "Download the brief (PDF)"))
    assert brief.startswith(b"%PDF")
    (tmp_path / "brief.pdf").write_bytes(brief)
    from pypdf import PdfReader

    assert "Session brief" in PdfReader(tmp_path / "brief.pdf").pages[0].extract_text()

    page.goto(f"{url}/export_data")
    page.get_by_role("heading", name="Export").first.wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    export = download(page, download_button(page, "Download"))
    assert export.startswith(b"PK")
    assert_only_local(page.requests)


@pytest.fixture(scope="module")
def first_start_app(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """One server, for the module, on a journal that has no file yet: the tests that open it
    write nothing to it (issue 19: one server per journal). Yields its URL and the journal."""
    folder = tmp_path_factory.mktemp("first-start")
    journal = folder / "journal.duckdb"
    with running_app(journal, folder) as url:
        yield url, journal


def test_first_start_offers_the_sample_and_keeps_it_apart(first_start_app, new_page, screenshots):
    url, journal = first_start_app
    page = new_page()
    page.goto(url)
    page.get_by_role("heading", name="Welcome to Between Sessions").wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    page.screenshot(path=str(screenshots / "welcome.png"))
    page.get_by_role("button", name="Explore with sample data").click()
    page.get_by_role("heading", name="Your week").wait_for(timeout=WAIT_MS)
    # Within the same browser session, the sidebar leads to the demo's charts.
    page.get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress").first.wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    wait_for_charts(page)
    assert page.get_by_text("sample journal").first.is_visible()
    assert_only_local(page.requests)

    # The server still holds the journal: read a copy of it.
    with open_to_read(journal) as con:
        assert storage.is_empty(con), "the sample never goes into the person's own journal"
    assert journal.with_name("demo.duckdb").exists(), (
        "the demo journal is a file of its own beside it"
    )


def test_hostile_text_shows_as_text_runs_nothing_and_loads_nothing(tmp_path, new_page):

    from tests.test_hostile_input import (
        BOLD,
        COLOUR,
        JS_LINK,
        REMOTE_IMAGE,
        SCRIPT,
        build_hostile_journal,
    )

    journal = tmp_path / "hostile.duckdb"
    con = storage.connect(journal)
    build_hostile_journal(con, clock.today())
    con.close()
    with running_app(journal, tmp_path) as url:
        page = new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        for path, heading in TOUR.items():
            # Page to page in one session, by the sidebar's links (issue 19): every page draws
            # the typed text all the same; the tour by address is the sample's, above.
            if path:
                open_in_session(page, url, path)
            page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT_MS)
            wait_for_app(page)
            wait_for_charts(page)
            assert page.locator("[data-testid='stException']").count() == 0, (
                f"/{path} shows an exception"
            )
            # Markup typed into the journal must not become elements: no remote image, no script.
            remote = page.locator(
                "img[src^='http']:not([src*='127.0.0.1']):not([src*='localhost'])"
            )
            assert remote.count() == 0, f"/{path} made an image element from typed text"
            assert page.locator("main script, [data-testid='stMain'] script").count() == 0
        page.goto(f"{url}/review")
        page.get_by_role("heading", name="Session review").first.wait_for(timeout=WAIT_MS)
        wait_for_app(page)
        # The person's words are on the page as they typed them: markup shows as its own text.
        shown = page.locator("[data-testid='stMain']").inner_text()
        assert SCRIPT in shown
        assert any(markup in shown for markup in (REMOTE_IMAGE, JS_LINK, BOLD, COLOUR))
        assert not dialogs, f"typed text ran as script: {dialogs}"
        assert_only_local(page.requests)


def test_a_direct_link_to_a_page_opens_it(first_start_app, new_page):
    url, _ = first_start_app
    page = new_page()
    page.goto(f"{url}/triggers")
    page.get_by_role("heading", name="Triggers").first.wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0


def choose_range(page, label: str) -> None:
    """Pick a range in the sidebar's "Show" box and wait for the page to redraw."""
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=label).click()
    box = page.locator("[data-testid='stSidebar'] [role='combobox']").first
    page.wait_for_function(
        "([box, label]) => (box.value || box.innerText).includes(label)",
        arg=[box.element_handle(), label],
        timeout=WAIT_MS,
    )
    wait_for_app(page)


def download_button(page, label: str):
    """The first of our download buttons with `label` (chart toolbars have buttons of their own)."""
    return page.locator("[data-testid='stDownloadButton'] button").filter(has_text=label).first


def download(page, button) -> bytes:
    """Click a download button and return the file it gives."""
    button.wait_for(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as started:
        button.click()
    return Path(started.value.path()).read_bytes()
