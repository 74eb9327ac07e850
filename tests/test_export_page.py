"""The Export & restore page, and every chart's PNG/SVG downloads, through Streamlit's AppTest."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import storage
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import RestoreError, read_export
from tests.apptest import open_page as open_app_page

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "between_sessions" / "app.py")
PAGE = "../views/export_data.py"
CHART_PAGES = ("../views/progress.py", "../views/triggers.py", "../views/practice.py")
TABLES = (
    "check_ins",
    "triggers",
    "practices",
    "practice_log",
    "reflections",
    "sessions",
    "trigger_categories",
)


def open_page(page: str = PAGE) -> AppTest:
    return open_app_page(page)


def download_labels(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def snapshot(path: Path) -> dict[str, list[tuple]]:
    con = storage.connect(path)
    try:
        return {
            t: con.execute(
                f"SELECT * FROM {t} ORDER BY {'name' if t == 'trigger_categories' else 'id'}"
            ).fetchall()
            for t in TABLES
        }
    finally:
        con.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_page_offers_everything_by_default_and_some_dates_only_when_asked(
    app_env, sample_journal_path, deferred
):
    """Issue 23: the page opened with the sidebar's last 30 days chosen, so "Keep a copy of your
    journal" kept 50 of 584 check-ins."""
    app_env(sample_journal_path)
    at = open_page()

    assert at.title[0].value == "Export & restore"
    assert "Download the zip" in download_labels(at)
    assert not at.checkbox(key="export_some_dates").value
    assert [d for d in at.date_input if d.key == "export_dates"] == []  # only when asked
    everything = next(name for name in deferred if name.startswith("between-sessions-all-"))
    export = read_export(deferred[everything]())
    assert export.manifest["range"] is None
    con = storage.connect(sample_journal_path)
    (all_check_ins,) = con.execute("SELECT count(*) FROM check_ins").fetchone()
    con.close()
    assert export.count("check_ins") == all_check_ins > 500

    deferred.clear()
    at.checkbox(key="export_some_dates").check().run()
    assert not at.exception
    deferred.clear()
    at.date_input(key="export_dates").set_value((date(2026, 11, 1), date(2026, 11, 24))).run()
    zip_name = next(name for name in deferred if name.endswith(".zip"))
    assert zip_name == "between-sessions-2026-11-01-to-2026-11-24.zip"
    part = read_export(deferred[zip_name]())
    assert 0 < part.count("check_ins") < 100

    # Half a range (the first day picked, not the last yet) exports nothing rather than guess.
    at.date_input(key="export_dates").set_value((date(2026, 11, 1),)).run()
    assert not at.exception
    assert at.get("download_button")[0].proto.disabled


def test_restoring_an_upload_shows_a_preview_then_writes_every_row(
    app_env, sample_journal_path, tmp_path
):
    empty = app_env(tmp_path / "restored.duckdb")
    con = storage.connect(sample_journal_path)
    data = export_journal(con)
    con.close()
    at = open_page()

    at.file_uploader(key="restore_upload").upload("journal.zip", data, "application/zip").run()

    assert not at.exception, at.exception
    preview = next(d.value for d in at.dataframe if "Will be added" in d.value.columns)
    assert list(preview["Will be added"])[0] > 500
    # The file's starter practices replace the fresh journal's (the same, but for their ids): said
    # once; the sample's questionnaires in use are added (a fresh journal has none set).
    lists = at.dataframe[-1].value
    assert len(lists) == 3 and lists["Name"][0].endswith("starter practices"), lists
    assert list(lists.iloc[1][["What", "Name", "Change"]]) == [
        "Setting",
        "questionnaires in use",
        "added",
    ]
    # The sample's session schedule, in words (a setting's value is never shown as stored).
    assert lists.iloc[2]["Why"].startswith("set to Every week from "), lists.iloc[2]["Why"]
    assert "{" not in lists.iloc[2]["Why"]
    assert "What happens to your practice list and settings:" in [c.value for c in at.caption]
    assert storage.is_empty(storage.connect(empty))  # a preview writes nothing
    at.button(key="restore_go").click().run()
    assert not at.exception, at.exception
    assert any("Restored" in s.value for s in at.success)
    assert snapshot(empty) == snapshot(sample_journal_path)
    assert at.button(key="restore_go").disabled  # the same file again: nothing to add


def test_a_damaged_upload_is_listed_by_file_row_and_field_and_nothing_is_written(
    app_env, journal_path
):
    app_env(journal_path)
    con = storage.connect(journal_path)
    storage.add_check_in(con, when=datetime(2026, 1, 5, 8, 0), wellbeing=5)
    data = export_journal(con)
    con.close()
    before = snapshot(journal_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(buffer, "w") as out:
        for name in archive.namelist():
            text = archive.read(name).decode()
            if name == "check_ins.csv":
                header, row = text.splitlines()[:2]
                cells = row.split(",")
                cells[header.split(",").index("wellbeing")] = "plenty"
                text = header + "\n" + ",".join(cells) + "\n"
            out.writestr(name, text)
    at = open_page()

    at.file_uploader(key="restore_upload").upload(
        "journal.zip", buffer.getvalue(), "application/zip"
    ).run()

    assert not at.exception, at.exception
    assert "not changed" in at.error[0].value
    assert "1 problem, each listed below" in at.error[0].value  # not "1 problems"
    problems = at.dataframe[-1].value
    assert list(problems["File"]) == ["check_ins.csv"]
    assert list(problems["Row"]) == [2]
    assert list(problems["Field"]) == ["wellbeing"]
    assert [b for b in at.button if b.key == "restore_go"] == []
    assert snapshot(journal_path) == before


def test_not_a_zip_is_refused_kindly(app_env):
    app_env()
    at = open_page()
    at.file_uploader(key="restore_upload").upload("journal.zip", b"hello", "application/zip").run()
    assert not at.exception
    assert "cannot be restored" in at.error[0].value


@pytest.mark.parametrize(
    "page", [p for p in CHART_PAGES if (REPO / "between_sessions" / p).exists()]
)
def test_every_chart_on_a_page_has_png_and_svg_downloads(
    page, app_env, sample_journal_path, deferred
):
    app_env(sample_journal_path)
    at = open_page(page)

    charts = at.get("vega_lite_chart")
    labels = download_labels(at)
    assert charts, f"{page} drew no chart on the sample journal"
    assert labels.count("PNG") == labels.count("SVG") == len(charts)
    pngs = sorted(name for name in deferred if name.endswith(".png"))
    svgs = sorted(name for name in deferred if name.endswith(".svg"))
    assert len(pngs) == len(svgs) == len(charts)
    assert len({b.id for b in at.get("download_button")}) == len(labels)  # unique keys
    # Clicking: the first chart's files are real images, the PNG at twice the SVG's size.
    png = deferred[pngs[0]]()
    svg = deferred[pngs[0].removesuffix(".png") + ".svg"]()
    width, height = png_size(png)
    assert f'width="{width // 2}"' in svg and f'height="{height // 2}"' in svg


def test_the_chart_downloads_are_rendered_only_when_clicked(
    app_env, sample_journal_path, monkeypatch
):
    """A page rerun must not pay for rendering images nobody asked for."""
    from analytics.export import charts as chart_export

    calls = []
    monkeypatch.setattr(chart_export, "chart_png", lambda *a, **k: calls.append("png") or b"")
    monkeypatch.setattr(chart_export, "chart_svg", lambda *a, **k: calls.append("svg") or "")
    app_env(sample_journal_path)
    page = next((p for p in CHART_PAGES if (REPO / "between_sessions" / p).exists()), None)
    if page is None:
        pytest.skip("no chart page in this tree yet")
    at = open_page(page)
    assert "PNG" in download_labels(at)
    assert calls == []


def test_show_chart_offers_both_downloads_for_any_chart(deferred):
    def script():
        import altair as alt
        import pandas as pd

        from views.common import show_chart

        frame = pd.DataFrame(
            {"day": pd.date_range("2026-01-01", periods=10), "wellbeing": range(10)}
        )
        show_chart(
            alt.Chart(frame)
            .mark_line()
            .encode(x="day:T", y="wellbeing:Q")
            .properties(width=300, height=150),
            "Wellbeing, rising!",
        )
        show_chart(alt.Chart(frame).mark_bar().encode(x="day:T", y="wellbeing:Q"), "Bars")

    at = AppTest.from_function(script, default_timeout=30)
    at.run()

    assert not at.exception, at.exception
    assert download_labels(at) == ["PNG", "SVG", "PNG", "SVG"]
    assert set(deferred) == {"wellbeing-rising.png", "wellbeing-rising.svg", "bars.png", "bars.svg"}
    assert png_size(deferred["wellbeing-rising.png"]()) == (600, 300)
    assert 'width="300"' in deferred["wellbeing-rising.svg"]()
    assert len(at.get("vega_lite_chart")) == 2


def test_the_preview_lists_what_happens_to_the_person_practices_and_keeps_them(
    app_env, journal_path, tmp_path
):
    app_env(journal_path)
    con = storage.connect(journal_path)
    mine = storage.add_practice(con, "Walk", "My own walk", 2)
    con.close()
    other = storage.connect()
    storage.add_practice(other, "Walk", "Around the block", 5)
    storage.log_practice(other, when=datetime(2026, 1, 5, 9, 0), practice="Walk")
    data = export_journal(other)
    other.close()
    at = open_page()

    at.file_uploader(key="restore_upload").upload("journal.zip", data, "application/zip").run()

    assert not at.exception, at.exception
    lists = at.dataframe[-1].value
    walk = lists[lists["Name"] == "Walk"]
    assert list(walk["Change"]) == ["renamed"]
    assert "Walk (restored)" in list(walk["Why"])[0]
    at.button(key="restore_go").click().run()
    assert not at.exception, at.exception
    con = storage.connect(journal_path)
    try:
        assert con.execute(
            "SELECT id, description, weekly_target FROM practices WHERE name = 'Walk'"
        ).fetchone() == (mine, "My own walk", 2)
        assert con.execute(
            "SELECT weekly_target FROM practices WHERE name = 'Walk (restored)'"
        ).fetchone() == (5,)
    finally:
        con.close()


# --- locked with a password -----------------------------------------------------------------

PASSWORD = "four words that differ"


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.proto.label == label).click().run()
    assert not at.exception, at.exception
    return at


def test_the_export_is_locked_only_with_a_password_typed_the_same_twice(
    app_env, journal_path, deferred
):
    app_env(journal_path)
    con = storage.connect(journal_path)
    storage.add_check_in(con, when=datetime(2026, 1, 5, 8, 0), wellbeing=5, note="Planted words")
    con.close()
    at = open_page()
    assert [t for t in at.text_input if t.key == "export_password"] == []  # only when asked

    at.checkbox(key="export_lock").check().run()
    first, again = at.text_input(key="export_password"), at.text_input(key="export_password_again")
    assert first.proto.type == first.proto.PASSWORD == again.proto.type
    button = at.get("download_button")[0]
    assert button.proto.disabled  # wanted, but no password yet
    first.input(PASSWORD)
    again.input(PASSWORD + "!")
    submit(at, "Use this password")
    assert "differ" in at.warning[0].value
    assert at.get("download_button")[0].proto.disabled

    at.text_input(key="export_password_again").input(PASSWORD)
    submit(at, "Use this password")
    button = at.get("download_button")[0]
    assert not button.proto.disabled and button.proto.label == "Download the locked zip"
    assert any("locked with this password (AES-256)" in c.value for c in at.caption)
    name = next(n for n in deferred if n.endswith("-locked.zip"))
    data = deferred[name]()
    assert b"Planted words" not in data and b"check_ins" not in data
    with pytest.raises(RestoreError):
        read_export(data)
    assert read_export(data, password=PASSWORD).count("check_ins") == 1


def test_a_locked_upload_asks_for_its_password_and_a_wrong_one_changes_nothing(app_env, tmp_path):
    empty = app_env(tmp_path / "restored.duckdb")
    source = tmp_path / "source.duckdb"
    con = storage.connect(source)
    for day in range(1, 29):
        storage.add_check_in(con, when=datetime(2026, 2, day, 8, 0), wellbeing=day % 10)
    storage.add_session(con, day=datetime(2026, 2, 20).date(), note="Planted session note")
    data = export_journal(con, password=PASSWORD)
    con.close()
    at = open_page()

    at.file_uploader(key="restore_upload").upload("locked.zip", data, "application/zip").run()
    assert not at.exception, at.exception
    assert "locked with a password" in at.info[0].value
    assert (
        at.text_input(key="restore_password").proto.type
        == at.text_input(key="restore_password").proto.PASSWORD
    )
    assert [b for b in at.button if b.key == "restore_go"] == []  # nothing before the password

    at.text_input(key="restore_password").input("not the password")
    submit(at, "Open the file")
    assert "does not open locked\\.zip" in at.error[0].value  # plain(): the dot escaped
    assert "not changed" in at.error[0].value
    assert [b for b in at.button if b.key == "restore_go"] == []
    assert storage.is_empty(storage.connect(empty))

    at.text_input(key="restore_password").input(PASSWORD)
    submit(at, "Open the file")
    assert not at.error
    preview = next(d.value for d in at.dataframe if "Will be added" in d.value.columns)
    assert list(preview["Will be added"])[0] == 28
    at.button(key="restore_go").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Restored 29 entries from locked\\.zip\\."]
    assert snapshot(empty) == snapshot(source)
