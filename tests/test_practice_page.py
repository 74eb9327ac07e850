"""The Practice page through Streamlit's AppTest: empty, filled and sample journals."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from tests.apptest import open_page as open_app_page

APP = str(Path(__file__).resolve().parent.parent / "between_sessions" / "app.py")
PAGE = "../views/practice.py"
BREATHING = "Breathing or grounding"
SAYING_NO = "Saying no instead of people-pleasing"


def open_page() -> AppTest:
    return open_app_page(PAGE)


def chart_titles(at: AppTest) -> list[str]:
    titles = []
    for element in at.get("vega_lite_chart"):
        title = json.loads(element.proto.spec).get("title", "")
        text = title["text"] if isinstance(title, dict) else title
        # A title is drawn in lines that fit a phone (analytics.charts.fit): read them as one.
        titles.append(" ".join(text) if isinstance(text, list) else text)
    return titles


def all_text(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    )
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))  # read past the escaping of plain()


def test_an_empty_journal_says_not_enough_data_yet(app_env):
    app_env()
    at = open_page()
    assert at.title[0].value == "Practice"
    assert any("Not enough data yet" in i.value for i in at.info)
    assert not at.dataframe
    assert not chart_titles(at)


def fill(path, today: date) -> None:
    con = storage.connect(path)
    now = datetime(2100, 1, 1, tzinfo=UTC)  # logs later today are fine: the page reads whole days
    try:
        for n in range(40):
            day = today - timedelta(days=n)
            when = datetime(day.year, day.month, day.day, 7, 30)
            practised = n % 3 != 2
            storage.add_check_in(con, when=when, wellbeing=7 if practised else 5, now=now)
            if practised:
                storage.log_practice(con, practice=BREATHING, when=when, now=now)
        for n in (1, 3, 5, 8, 10, 12):
            day = today - timedelta(days=n)
            storage.log_practice(
                con, practice=SAYING_NO, when=datetime(day.year, day.month, day.day, 12), now=now
            )
    finally:
        con.close()


def test_a_filled_journal_shows_streaks_strength_calendar_and_wellbeing(app_env, tmp_path):
    path = app_env(tmp_path / "filled.duckdb")
    fill(path, clock.today())
    at = open_page()
    table = at.dataframe[0].value
    assert set(table["Practice"]) == {BREATHING, SAYING_NO}
    assert set(table.columns) >= {"Current streak", "Longest streak", "This week", "Habit strength"}
    titles = chart_titles(at)
    assert any("strongest habit now" in t for t in titles)
    assert any(t.startswith(f"{table['Practice'].iloc[0]}: practised on") for t in titles)
    # Answered by the Patterns method: the practice that went with better days is named, with
    # its likely range, and a practice with too few days says so.
    assert any(
        "pattern went with wellbeing" in (" ".join(t) if isinstance(t, list) else t) for t in titles
    )
    text = all_text(at)
    assert f"On days you practised {BREATHING.lower()}, your wellbeing was" in text
    assert "likely range" in text and "good days make practice easier" in text


def test_choosing_another_practice_changes_the_calendar(app_env, tmp_path):
    path = app_env(tmp_path / "filled.duckdb")
    fill(path, clock.today())
    at = open_page()
    picker = at.selectbox(key="practice_calendar")
    assert len(picker.options) == 2
    before = [t for t in chart_titles(at) if ": practised on" in t]
    assert before[0].startswith(picker.options[0])
    picker.select_index(1).run()
    assert not at.exception
    after = [t for t in chart_titles(at) if ": practised on" in t]
    assert after[0].startswith(picker.options[1])


def test_the_sample_journal_shows_every_practice_with_its_planted_longest_streak(
    app_env, sample_journal_path
):
    from sample_data import sample_truth
    from tests.conftest import SAMPLE_TODAY

    app_env(sample_journal_path)
    at = open_page()
    table = at.dataframe[0].value.set_index("Practice")
    assert len(table) == 10
    assert len(chart_titles(at)) == 3
    # The page reads streaks as of the real today (on or after the sample's last day): a
    # longest streak already ended cannot change, so it must be the planted one.
    for name, truth in sample_truth(SAMPLE_TODAY)["practices"].items():
        longest = truth["longest_streak"]
        unit = truth["unit"][:-1] if longest == 1 else truth["unit"]
        assert table.loc[name, "Longest streak"] == f"{longest} {unit}", name


def calendar_statuses(at: AppTest) -> list[str]:
    """The status of every day the calendar chart sent to the browser."""
    [calendar] = [
        element
        for element in at.get("vega_lite_chart")
        if ": practised on" in json.dumps(json.loads(element.proto.spec).get("title", ""))
    ]
    return [
        row["status"]
        for dataset in calendar.proto.datasets
        for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        if "status" in row
    ]


def test_a_new_practice_log_shows_in_the_table_the_calendar_and_wellbeing_at_the_next_rerun(
    app_env, tmp_path
):
    """The page's analyses and charts are kept per journal version: a new log makes new ones."""
    path = app_env(tmp_path / "filled.duckdb")
    today = clock.today()
    fill(path, today)
    at = open_page()
    at.run()  # a rerun with nothing new shows what was kept
    assert at.selectbox(key="practice_calendar").value == BREATHING
    done_before = calendar_statuses(at).count("done")
    streak_before = at.dataframe[0].value.set_index("Practice").loc[BREATHING, "Current streak"]
    wellbeing_before = [m.value for m in at.markdown if m.value.startswith("- On days")]
    assert wellbeing_before

    con = storage.connect(path)
    day = today - timedelta(days=2)  # a day without Breathing in `fill`, with a check-in
    storage.log_practice(
        con,
        practice=BREATHING,
        when=datetime(day.year, day.month, day.day, 8),
        now=datetime(2100, 1, 1, tzinfo=UTC),
    )
    con.close()
    at.run()
    assert not at.exception
    streak = at.dataframe[0].value.set_index("Practice").loc[BREATHING, "Current streak"]
    assert (streak_before, streak) == ("2 days", "5 days")  # today-4 to today, joined
    assert calendar_statuses(at).count("done") == done_before + 1
    assert [m.value for m in at.markdown if m.value.startswith("- On days")] != wellbeing_before


def _practice_answers(at) -> tuple[list[str], list[str]]:
    """(the claimed sentences about practices, the chart titles) of a Practice or Patterns page."""
    shown = [e.value.replace("\\", "") for e in [*at.markdown, *at.caption, *at.info]]
    sentences = sorted(t for t in shown if t.startswith("- On days") and " practised " in t)
    return sentences, shown


@pytest.mark.parametrize("journal_kind", ["planted", "sample"])
def test_practice_and_patterns_give_one_answer_for_the_same_practice(
    journal_kind, app_env, tmp_path, request
):
    from tests.patterns_journal import plant

    if journal_kind == "planted":
        path = app_env(tmp_path / "planted.duckdb")
        plant(path)
        session = {"range_preset": "Last 90 days"}
    else:
        request.getfixturevalue("sample_day")
        path = app_env(request.getfixturevalue("sample_journal_path"))
        session = {"range_preset": "Last 90 days"}
    practice_page = open_app_page(PAGE, **session)
    patterns_page = open_app_page("../views/patterns.py", **session)
    practice_said, practice_shown = _practice_answers(practice_page)
    patterns_said, patterns_shown = _practice_answers(patterns_page)
    assert practice_said == patterns_said
    if journal_kind == "planted":
        assert practice_said, "the planted practice is claimed on both pages"
    else:
        # The sample claims nothing for its practices: neither page says a difference.
        assert not practice_said
        assert not any("lower than on days without" in t for t in practice_shown)


def test_habit_strength_from_one_day_is_said_not_drawn(app_env, tmp_path):
    """Issue 23 item 12: habit strength from one day was drawn as two flat lines."""
    from analytics import practice, storage

    path = app_env(tmp_path / "one-day.duckdb")
    con = storage.connect(path)
    first = storage.practices(con)["id"].iloc[0]
    # Today's first minute: on today's date at any hour the suite runs (an hour ago is
    # yesterday at 00:30, and then the practice has two days of history).
    storage.log_practice(
        con, practice_id=first, when=datetime.combine(clock.today(), datetime.min.time())
    )
    con.close()
    at = open_page()
    assert not any("strongest habit" in t for t in chart_titles(at))
    assert any(
        f"Habit strength is drawn once there are {practice.MIN_STRENGTH_DAYS} days" in i.value
        and "so far 1 day." in i.value
        for i in at.info
    ), [i.value for i in at.info]
