"""NHS Talking Therapies outcomes exactly (analytics.measures.paired_change), the course of
therapy they are measured over, WHO-5's own words, and the paired outcome as the headline of
the Measures page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics import clock, outcomes, storage
from analytics.entries import InvalidEntry
from analytics.measures import CHANGE_OUTCOMES, paired_change
from analytics.storage.rows import setting_row
from tests.apptest import chart_specs, open_page
from tests.measure_data import add_series, answers_for

TODAY = date(2026, 6, 30)
PAGE = "../views/measures.py"


@pytest.fixture
def con():
    con = storage.connect()
    yield con
    con.close()


@pytest.mark.parametrize(
    ("first", "last", "outcome", "case_at_first", "recovered"),
    [
        # The case of the issue: PHQ-9 reliably down and below its cut-off, GAD-7 still a case.
        ((16, 12), (8, 10), "reliable improvement", True, False),
        ((16, 12), (8, 7), "reliable recovery", True, True),
        # Recovered without a reliable change: below both cut-offs, but by too little.
        ((10, 8), (9, 7), "no reliable change", True, True),
        # A reliable drop on one, the other within its wobble: improvement.
        ((16, 12), (10, 11), "reliable improvement", True, False),
        ((9, 12), (9, 8), "reliable improvement", True, False),  # GAD-7 down by exactly 4
        ((9, 12), (9, 9), "no reliable change", True, False),  # GAD-7 down by 3
        # Mixed reliable changes: one reliably down, the other reliably up.
        ((16, 5), (8, 10), "no reliable change", True, False),
        ((3, 15), (12, 9), "no reliable change", True, False),
        # Deterioration: a reliable rise and no reliable drop.
        ((5, 5), (11, 5), "reliable deterioration", False, False),
        ((5, 5), (5, 9), "reliable deterioration", False, False),
        ((12, 9), (18, 13), "reliable deterioration", True, False),
        # Never a case: a reliable drop is an improvement, never a recovery.
        ((9, 7), (3, 2), "reliable improvement", False, False),
        ((0, 0), (0, 0), "no reliable change", False, False),
        ((27, 21), (0, 0), "reliable recovery", True, True),
        # A case on GAD-7 alone at first (8), below both at last.
        ((4, 8), (4, 4), "reliable recovery", True, True),
    ],
)
def test_paired_change_follows_the_nhs_talking_therapies_definitions(
    first, last, outcome, case_at_first, recovered
):
    result = paired_change({"phq9": first[0], "gad7": first[1]}, {"phq9": last[0], "gad7": last[1]})
    assert (result.outcome, result.case_at_first, result.recovered) == (
        outcome,
        case_at_first,
        recovered,
    )


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ({"phq9": 28, "gad7": 5}, {"phq9": 5, "gad7": 5}, "first.phq9"),
        ({"phq9": 5, "gad7": 5}, {"phq9": 5, "gad7": 22}, "last.gad7"),
        ({"phq9": -1, "gad7": 5}, {"phq9": 5, "gad7": 5}, "first.phq9"),
        ({"phq9": 5.5, "gad7": 5}, {"phq9": 5, "gad7": 5}, "first.phq9"),
        ({"phq9": 5}, {"phq9": 5, "gad7": 5}, "first.gad7"),
    ],
)
def test_paired_change_refuses_a_total_out_of_range_or_missing_naming_it(first, last, field):
    with pytest.raises(InvalidEntry) as raised:
        paired_change(first, last)
    assert raised.value.field == field


@given(st.integers(0, 27), st.integers(0, 21), st.integers(0, 27), st.integers(0, 21))
def test_paired_change_is_recovery_only_when_recovered_and_mirrors_itself(p1, g1, p2, g2):
    forward = paired_change({"phq9": p1, "gad7": g1}, {"phq9": p2, "gad7": g2})
    back = paired_change({"phq9": p2, "gad7": g2}, {"phq9": p1, "gad7": g1})
    assert forward.outcome in CHANGE_OUTCOMES
    assert (forward.outcome == "reliable recovery") == (
        forward.recovered and back.outcome == "reliable deterioration"
    )
    mirrored = {"reliable deterioration": "better", "no reliable change": "same"}
    if forward.outcome == "reliable deterioration":
        assert back.outcome in ("reliable improvement", "reliable recovery")
    if forward.outcome == "no reliable change":
        assert mirrored[back.outcome] == "same"


def _pairs(con, days_totals):
    for day, phq, gad in days_totals:
        storage.add_measure_response(con, "phq9", answers_for("phq9", phq), day)
        storage.add_measure_response(con, "gad7", answers_for("gad7", gad), day)


def test_phq9_16_to_8_with_gad7_12_to_10_is_reliable_improvement_not_recovery(con):
    _pairs(con, [(date(2026, 3, 2), 16, 12), (date(2026, 3, 30), 8, 10)])
    paired = outcomes.paired_outcome(con, TODAY)
    assert paired.outcome == "reliable improvement"
    assert paired.headline() == (
        "PHQ-9 and GAD-7 together: reliable improvement since 2 Mar 2026 "
        "(the NHS Talking Therapies outcome)."
    )
    assert paired.details() == (
        "PHQ-9 16 → 8, GAD-7 12 → 10. Not recovered yet: GAD-7 10 is at or above its cut-off of 8."
    )
    # Each measure's own words stay beside it, and neither claims a recovery by itself.
    words = [line for s in outcomes.latest_scores(con, TODAY) for line in s.lines()]
    assert not any("recovery" in line for line in words)
    assert (
        "Since the first of the course (2 Mar 2026), also the previous: reliable improvement to below the cut-off, 16 → 8."
        in words
    )


def test_no_paired_outcome_without_two_responses_of_both(con):
    _pairs(con, [(date(2026, 3, 2), 16, 12)])
    assert outcomes.paired_outcome(con, TODAY) is None
    add_series(con, "phq9", [(date(2026, 3, 30), 8)])
    assert outcomes.paired_outcome(con, TODAY) is None  # GAD-7 has only its first


def test_change_is_measured_from_the_first_response_of_the_course_not_the_first_ever(con):
    _pairs(
        con,
        [
            (date(2025, 6, 2), 22, 18),  # an earlier course
            (date(2025, 9, 1), 6, 4),
            (date(2026, 3, 2), 16, 12),  # a new course began on 1 Mar 2026
            (date(2026, 3, 30), 12, 10),
        ],
    )
    # By default the course began with the first session or questionnaire: 2 Jun 2025.
    assert storage.course_start(con) == date(2025, 6, 2)
    assert outcomes.paired_outcome(con, TODAY).outcome == "reliable improvement"
    storage.set_course_start(con, date(2026, 3, 1))
    paired = outcomes.paired_outcome(con, TODAY)
    assert paired.result.first == {"phq9": 16, "gad7": 12}
    assert paired.outcome == "no reliable change"
    story = outcomes.measure_story(con, "phq9", date(2026, 1, 1), TODAY)
    assert story.finding() == "PHQ-9: no reliable change, 16 → 12 since 2 March (2 responses)"
    # The responses before the new course still compare with the first ever.
    earlier = outcomes.measure_story(con, "phq9", date(2025, 1, 1), date(2025, 12, 31))
    assert list(earlier.responses["first_total"]) == [22, 22]
    assert outcomes.course_words(con).startswith(
        "Change is measured from the first response since your course of therapy began on 1 Mar 2026"
    )
    storage.set_course_start(con, None)
    assert outcomes.paired_outcome(con, TODAY).result.first == {"phq9": 22, "gad7": 18}


def test_the_default_course_starts_with_the_first_session_when_it_comes_first(con):
    storage.add_session(con, day=date(2026, 2, 1))
    _pairs(con, [(date(2026, 3, 2), 16, 12)])
    assert storage.course_start(con) == date(2026, 2, 1)


def test_a_course_start_in_the_future_or_not_a_date_is_refused(con):
    with pytest.raises(InvalidEntry):
        storage.set_course_start(con, date(2999, 1, 1))
    with pytest.raises(InvalidEntry):
        setting_row({"key": "course_start", "value": "last spring"})
    assert storage.chosen_course_start(con) is None


@pytest.mark.parametrize(
    ("earlier", "later", "words"),
    [
        (40, 52, "a meaningful improvement (10 points or more)"),
        (60, 72, "a meaningful improvement (10 points or more)"),
        (60, 52, "no meaningful change (less than 10 points)"),
        (60, 48, "a meaningful worsening (10 points or more)"),
    ],
)
def test_who5_speaks_of_a_meaningful_change_never_of_recovery(con, earlier, later, words):
    add_series(con, "who5", [(date(2026, 3, 2), earlier), (date(2026, 3, 16), later)])
    story = outcomes.measure_story(con, "who5")
    assert words in story.finding() and "recovery" not in story.finding()
    [latest] = outcomes.latest_scores(con, TODAY)
    assert any(words in line for line in latest.lines())


@pytest.mark.parametrize(
    ("answers", "prompted"),
    [
        ([3, 3, 3, 3, 3], False),  # 60
        ([5, 5, 5, 5, 1], True),  # an item at 1 ("some of the time")
        ([4, 4, 4, 4, 0], True),  # an item at 0
        ([2, 2, 2, 2, 4], True),  # 48: below 50
        ([2, 3, 2, 3, 3], False),  # 52
    ],
)
def test_who5_prompts_below_50_or_with_any_item_at_0_or_1(con, answers, prompted):
    storage.add_measure_response(con, "who5", answers, date(2026, 3, 2))
    prompt = outcomes.who5_prompt_on(con, TODAY)
    assert (prompt == outcomes.WHO5_PROMPT) is prompted
    assert prompt is None or "below 50" in prompt


def test_the_measures_page_heads_with_the_paired_outcome_and_never_says_recovery(app_env):
    path = app_env()
    today = clock.today()
    con = storage.connect(path)
    _pairs(con, [(today - timedelta(days=28), 16, 12), (today - timedelta(days=2), 8, 10)])
    con.close()
    at = open_page(PAGE)
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert (
        text.startswith("**PHQ-9 and GAD-7 together: reliable improvement since")
        or "**PHQ-9 and GAD-7 together: reliable improvement since" in text
    )
    assert "Not recovered yet: GAD-7 10 is at or above its cut-off of 8." in text
    titles = " ".join(" ".join(spec["title"]["text"]) for spec, _ in chart_specs(at))
    assert "recovery" not in text and "recovery" not in titles
    assert "PHQ-9: reliable improvement to below the cut-off, 16 → 8" in titles


def test_i_started_a_new_course_of_therapy_moves_the_baseline_on_the_page(app_env):
    path = app_env()
    today = clock.today()
    con = storage.connect(path)
    _pairs(con, [(today - timedelta(days=60), 20, 15), (today - timedelta(days=30), 12, 9)])
    _pairs(con, [(today - timedelta(days=2), 10, 8)])
    con.close()
    at = open_page(PAGE)
    assert "20 → 10" in " ".join(m.value for m in at.markdown)
    at.date_input(key="course_start_day").set_value(today - timedelta(days=31))
    at.button(key="course_start_save").click().run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "12 → 10" in text and "20 → 10" not in text
    con = storage.connect(path)
    assert storage.chosen_course_start(con) == today - timedelta(days=31)
    con.close()


def test_the_session_review_heads_its_questionnaires_with_the_paired_outcome(app_env):
    path = app_env()
    today = clock.today()
    con = storage.connect(path)
    storage.add_session(con, day=today - timedelta(days=7))
    storage.add_check_in(con, wellbeing=5, when=today - timedelta(days=3))
    _pairs(con, [(today - timedelta(days=30), 16, 12), (today - timedelta(days=2), 8, 10)])
    con.close()
    at = open_page("../views/review.py")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**PHQ-9 and GAD-7 together: reliable improvement since" in text
    assert "Not recovered yet: GAD-7 10 is at or above its cut-off of 8." in text
    assert "recovery since" not in text
