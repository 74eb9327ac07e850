"""The Patterns page and the patterns in the session review, through AppTest."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from pypdf import PdfReader

from analytics import clock, patterns, phrases, storage
from analytics.dates import DateRange
from analytics.export.brief import brief_file_name
from tests.apptest import chart_specs, open_page
from tests.patterns_journal import plant
from tests.test_phrases import FORBIDDEN

PAGE = "../views/patterns.py"
SENTENCE = "On days you practised breathing or grounding, your wellbeing was"


def texts(at) -> list[str]:
    return [e.value.replace("\\", "") for e in [*at.markdown, *at.caption, *at.info]]


def title(spec: dict) -> str:
    text = spec["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def test_an_empty_journal_says_what_patterns_need(app_env):
    app_env()
    at = open_page(PAGE)
    assert any(
        "Patterns need at least 10 days with and 10 without a practice, trigger or session; "
        "you have not rated wellbeing in these days yet." in t
        for t in texts(at)
    )
    assert not chart_specs(at)


def test_a_three_entry_journal_says_how_far_along_it_is(app_env, tmp_path):
    path = app_env(tmp_path / "three.duckdb")
    con = storage.connect(path)
    today = clock.today()
    for back in range(1, 4):  # from yesterday: 09:00 today is in the future before 09:00
        day = today - timedelta(days=back)
        storage.add_check_in(con, when=datetime(day.year, day.month, day.day, 9), wellbeing=6)
    con.close()
    at = open_page(PAGE)
    assert any("you have rated wellbeing on 3 days so far." in t for t in texts(at))
    assert not chart_specs(at)


def test_a_planted_pattern_gets_one_sentence_and_the_chart_title_agrees(app_env, tmp_path):
    path = app_env(tmp_path / "planted.duckdb")
    plant(path)
    at = open_page(PAGE, range_preset="Last 30 days")
    shown = texts(at)
    assert any("looks at the 90 days ending" in t for t in shown), "a short range is widened"
    sentences = [t for t in shown if t.startswith("- On days")]
    assert len(sentences) == 1 and SENTENCE in sentences[0]
    assert "points higher (" in sentences[0] and "days with," in sentences[0]
    assert any(t == phrases.NOT_CLEAR_YET for t in shown)
    [(spec, rows)] = chart_specs(at)
    assert title(spec) == "1 pattern went with wellbeing: breathing or grounding, same day"
    claims = [*sentences, title(spec)]
    assert not any(word in t.split() for t in claims for word in FORBIDDEN)
    assert rows <= 2 * 2 + 1  # two factors x two lags, and the zero line


def test_anxiety_is_lower_on_the_planted_days(app_env, tmp_path):
    path = app_env(tmp_path / "planted.duckdb")
    plant(path)
    at = open_page(PAGE, range_preset="Last 90 days")
    at.segmented_control(key="patterns_outcome").set_value("anxiety").run()
    assert not at.exception
    shown = texts(at)
    assert any("lower is the easier day" in t for t in shown)
    sentences = [t for t in shown if t.startswith("- On days")]
    assert sentences and all("anxiety was" in s and "lower" in s for s in sentences)


def test_the_sample_journal_shows_no_pattern_it_did_not_plant(app_env, sample_journal_path):
    app_env(sample_journal_path)
    at = open_page(PAGE, range_preset="Last year")
    shown = texts(at)
    assert not [t for t in shown if t.startswith("- On days")]
    assert any(t.startswith("No pattern is clear yet for wellbeing") for t in shown)
    # The sample's rare categories are named with their days, not left out silently.
    assert any(t.startswith("Too few days yet to compare:") and " without)" in t for t in shown)
    [(spec, _)] = chart_specs(at)
    assert title(spec).startswith("No clear pattern yet in wellbeing")


def test_the_review_lists_the_patterns_and_the_brief_holds_them_only_when_ticked_in(
    app_env, tmp_path, deferred
):
    path = app_env(tmp_path / "planted.duckdb")
    plant(path)
    at = open_page("../views/review.py")
    shown = texts(at)
    assert any(t.startswith(f"In the {patterns.MIN_SPAN_DAYS} days up to") for t in shown)
    assert any(SENTENCE in t for t in shown)
    assert any("Left out" in t and "the patterns (" in t for t in shown)

    period = DateRange(clock.today() - timedelta(days=13), clock.today())

    def brief_text() -> str:
        pdf = PdfReader(io.BytesIO(deferred[brief_file_name(period)]()))
        return " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")

    assert "practised breathing" not in brief_text()
    at.checkbox(key="brief_patterns").check().run()
    assert any("Patterns: 2 patterns." in t for t in texts(at)), "wellbeing and anxiety"
    text = brief_text()
    assert "On days I practised breathing or grounding, my wellbeing was" in text
    assert "On days I practised breathing or grounding, my anxiety was" in text
    assert "not what caused what" in text


def test_new_check_ins_show_in_the_sentence_and_the_chart_at_the_next_rerun(app_env, tmp_path):
    """The view and its chart are kept per journal version: new entries make new ones."""
    path = app_env(tmp_path / "planted.duckdb")
    plant(path)
    at = open_page(PAGE, range_preset="Last 90 days")
    at.run()  # a rerun with nothing new shows what was kept
    [before] = [t for t in texts(at) if t.startswith("- On days")]
    [(chart_before, _)] = chart_specs(at)

    con = storage.connect(path)
    today = clock.today()
    for back in range(5, 90, 5):  # the days `plant` left without a check-in
        day = today - timedelta(days=back)
        storage.add_check_in(con, when=datetime(day.year, day.month, day.day, 20), wellbeing=0)
    con.close()
    at.run()
    assert not at.exception
    [after] = [t for t in texts(at) if t.startswith("- On days")]
    assert after != before
    [(chart_after, _)] = chart_specs(at)
    assert chart_after != chart_before  # its data (named by a digest of the rows) changed
