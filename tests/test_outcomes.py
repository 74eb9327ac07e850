"""Questionnaire outcomes over time (analytics.outcomes) against planted series: what a score
means, changes from the previous and the first response, what is due, what is missing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from analytics import outcomes, safety, storage
from analytics.charts.measures import _markers, story_chart
from analytics.words import phrases
from tests.measure_data import add_series, answers_for

TODAY = date(2026, 6, 30)


@pytest.fixture
def con():
    con = storage.connect()
    yield con
    con.close()


@pytest.mark.parametrize(
    ("measure", "total", "expected"),
    [
        ("phq9", 12, "12 of 27: moderate. Scores of 10–14 are in the moderate range; 10 or more "
         "is where services usually offer treatment. Lower scores are better."),
        ("phq9", 0, "0 of 27: minimal. Scores of 0–4 are in the minimal range"),
        ("gad7", 21, "21 of 21: severe. Scores of 15–21 are in the severe range; 8 or more"),
        ("who5", 48, "48 of 100: low. Scores of 32–48 are in the low range; higher is better"),
        ("who5", 100, "100 of 100: good. Scores of 52–100"),
    ],
)  # fmt: skip
def test_score_meaning_gives_the_band_and_what_the_numbers_mean(measure, total, expected):
    assert outcomes.score_meaning(measure, total).startswith(expected)


def test_changes_are_from_the_previous_and_from_the_first_ever_not_the_first_shown(con):
    start = date(2026, 1, 5)
    totals = [18, 17, 11, 12, 5]
    add_series(con, "phq9", [(start + timedelta(days=14 * i), t) for i, t in enumerate(totals)])
    story = outcomes.measure_story(con, "phq9", start + timedelta(days=20), TODAY)
    assert story.n == 3  # the first two fall before the range
    assert list(story.responses["change_previous"]) == [
        "reliable improvement",  # 17 -> 11: 6 points, 11 still at caseness
        "no reliable change",  # 11 -> 12
        "reliable recovery",  # 12 -> 5: 7 points, from at caseness to below it
    ]
    assert list(story.responses["change_first"]) == [
        "reliable improvement",  # 18 -> 11
        "reliable improvement",  # 18 -> 12: exactly 6 points
        "reliable recovery",  # 18 -> 5
    ]
    # One measure never claims "recovery": that is PHQ-9 and GAD-7 together (paired_change).
    assert story.finding() == (
        "PHQ-9: reliable improvement to below the cut-off, 18 → 5 since January (5 responses)"
    )
    assert story.reliable_changes() == 2


def test_no_pattern_at_all_gives_no_reliable_change_and_no_markers(con):
    add_series(con, "gad7", [(date(2026, 1, 1) + timedelta(days=14 * i), 9) for i in range(8)])
    story = outcomes.measure_story(con, "gad7")
    assert story.finding().startswith("GAD-7: no reliable change, 9 → 9")
    assert story.reliable_changes() == 0
    assert _markers(story.responses).empty


def test_markers_fall_on_every_reliable_change_and_where_one_from_the_first_begins(con):
    add_series(
        con,
        "phq9",
        [(date(2026, 1, 1) + timedelta(days=14 * i), t) for i, t in enumerate([20, 19, 12, 13, 4])],
    )
    markers = _markers(outcomes.measure_story(con, "phq9").responses)
    previous = markers[markers["kind"].str.contains("previous")]
    first = markers[markers["kind"].str.contains("first")]
    assert list(previous["total"]) == [12, 4]
    # From the first: an improvement begins at 12 and turns into a recovery at 4.
    assert list(first["total"]) == [12, 4]
    assert list(first["outcome"]) == [
        "reliable improvement",
        "reliable improvement to below the cut-off",
    ]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_chart_draws_for_0_1_and_2_responses_and_its_title_is_the_finding(con, n):
    add_series(
        con, "who5", [(date(2026, 1, 1) + timedelta(days=14 * i), 40 + 12 * i) for i in range(n)]
    )
    story = outcomes.measure_story(con, "who5", date(2026, 1, 1), TODAY)
    spec = story_chart(
        story, outcomes.weekly_wellbeing(con, date(2026, 1, 1), TODAY), date(2026, 1, 1), TODAY
    ).to_dict()
    assert " ".join(spec["title"]["text"]) == story.finding()
    assert phrases.count(n, "response") in " ".join(spec["title"]["subtitle"])


def test_due_is_14_days_after_the_last_response_and_only_for_measures_in_use(con):
    storage.add_measure_response(con, "phq9", answers_for("phq9", 5), TODAY - timedelta(days=14))
    storage.add_measure_response(con, "gad7", answers_for("gad7", 5), TODAY - timedelta(days=13))
    assert outcomes.due_sentences(con, TODAY) == []  # nothing in use yet
    storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])
    assert outcomes.due_sentences(con, TODAY) == [
        "PHQ-9 is due: last answered 14 days ago.",
        "WHO-5 is due: not answered yet.",
    ]


def test_measures_in_use_come_first_then_the_rest(con):
    storage.set_measures_in_use(con, ["who5"])
    assert outcomes.measure_options(con) == ["who5", "phq9", "gad7"]
    storage.add_measure_response(con, "gad7", answers_for("gad7", 5), TODAY)
    assert outcomes.shown_measures(con) == ["who5", "gad7"]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([0] * 9, None),
        ([0] * 8 + [None], "item 9 (Thoughts that you would be…) is not answered yet"),
        ([None, 0, None] + [0] * 6, "items 1 (Little interest or pleasure in…) and 3 (Trouble falling or staying asleep,…) are not answered yet"),
        ([None] * 9, "items 1, 2, 3, 4, 5, 6, 7, 8 and 9 are not answered yet (9 of 9)"),
    ],
)  # fmt: skip
def test_unanswered_items_are_named(answers, expected):
    assert outcomes.unanswered_message("phq9", answers) == expected


def test_latest_scores_speak_in_the_voice_asked_and_name_item_9(con):
    storage.add_measure_response(con, "phq9", answers_for("phq9", 16), date(2026, 3, 2))
    assert outcomes.latest_scores(con, TODAY)[0].lines(phrases.ME) == [
        "My latest PHQ-9 (2 Mar 2026): 16 of 27, moderately severe.",
        "The first PHQ-9, so there is no change to compare yet.",
    ]
    storage.add_measure_response(con, "phq9", answers_for("phq9", 8, item_9=2), date(2026, 3, 16))
    [latest] = outcomes.latest_scores(con, TODAY)
    assert latest.lines() == [
        "Your latest PHQ-9 (16 Mar 2026): 8 of 27, mild.",
        "Since the first of the course (2 Mar 2026), also the previous: reliable improvement "
        "to below the cut-off, 16 → 8.",
        "2 responses so far.",
    ]
    assert "more than half the days" in latest.item_9_line()
    # Up to a day before the second, the first is the latest.
    assert outcomes.latest_scores(con, date(2026, 3, 15))[0].total == 16


def test_the_measures_page_is_made_again_after_any_write_it_reads(con):
    """Kept per journal version: a new response, a check-in beside it, a new course start and a
    crisis region each make a new view; a rerun with nothing new keeps the same one."""
    start, end = date(2026, 6, 1), TODAY
    add_series(con, "phq9", [(date(2026, 6, 2), 18), (date(2026, 6, 16), 11)])
    first = outcomes.measures_view(con, start, end)
    assert outcomes.measures_view(con, start, end) is first
    assert [s.story.n for s in first.sections] == [2]
    assert first.weekly.empty and first.crisis_region is None

    add_series(con, "gad7", [(date(2026, 6, 2), 14), (date(2026, 6, 16), 7)])
    second = outcomes.measures_view(con, start, end)
    assert [s.story.measure.key for s in second.sections] == ["phq9", "gad7"]
    assert second.paired is not None and first.paired is None

    storage.add_check_in(con, when=datetime(2026, 6, 20, 9), wellbeing=6)
    third = outcomes.measures_view(con, start, end)
    assert len(third.weekly) == 1

    storage.set_setting(con, safety.CRISIS_REGION_SETTING, "uk-ie")
    fourth = outcomes.measures_view(con, start, end)
    assert fourth.crisis_region == "uk-ie"
    assert fourth.sections[0].chart_key != third.sections[0].chart_key
