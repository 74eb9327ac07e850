"""A locked export in a real browser (Debian's chromium through Playwright): the two password
fields, the download, and restoring it into another journal with its password, by keyboard; the
password ends up in no log and no file."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from analytics import storage
from analytics.export import PasswordNeeded, read_export
from testkit.browser import WAIT_MS, running_app, wait_for_app
from tests.test_browser import download_button
from tests.test_export import snapshot

pytestmark = pytest.mark.browser

PASSWORD = "Kite over the allotment 9"
PLANTED = "Planted: what I could not say to Dad on Sunday"


def rows(path: Path) -> dict:
    con = storage.connect(path, read_only=True)
    try:
        return snapshot(con)
    finally:
        con.close()


def test_a_locked_export_is_downloaded_and_restored_with_its_password(tmp_path, browser):
    source = tmp_path / "source" / "journal.duckdb"
    source.parent.mkdir()
    con = storage.connect(source)
    for day in range(1, 11):
        storage.add_check_in(con, when=datetime(2026, 2, day, 8, 0), wellbeing=day % 10)
    storage.add_check_in(con, when=datetime(2026, 2, 11, 8, 0), wellbeing=4, note=PLANTED)
    storage.add_session(con, day=date(2026, 2, 12), note="Session notes, planted too")
    con.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()

    with running_app(source, source.parent) as url:
        page.goto(f"{url}/export_data")
        wait_for_app(page)
        # Everything is exported unless some dates are asked for (the entries are in February).
        page.get_by_text("Everything: every entry ever made").wait_for()
        page.get_by_text("Lock the zip with a password").click()
        wait_for_app(page)
        assert download_button(page, "Download the locked zip").is_disabled()
        # By keyboard: type, Tab to the second field (past the first's show-password eye),
        # type again, Enter submits the form.
        page.get_by_label("Password", exact=True).focus()
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        wait_for_app(page)
        page.get_by_text("locked with this password (AES-256)").wait_for(timeout=WAIT_MS)
        button = download_button(page, "Download the locked zip")
        with page.expect_download(timeout=WAIT_MS) as started:
            button.click()
        name = started.value.suggested_filename
        locked = tmp_path / name
        started.value.save_as(locked)

    assert name.startswith("between-sessions-all-") and name.endswith("-locked.zip")
    data = locked.read_bytes()
    assert PLANTED.encode() not in data and b"check_ins" not in data
    with zipfile.ZipFile(locked) as archive:
        assert archive.namelist() == ["journal.zip"]
    with pytest.raises(PasswordNeeded):
        read_export(locked)

    target = tmp_path / "target" / "journal.duckdb"
    target.parent.mkdir()
    storage.connect(target).close()
    with running_app(target, target.parent) as url:
        page.goto(f"{url}/export_data")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(locked))
        wait_for_app(page)
        page.get_by_text("is locked with a password").first.wait_for(timeout=WAIT_MS)
        field = page.get_by_label("Password of the file")
        field.fill("kite over the allotment 9")
        field.press("Enter")
        wait_for_app(page)
        page.get_by_text("That password does not open").wait_for(timeout=WAIT_MS)
        assert page.get_by_role("button", name="Restore", exact=True).count() == 0
        with storage.open_to_read(target) as con:  # a copy: the app holds the journal
            assert storage.is_empty(con)

        field.fill(PASSWORD)
        page.get_by_role("button", name="Open the file").click()
        wait_for_app(page)
        page.get_by_text("it opened with yours").wait_for(timeout=WAIT_MS)
        page.get_by_role("button", name="Restore", exact=True).click()
        wait_for_app(page)
        page.get_by_text(f"Restored 12 entries from {name}").wait_for(timeout=WAIT_MS)
    context.close()

    assert rows(target) == rows(source)
    # The password is in no file: not the journals, their logs and backups, nor the server's log.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("streamlit-") for p in files)
    for file in files:
        assert PASSWORD.encode() not in file.read_bytes(), file
