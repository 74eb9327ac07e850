"""The Home page's week overview, against journals whose contents we planted."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.overview import week_overview

TODAY = date(2025, 3, 14)  # this week: 8-14 March; the week before: 1-7 March


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def plant_week(con) -> None:
    for when, wellbeing in [
        (at(date(2025, 2, 28), 23, 59), 0),  # outside both weeks
        (at(date(2025, 3, 1), 0, 0), 4),  # first minute of the week before
        (at(date(2025, 3, 7), 23, 59), 5),  # last minute of the week before
        (at(date(2025, 3, 8), 0, 0), 6),  # first minute of this week
        (at(date(2025, 3, 14), 23, 59), 8),  # last minute of today
        (at(date(2025, 3, 15), 0, 0), 10),  # after today
    ]:
        storage.add_check_in(con, when=when, wellbeing=wellbeing)
    for day, category in [
        (date(2025, 3, 9), "Work"),
        (date(2025, 3, 10), "Family"),
        (date(2025, 3, 11), "Work"),
        (date(2025, 3, 12), "Family"),
        (date(2025, 3, 13), "Money"),
        (date(2025, 3, 3), "Money"),
        (date(2025, 3, 4), "Money"),
        (date(2025, 3, 5), "Money"),
    ]:
        storage.add_trigger(
            con, when=at(day), category=category, intensity=5, response_kind="other"
        )
    storage.log_practice(con, practice="Breathing or grounding", when=at(date(2025, 3, 9)))
    storage.log_practice(con, practice="Breathing or grounding", when=at(date(2025, 3, 10)))
    storage.log_practice(con, practice="Holding a boundary", when=at(date(2025, 3, 11)))
    storage.log_practice(
        con, practice="Holding a boundary", when=at(date(2025, 3, 12)), status="rest"
    )
    storage.log_practice(con, practice="Holding a boundary", when=at(date(2025, 3, 2)))
    for day in (date(2025, 3, 10), date(2025, 3, 14), date(2025, 3, 20)):
        storage.add_session(con, day=day)
    storage.add_reflection(con, day=date(2025, 3, 12), bring_next="Talk about the email")
    storage.add_reflection(con, day=date(2025, 3, 13), noticing="Tired", bring_next="  ")
    storage.add_reflection(con, day=date(2025, 3, 16), bring_next="Written after today")


def test_an_empty_journal_has_nothing_to_compare(journal):
    overview = week_overview(journal, TODAY)
    assert overview.this.check_ins == overview.before.check_ins == 0
    assert overview.this.mean_wellbeing is None
    assert overview.wellbeing_change is None
    assert overview.trigger_categories == {} and overview.trigger_finding is None
    assert overview.last_session is None and overview.next_session is None
    assert overview.bring_next is None


def test_weeks_are_the_seven_days_ending_today_and_the_seven_before(journal):
    overview = week_overview(journal, TODAY)
    assert (overview.this.days.start, overview.this.days.end) == (date(2025, 3, 8), TODAY)
    assert (overview.before.days.start, overview.before.days.end) == (
        date(2025, 3, 1),
        date(2025, 3, 7),
    )


def test_check_ins_and_mean_wellbeing_count_the_edge_minutes_of_each_week(journal):
    plant_week(journal)
    overview = week_overview(journal, TODAY)
    assert overview.this.check_ins == 2
    assert overview.before.check_ins == 2
    assert overview.this.mean_wellbeing == 7.0
    assert overview.before.mean_wellbeing == 4.5
    assert overview.wellbeing_change == 2.5
    assert overview.check_in_change == 0


def test_triggers_count_and_tied_categories_are_all_named(journal):
    plant_week(journal)
    overview = week_overview(journal, TODAY)
    assert overview.this.triggers == 5
    assert overview.before.triggers == 3
    assert overview.trigger_change == 2
    # Work and Family both twice this week; Money's three were the week before.
    assert overview.trigger_finding.startswith(
        "Family and Work triggers came most often this week (2 each, of 5)"
    )


def test_practices_done_leave_out_rest_days(journal):
    plant_week(journal)
    overview = week_overview(journal, TODAY)
    assert overview.this.practices_done == 3
    assert overview.this.practices_distinct == 2
    assert overview.before.practices_done == 1
    assert overview.practice_change == 2


def test_a_session_today_is_the_next_one_and_the_last_is_before_today(journal):
    plant_week(journal)
    overview = week_overview(journal, TODAY)
    assert overview.last_session == date(2025, 3, 10)
    assert overview.next_session == TODAY
    later = week_overview(journal, date(2025, 3, 15))
    assert later.last_session == TODAY
    assert later.next_session == date(2025, 3, 20)


def test_bring_next_is_the_newest_non_empty_answer_up_to_today(journal):
    plant_week(journal)
    overview = week_overview(journal, TODAY)
    assert overview.bring_next == "Talk about the email"
    assert overview.bring_next_day == date(2025, 3, 12)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(min_value=-20, max_value=0), st.integers(min_value=0, max_value=10)),
        max_size=25,
    )
)
def test_week_counts_and_means_match_a_plain_python_count(offsets_and_scores):
    con = storage.connect()
    for offset, score in offsets_and_scores:
        storage.add_check_in(con, when=at(TODAY + timedelta(days=offset), 9), wellbeing=score)
    overview = week_overview(con, TODAY)
    this = [s for o, s in offsets_and_scores if -6 <= o <= 0]
    before = [s for o, s in offsets_and_scores if -13 <= o <= -7]
    assert overview.this.check_ins == len(this)
    assert overview.before.check_ins == len(before)
    if this:
        assert abs(overview.this.mean_wellbeing - sum(this) / len(this)) < 1e-9
    else:
        assert overview.this.mean_wellbeing is None
    if before:
        assert abs(overview.before.mean_wellbeing - sum(before) / len(before)) < 1e-9
    con.close()


@pytest.mark.parametrize(
    ("categories", "finding"),
    [
        ({}, None),
        ({"Work": 1}, "Only 1 trigger this week: too few to see a pattern yet (1 of 5 needed)."),
        ({"Work": 2}, "Only 2 triggers this week: too few to see a pattern yet (2 of 5 needed)."),
        # five categories, one each: no "most frequent" at all (was "Body and health (1 of 5)")
        (dict.fromkeys("ABCDE", 1), "No category stands out among 5 triggers this week."),
        ({"Work": 3, "Money": 2}, "Work triggers came most often this week (3 of 5)."),
    ],
)
def test_home_trigger_finding_is_true_for_few_and_ties(journal, categories, finding):
    week = week_overview(journal, TODAY)
    week = dataclasses.replace(week, trigger_categories=categories)
    assert week.trigger_finding == finding


def test_home_help_texts_agree_with_their_numbers(journal):
    plant_week(journal)
    week = week_overview(journal, TODAY)
    assert "(s)" not in week.wellbeing_help() + week.practice_help()
    assert week.practice_help().startswith("2 different practices;")
