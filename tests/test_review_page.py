"""The Session review page through AppTest: the period, the comparison, the agenda and the brief."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pyarrow as pa
import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.dates import DateRange
from analytics.export.brief import brief_file_name
from tests.apptest import chart_specs
from tests.apptest import open_page as open_app_page
from tests.conftest import REPO

APP = str(REPO / "between_sessions" / "app.py")
PAGE = "../views/review.py"
HEADINGS = [
    "Wellbeing",
    "Triggers",
    "Practice",
    "Patterns",
    "Notable days",
    "From your reflections",
    "Session brief for your therapist",
]
# The sample journal answers questionnaires, so its review has their section too, and its last
# session agreed tasks.
SAMPLE_HEADINGS = [
    *HEADINGS[:3],
    "Questionnaires",
    *HEADINGS[3:5],
    "Tasks agreed in session",
    *HEADINGS[5:],
]


def open_page() -> AppTest:
    return open_app_page(PAGE)


def metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def planted_journal(path) -> tuple[date, date]:
    """Sessions 20 and 10 days ago; wellbeing 4 every day between them, 7 every day since."""
    today = clock.today()
    earlier, last = today - timedelta(days=20), today - timedelta(days=10)
    con = storage.connect(path)
    for back in range(1, 21):
        day = today - timedelta(days=back)
        storage.add_check_in(
            con, when=datetime.combine(day, time(9)), wellbeing=7 if day >= last else 4
        )
    storage.add_trigger(
        con,
        when=datetime.combine(last + timedelta(days=1), time(10)),
        category="Work",
        intensity=5,
        response_kind="new_skill",
    )
    storage.add_reflection(
        con,
        day=last + timedelta(days=2),
        tried_new="I asked for a day off.",
        bring_next="The email to my manager\nSleep",
    )
    storage.add_session(con, day=earlier, note="")
    storage.add_session(con, day=last, note="")
    storage.add_session(con, day=today + timedelta(days=2), note="")
    con.close()
    return earlier, last


def test_without_sessions_it_reviews_the_last_two_weeks_and_suggests_adding_them(app_env):
    app_env()
    at = open_page()
    assert at.title[0].value == "Session review"
    assert any(
        "No therapy sessions logged yet" in i.value and "last 14 days" in i.value for i in at.info
    )
    assert [h.value for h in at.header] == HEADINGS
    # an empty journal: no empty chart, no "No setbacks" claim, no PDF of nothing
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")
    assert not any("No setbacks" in m.value for m in at.markdown)
    assert "Download the brief (PDF)" not in [b.proto.label for b in at.get("download_button")]
    assert any("no brief to make" in c.value for c in at.caption)
    # No trigger in either period: no arrow of a rise, no "0 of 0" (found by a new-user walk).
    figures = {m.label: m for m in at.metric}
    assert figures["Triggers"].value == "0" and not figures["Triggers"].delta
    assert figures["Met with a new skill"].value == "–"


def test_the_default_period_runs_from_the_last_session_and_compares_with_the_one_before(
    app_env, tmp_path
):
    path = app_env(tmp_path / "planted.duckdb")
    earlier, last = planted_journal(path)
    at = open_page()
    assert at.selectbox(key="review_start").value == last
    assert metric(at, "Mean wellbeing").value == "7.0"
    assert metric(at, "Mean wellbeing").delta == "+3.0"  # against 4.0 in the period before
    assert metric(at, "Triggers").value == "1"
    assert metric(at, "Met with a new skill").value == "1 of 1"
    summary = at.markdown[0].value
    assert "7\\.0" in summary and "up 3\\.0 from 4\\.0" in summary
    assert any("Next session" in c.value for c in at.caption)


def test_any_two_sessions_can_be_chosen(app_env, tmp_path):
    path = app_env(tmp_path / "planted.duckdb")
    earlier, last = planted_journal(path)
    at = open_page()
    at.selectbox(key="review_start").set_value(earlier).run()
    at.selectbox(key="review_end").set_value(last).run()
    assert not at.exception
    period = DateRange(earlier, last - timedelta(days=1))
    assert any(period.label() in c.value for c in at.caption)
    assert metric(at, "Mean wellbeing").value == "4.0"
    assert metric(at, "Triggers").value == "0"


def test_the_agenda_comes_from_reflections_and_the_brief_holds_only_what_is_ticked_in(
    app_env, tmp_path, deferred
):
    path = app_env(tmp_path / "planted.duckdb")
    _, last = planted_journal(path)
    at = open_page()
    editors = [d.value for d in at.dataframe if "item" in d.value.columns]
    assert len(editors) == 1, "the agenda editor is on the page"
    assert editors[0]["item"].tolist() == ["The email to my manager", "Sleep"]
    assert editors[0]["bring"].tolist() == [True, True]
    assert not any("Your agenda" in m.value for m in at.markdown)
    assert any("Left out" in c.value and "agenda" in c.value for c in at.caption)

    period = DateRange(last, clock.today())
    brief = deferred[brief_file_name(period)]()
    (tmp_path / "out.pdf").write_bytes(brief)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages)
    assert "Session brief" in text and "7.0" in text
    assert "The email to my manager" not in text and "I asked for a day off" not in text

    at.checkbox(key="brief_private").check().run()
    at.checkbox(key="brief_agenda").check().run()
    assert any("Your agenda: 2 items" in m.value.replace("\\", "") for m in at.markdown)
    brief = deferred[brief_file_name(period)]()
    (tmp_path / "out.pdf").write_bytes(brief)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages)
    assert "The email to my manager" in text and "I asked for a day off" in text


def _brief_button(at):
    return next(b for b in at.get("download_button") if "brief" in b.proto.label)


def test_a_password_locks_the_downloaded_brief(app_env, tmp_path, deferred):
    path = app_env(tmp_path / "planted.duckdb")
    _, last = planted_journal(path)
    at = open_page()
    period = DateRange(last, clock.today())
    assert not PdfReader(io.BytesIO(deferred[brief_file_name(period)]())).is_encrypted

    at.checkbox(key="brief_lock").check().run()
    field = at.text_input(key="brief_password")
    assert field.proto.type == field.proto.PASSWORD
    assert "another way" in at.checkbox(key="brief_lock").help
    field.set_value("tell-them-by-phone 42")
    at.text_input(key="brief_password_again").set_value("tell-them-by-phone 42")
    next(b for b in at.button if b.label == "Use this password").click().run()
    assert not at.exception
    assert any("locked with this password" in c.value for c in at.caption)
    assert not _brief_button(at).proto.disabled
    locked = PdfReader(io.BytesIO(deferred[brief_file_name(period)]()))
    assert locked.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        locked.pages[0].extract_text()
    assert locked.decrypt("tell-them-by-phone 42") != 0
    text = " ".join(page.extract_text() for page in locked.pages)
    assert "Session brief" in text and "7.0" in text


@pytest.mark.parametrize(
    ("first", "again"), [("", ""), ("typed once", ""), ("one password", "another password")]
)
def test_a_brief_meant_to_be_locked_cannot_leave_plain(app_env, tmp_path, deferred, first, again):
    """Typing a password and clicking the download at once used to take the brief out plain:
    the click ran the previous run's download, before the password reached the server. Now the
    download waits until the password has been typed the same twice and confirmed."""
    path = app_env(tmp_path / "planted.duckdb")
    planted_journal(path)
    at = open_page()
    at.checkbox(key="brief_lock").check().run()
    at.text_input(key="brief_password").set_value(first)
    at.text_input(key="brief_password_again").set_value(again)
    next(b for b in at.button if b.label == "Use this password").click().run()
    assert not at.exception
    assert _brief_button(at).proto.disabled
    assert "locked" in _brief_button(at).proto.label


def test_every_chart_on_the_sample_review_has_downloads(app_env, tmp_path, deferred):
    from sample_data import load_sample

    path = app_env(tmp_path / "sample.duckdb")
    con = storage.connect(path)
    load_sample(con)
    con.close()
    at = open_page()
    assert [h.value for h in at.header] == SAMPLE_HEADINGS
    charts = at.get("vega_lite_chart")
    labels = [b.proto.label for b in at.get("download_button")]
    assert charts and labels.count("PNG") == labels.count("SVG") == len(charts)
    assert labels.count("Download the brief (PDF)") == 1


def test_questionnaires_are_in_the_review_and_item_9_is_in_the_brief_unless_taken_out(
    app_env, tmp_path, deferred
):
    from tests.measure_data import answers_for

    path = app_env(tmp_path / "planted.duckdb")
    _, last = planted_journal(path)
    con = storage.connect(path)
    storage.set_measures_in_use(con, ["phq9"])
    storage.add_measure_response(con, "phq9", answers_for("phq9", 18), last - timedelta(days=28))
    storage.add_measure_response(con, "phq9", answers_for("phq9", 13), last - timedelta(days=14))
    storage.add_measure_response(
        con, "phq9", answers_for("phq9", 9, item_9=1), last + timedelta(days=1)
    )
    con.close()
    at = open_page()
    assert "Questionnaires" in [h.value for h in at.header]
    text = " ".join(m.value for m in at.markdown)
    assert "mild." in text and "Since the previous" in text and "no reliable change, 13 → 9" in text
    assert "Since the first of the course" in text
    assert "reliable improvement to below the cut-off, 18 → 9" in text
    [questionnaires] = [
        spec for spec, _ in chart_specs(at) if spec["title"]["text"][0].startswith("Questionnaires")
    ]
    # One panel per questionnaire, titled with its finding.
    panel_titles = [" ".join(panel["title"]["text"]) for panel in questionnaires["vconcat"]]
    assert panel_titles[0].startswith("PHQ-9: reliable improvement to below the cut-off, 18 → 9")
    assert panel_titles[0].endswith("(3 responses)")
    period = DateRange(last, clock.today())

    def brief_text() -> str:
        pdf = PdfReader(io.BytesIO(deferred[brief_file_name(period)]()))
        return " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")

    text = brief_text()
    assert "My latest PHQ-9" in text and "reliable improvement to below the cut-off" in text
    assert "PHQ-9 item 9" in text and "several days" in text
    assert at.checkbox(key="brief_item_9").value is True
    at.checkbox(key="brief_item_9").uncheck().run()
    assert any(
        "PHQ-9 item 9" in c.value.replace("\\", "") for c in at.caption
    )  # the preview's "Left out"
    text = brief_text()
    assert "several days" not in text
    assert "taken out of this brief by me" in text


def chart_rows(at: AppTest, chart: int) -> list[dict]:
    """Every data row one chart on the page sent to the browser, all its datasets together."""
    return [
        row
        for dataset in at.get("vega_lite_chart")[chart].proto.datasets
        for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    ]


def test_a_new_check_in_shows_in_the_review_its_chart_and_its_brief_at_the_next_rerun(
    app_env, tmp_path, deferred
):
    """The review, its charts and its brief are kept per journal version: a new entry makes
    new ones."""
    path = app_env(tmp_path / "planted.duckdb")
    _, last = planted_journal(path)
    period = DateRange(last, clock.today())

    def brief_text() -> str:
        pdf = PdfReader(io.BytesIO(deferred[brief_file_name(period)]()))
        return " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")

    at = open_page()
    at.run()  # a rerun with nothing new shows the kept review
    assert metric(at, "Mean wellbeing").value == "7.0"
    assert {row.get("value") for row in chart_rows(at, 0)} == {None, 7.0}
    assert "averaged 7.0" in brief_text()

    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=0)
    con.close()
    at.run()
    assert not at.exception
    mean = metric(at, "Mean wellbeing").value
    assert mean != "7.0"
    assert f"averaged {mean}" in brief_text()
    assert {row.get("value") for row in chart_rows(at, 0)} - {None, 7.0}, "the chart shows it"


def test_a_rerun_with_nothing_new_makes_no_sentence_or_table_of_the_review_again(
    app_env, tmp_path, monkeypatch
):
    """What the page derives from a kept review (the practice sentence, the tables and the
    agenda) is made once per review: a tick of a box makes none of it again
    (about 17 ms of processor time a rerun on ten years), and a new entry makes it anew."""
    from analytics import review
    from sample_data import load_sample

    path = app_env(tmp_path / "sample.duckdb")
    con = storage.connect(path)
    load_sample(con)
    con.close()
    made: dict[str, int] = {}

    def counted(name):
        real = getattr(review, name)

        def count(*args, **kwargs):
            made[name] = made.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(review, name, count)

    for name in ("practice_sentence", "practice_rows", "notable_rows", "agenda_frame"):
        counted(name)
    at = open_page()
    first = dict(made)
    assert set(first) == {
        "practice_sentence",
        "practice_rows",
        "notable_rows",
        "agenda_frame",
    }
    at.checkbox(key="brief_private").check().run()
    at.run()
    assert not at.exception
    assert made == first, "made again on a rerun with nothing new"

    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=3)
    con.close()
    at.run()
    assert not at.exception
    assert all(made[name] > first[name] for name in first), made
