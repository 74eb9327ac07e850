"""PHQ-9 item 9: the whole picture of a period (analytics.outcomes.risk_picture), a message
that fits the answer (analytics.safety), and both on the Measures page, calmly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import clock, outcomes, safety, storage
from analytics.words import phrases
from tests.apptest import open_page
from tests.measure_data import answers_for

START, END = date(2026, 11, 20), date(2026, 12, 6)


@pytest.fixture
def con():
    con = storage.connect()
    yield con
    con.close()


def _phq9(con, day: date, total: int, item_9: int) -> None:
    storage.add_measure_response(con, "phq9", answers_for("phq9", total, item_9=item_9), day)


def test_every_item_9_answer_above_0_of_the_period_is_listed_with_the_highest(con):
    _phq9(con, date(2026, 11, 12), 12, 2)  # before the period
    _phq9(con, date(2026, 11, 26), 19, 3)
    _phq9(con, date(2026, 11, 30), 14, 0)
    _phq9(con, date(2026, 12, 3), 17, 1)
    risk = outcomes.risk_picture(con, START, END)
    assert risk.above_0 == ((date(2026, 11, 26), 3), (date(2026, 12, 3), 1))
    assert risk.highest == (date(2026, 11, 26), 3)
    assert risk.lines(phrases.ME) == [
        "Highest PHQ-9 item 9 (thoughts that I would be better off dead or of hurting myself "
        "in some way) in the period: nearly every day (26 Nov 2026).",
        "Above “not at all” in 2 of 3 PHQ-9s of the period: 26 Nov 2026 nearly every day; "
        "3 Dec 2026 several days.",
    ]
    assert risk.short() == "nearly every day (26 Nov)"


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ([], "No PHQ-9 in the period, so PHQ-9 item 9"),
        ([0], "“not at all” in the only PHQ-9 of the period."),
        ([0, 0], "“not at all” in both PHQ-9s of the period."),
        ([0, 0, 0], "“not at all” in all 3 PHQ-9s of the period."),
    ],
)
def test_a_period_without_an_answer_above_0_says_how_many_were_asked(con, answers, said):
    for i, answer in enumerate(answers):
        _phq9(con, START + timedelta(days=i), 5, answer)
    risk = outcomes.risk_picture(con, START, END)
    assert risk.highest is None
    [line] = risk.lines()
    assert said in line


def test_the_highest_given_twice_is_named_on_its_latest_day(con):
    _phq9(con, date(2026, 11, 22), 10, 2)
    _phq9(con, date(2026, 12, 2), 10, 2)
    assert outcomes.risk_picture(con, START, END).highest == (date(2026, 12, 2), 2)


def test_the_message_fits_the_answer_and_always_says_nobody_is_notified():
    bodies = {answer: safety.safety_body(answer) for answer in (1, 2, 3)}
    assert "on several days" in bodies[1] and "nearly every day" not in bodies[1]
    assert "more than half the days" in bodies[2]
    assert "nearly every day" in bodies[3] and "today" in bodies[3]
    assert "call a crisis line or your local emergency number now" in bodies[3]
    assert len(set(bodies.values())) == 3
    for body in bodies.values():
        assert "nobody is notified" in body
    assert "nearly every day" in safety.safety_message("us", 3)


@pytest.mark.parametrize(
    ("region", "directory", "lines"),
    [
        (None, True, ("988", "116 123")),
        ("other", True, ()),
        ("us", False, ("988",)),
        ("uk-ie", False, ("116 123",)),
    ],
)
def test_outside_the_us_and_uk_the_message_points_to_a_helpline_directory(region, directory, lines):
    message = safety.safety_message(region)
    assert ("findahelpline.com" in message) is directory
    assert "local emergency number" in message
    for line in lines:
        assert line in message


def test_the_measures_page_lists_every_answer_above_0_calmly_with_the_fitting_message(app_env):
    path = app_env()
    today = clock.today()
    con = storage.connect(path)
    _phq9(con, today - timedelta(days=10), 19, 3)
    _phq9(con, today - timedelta(days=3), 17, 1)
    storage.set_setting(con, safety.CRISIS_REGION_SETTING, "other")
    con.close()
    at = open_page("../views/measures.py")
    assert not at.exception
    [info] = [i.value for i in at.info if "item 9" in i.value]
    ten, three = today - timedelta(days=10), today - timedelta(days=3)
    assert f"in these dates: nearly every day ({ten:%-d %b %Y})" in info
    assert f"{ten:%-d %b %Y} nearly every day; {three:%-d %b %Y} several days" in info
    assert safety.safety_body(3) in info and "findahelpline.com" in info
    # Calm: an info box, never an error or a warning.
    assert not any("item 9" in e.value for e in [*at.error, *at.warning])
