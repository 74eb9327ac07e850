"""analytics.triggers (and its queries and charts) against triggers whose patterns we planted."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import storage, theme
from analytics import triggers as tr
from analytics.charts import triggers as charts
from analytics.dates import DateRange
from analytics.entries import EntryKind
from analytics.triggers import TriggerFacts, TriggerFilter
from analytics.words import triggers as trigger_words

NOW = datetime(2030, 1, 1, tzinfo=UTC)  # validation's "now": every planted time is in the past
MONDAY = date(2026, 6, 1)  # a Monday


def plant(con, *triggers: dict) -> None:
    """Insert triggers given as dicts with `at` (a naive wall-clock datetime) and any columns."""
    records = [
        {
            "local_time": t["at"],
            "utc_offset_min": t.get("utc_offset_min", 60),
            "category": t.get("category", "Work"),
            "intensity": t.get("intensity", 5),
            "response": t.get("response", ""),
            "response_kind": t.get("kind", "other"),
            "helped": t.get("helped"),
        }
        for t in triggers
    ]
    rows, problems = storage.validate_rows(con, EntryKind.TRIGGER, records, now=NOW)
    assert not problems
    with storage.transaction(con):
        storage.insert_rows(con, EntryKind.TRIGGER, rows)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def june(f_categories=(), intensity=(0, 10)) -> TriggerFilter:
    return TriggerFilter(date(2026, 6, 1), date(2026, 6, 30), tuple(f_categories), intensity)


# --- parts of the day -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "part"),
    [
        (0, "night"),
        (4, "night"),
        (5, "morning"),
        (11, "morning"),
        (12, "afternoon"),
        (16, "afternoon"),
        (17, "evening"),
        (21, "evening"),
        (22, "night"),
        (23, "night"),
    ],
)
def test_part_of_day_follows_the_documented_hours(hour, part):
    assert tr.part_of_day(hour) == part


def test_part_of_day_refuses_an_hour_outside_the_clock():
    with pytest.raises(ValueError):
        tr.part_of_day(24)


def test_weeks_up_to_two_years_then_months():
    assert tr.grain_for(DateRange(date(2024, 1, 1), date(2024, 1, 30))) == "week"
    assert tr.grain_for(DateRange(date(2024, 1, 1), date(2025, 12, 31))) == "week"
    assert tr.grain_for(DateRange(date(2016, 1, 1), date(2026, 1, 1))) == "month"


# --- frequency ------------------------------------------------------------------------------


def test_frequency_counts_each_week_by_category(journal):
    plant(
        journal,
        *[{"at": at(MONDAY + timedelta(days=7 * w), 9)} for w in range(3)],
        {"at": at(MONDAY + timedelta(days=6), 20), "category": "Family"},  # Sunday: still week 1
        {"at": at(MONDAY + timedelta(days=7), 20), "category": "Family"},
        {"at": at(date(2026, 5, 31), 9)},  # the day before the range
    )
    frame = tr.frequency(tr.load(journal, june()))
    got = {(f"{r.period:%Y-%m-%d}", r.category): r.triggers for r in frame.itertuples()}
    assert got == {
        ("2026-06-01", "Family"): 1,
        ("2026-06-01", "Work"): 1,
        ("2026-06-08", "Family"): 1,
        ("2026-06-08", "Work"): 1,
        ("2026-06-15", "Work"): 1,
    }


def test_frequency_by_month_for_long_ranges(journal):
    plant(
        journal,
        {"at": at(date(2020, 3, 2), 9)},
        {"at": at(date(2020, 3, 30), 9)},
        {"at": at(date(2024, 7, 4), 9)},
    )
    frame = tr.frequency(
        tr.load(journal, TriggerFilter(date(2016, 1, 1), date(2026, 1, 1)), "month")
    )
    assert {(f"{r.period:%Y-%m-%d}", r.triggers) for r in frame.itertuples()} == {
        ("2020-03-01", 2),
        ("2024-07-01", 1),
    }


def test_category_changes_compare_with_the_period_of_equal_length_before(journal):
    plant(
        journal,
        *[{"at": at(date(2026, 6, d), 9)} for d in (1, 2, 3, 30)],  # Work: 4 now
        {"at": at(date(2026, 5, 31), 9)},  # Work: 2 before (31 May and 2 May)
        {"at": at(date(2026, 5, 2), 9)},
        {"at": at(date(2026, 5, 1), 9)},  # 31 days before the start: outside both periods
        *[
            {"at": at(date(2026, 5, 10), 9), "category": "Family"} for _ in range(3)
        ],  # Family: 0 now, 3 before
        {"at": at(date(2026, 6, 10), 9), "category": "Money"},  # Money: new
    )
    frame = tr.category_changes(tr.load(journal, june())).set_index("category")
    assert frame.loc["Work"].tolist() == [4, 2, 2]
    assert frame.loc["Family"].tolist() == [0, 3, -3]
    assert frame.loc["Money"].tolist() == [1, 0, 1]
    assert list(frame.index) == ["Work", "Money", "Family"]


def test_category_changes_on_an_empty_journal_is_an_empty_table(journal):
    frame = tr.category_changes(tr.load(journal, june()))
    assert frame.empty
    assert list(frame.columns) == ["category", "triggers", "previous", "change"]


# --- when -----------------------------------------------------------------------------------


def test_when_grid_finds_the_planted_weekday_and_time_with_mean_intensity(journal):
    mondays = [MONDAY + timedelta(days=7 * w) for w in range(4)]
    plant(
        journal,
        *[{"at": at(d, 9), "intensity": i} for d, i in zip(mondays, (6, 8, 6, 8), strict=True)],
        {
            "at": at(MONDAY + timedelta(days=1), 1, 30),
            "intensity": 3,
        },  # 01:30 Tuesday: Tuesday night
        {"at": at(MONDAY + timedelta(days=4), 22), "intensity": 9},  # 22:00 Friday: Friday night
        {"at": at(MONDAY + timedelta(days=4), 21, 59), "intensity": 1},  # 21:59: Friday evening
    )
    grid = tr.when_grid(tr.load(journal, june()))
    assert len(grid) == 28
    assert grid["triggers"].sum() == 7
    cell = grid.set_index(["day", "part"])
    assert cell.loc[("Monday", "morning"), "triggers"] == 4
    assert cell.loc[("Monday", "morning"), "mean_intensity"] == 7.0
    assert cell.loc[("Tuesday", "night"), "triggers"] == 1
    assert cell.loc[("Friday", "night"), "mean_intensity"] == 9.0
    assert cell.loc[("Friday", "evening"), "mean_intensity"] == 1.0
    assert math.isnan(cell.loc[("Sunday", "morning"), "mean_intensity"])
    assert tr.busiest_cells(grid) == ([("Monday", "morning")], 4)


def test_weekday_and_time_come_from_the_lived_wall_clock_not_utc(journal):
    # 09:00 on Monday in Sydney (UTC+10) is 23:00 on Sunday in UTC: it is a Monday morning.
    plant(journal, {"at": at(MONDAY, 9), "utc_offset_min": 600})
    grid = tr.when_grid(tr.load(journal, june())).set_index(["day", "part"])
    assert grid.loc[("Monday", "morning"), "triggers"] == 1
    assert grid["triggers"].sum() == 1


def test_busiest_cells_keeps_a_tie_of_two_and_gives_up_beyond():
    grid = pd.DataFrame(
        {
            "weekday": [1, 2, 3],
            "day": ["Monday", "Tuesday", "Wednesday"],
            "part": ["morning"] * 3,
            "triggers": [4, 4, 1],
        }
    )
    assert tr.busiest_cells(grid) == ([("Monday", "morning"), ("Tuesday", "morning")], 4)
    assert (
        trigger_words.slot_phrase([("Monday", "morning"), ("Tuesday", "morning")])
        == "Monday and Tuesday mornings"
    )
    assert (
        trigger_words.slot_phrase([("Monday", "morning"), ("Friday", "night")])
        == "Monday mornings and Friday nights"
    )
    assert tr.busiest_cells(grid.assign(triggers=[4, 4, 4])) == ([], 4)
    assert tr.busiest_cells(grid.assign(triggers=[1, 0, 0])) == ([], 1)


# --- intensity ------------------------------------------------------------------------------


def test_intensity_per_week_with_a_falling_trend(journal):
    weeks = [MONDAY + timedelta(days=7 * w) for w in range(4)]
    plant(
        journal,
        *[{"at": at(d, 9), "intensity": 8 - w} for w, d in enumerate(weeks)],
        *[{"at": at(d + timedelta(days=2), 9), "intensity": 6 - w} for w, d in enumerate(weeks)],
    )
    frame = tr.intensity_by_period(tr.load(journal, june()))
    assert frame["mean_intensity"].tolist() == [7.0, 6.0, 5.0, 4.0]
    assert frame["triggers"].tolist() == [2, 2, 2, 2]
    assert frame["trend"].tolist() == pytest.approx([7.0, 6.0, 5.0, 4.0])
    title = charts.intensity_chart(frame).to_dict()["title"]["text"]
    assert title == "Intensity eased, from about 7.0 to 4.0 out of 10"


def test_no_trend_line_with_fewer_than_three_weeks(journal):
    plant(
        journal,
        {"at": at(MONDAY, 9), "intensity": 8},
        {"at": at(MONDAY + timedelta(days=7), 9), "intensity": 2},
    )
    frame = tr.intensity_by_period(tr.load(journal, june()))
    assert len(frame) == 2
    assert frame["trend"].isna().all()
    assert "Not enough weeks" in charts.intensity_chart(frame).to_dict()["title"]["text"]


# --- how triggers were met ------------------------------------------------------------------


def test_share_met_with_a_new_skill_per_month(journal):
    plant(
        journal,
        *[
            {"at": at(date(2026, 1, 5 + i), 9), "kind": k}
            for i, k in enumerate(["new_skill"] + ["old_pattern"] * 4)
        ],
        *[
            {"at": at(date(2026, 2, 5 + i), 9), "kind": k}
            for i, k in enumerate(["new_skill"] * 4 + ["other"])
        ],
    )
    frame = tr.response_share_by_month(
        tr.load(journal, TriggerFilter(date(2026, 1, 1), date(2026, 2, 28)))
    )
    shares = {(f"{r.month:%Y-%m-%d}", r.response_kind): r.share for r in frame.itertuples()}
    assert shares == {
        ("2026-01-01", "new_skill"): 0.2,
        ("2026-01-01", "old_pattern"): 0.8,
        ("2026-02-01", "new_skill"): 0.8,
        ("2026-02-01", "other"): 0.2,
    }
    spec = charts.response_share_chart(frame).to_dict()
    assert (
        spec["title"]["text"]
        == "The share met with a new skill rose from 20% (Jan 2026) to 80% (Feb 2026)"
    )
    bars = spec["layer"][0]
    assert bars["encoding"]["color"]["scale"]["range"][:2] == [theme.NEW_SKILL, theme.OLD_PATTERN]


def test_a_month_too_small_to_compare_is_drawn_pale_with_its_count_and_no_month_is_added(journal):
    """Issue 23: "months with fewer than 5 are not compared" while a month of 1 trigger was a
    full bar, and the time axis ran on to the month after the last."""
    plant(
        journal,
        {"at": at(date(2026, 1, 5), 9), "kind": "old_pattern"},
        *[{"at": at(date(2026, 2, 5 + i), 9), "kind": "new_skill"} for i in range(5)],
    )
    frame = tr.response_share_by_month(
        tr.load(journal, TriggerFilter(date(2026, 1, 1), date(2026, 2, 28)))
    )
    spec = charts.response_share_chart(frame).to_dict()
    bars, counts = spec["layer"]
    assert bars["encoding"]["x"]["type"] == "ordinal"  # one band per month drawn, no more
    assert bars["encoding"]["opacity"]["condition"]["test"] == "datum.compared"
    labelled = spec["datasets"][counts["data"]["name"]]
    assert [(row["month_label"], row["compared"]) for row in labelled] == [("1", False)]
    assert "pale months, with their count above, have fewer than 5" in " ".join(
        spec["title"]["subtitle"]
        if isinstance(spec["title"]["subtitle"], list)
        else [spec["title"]["subtitle"]]
    )


def test_helped_means_need_five_ratings_and_group_spellings_together(journal):
    days = [date(2026, 6, d) for d in range(1, 29)]
    plant(
        journal,
        *[
            {"at": at(days[i], 9), "response": r, "kind": "new_skill", "helped": h}
            for i, (r, h) in enumerate(
                zip(
                    [
                        "Box breathing",
                        "box breathing ",
                        "BOX BREATHING",
                        "Box breathing",
                        "Box breathing",
                    ],
                    [6, 7, 8, 9, 10],
                    strict=True,
                )
            )
        ],
        {
            "at": at(days[5], 9),
            "response": "Box breathing",
            "kind": "new_skill",
            "helped": None,
        },  # not rated
        *[
            {
                "at": at(days[6 + i], 9),
                "response": "Snapped at them",
                "kind": "old_pattern",
                "helped": 2,
            }
            for i in range(4)
        ],
        *[
            {"at": at(days[10 + i], 9), "response": "", "kind": "other", "helped": 5}
            for i in range(5)
        ],
    )
    frame = tr.helped_responses(journal, june()).set_index("response")
    assert frame.loc["Box breathing", "rated"] == 5
    assert frame.loc["Box breathing", "triggers"] == 6
    assert frame.loc["Box breathing", "mean_helped"] == 8.0
    assert frame.loc["Box breathing", "helped"] == "8.0 / 10"
    assert frame.loc["Snapped at them", "rated"] == 4
    assert math.isnan(frame.loc["Snapped at them", "mean_helped"])
    assert frame.loc["Snapped at them", "helped"] == "not enough data yet"
    assert frame.loc["(Something else, not described)", "mean_helped"] == 5.0
    assert list(frame.index)[:2] == ["Box breathing", "(Something else, not described)"]
    assert tr.helped_state(frame.reset_index()) == "enough"
    title = charts.helped_chart(frame.reset_index()).to_dict()["title"]["text"]
    assert title.startswith("\u201cBox breathing\u201d helped most: 8.0 out of 10 over 5 times")


def test_helped_state_tells_unrated_from_too_few(journal):
    assert tr.helped_state(tr.helped_responses(journal, june())) == "unrated"
    plant(
        journal,
        *[{"at": at(date(2026, 6, d), 9), "response": "Walk", "helped": 7} for d in range(1, 5)],
    )
    assert tr.helped_state(tr.helped_responses(journal, june())) == "too_few"


# --- filters --------------------------------------------------------------------------------


def test_filters_narrow_every_view_by_category_and_inclusive_intensity(journal):
    plant(
        journal,
        {"at": at(MONDAY, 9), "category": "Work", "intensity": 2},
        {"at": at(MONDAY, 10), "category": "Work", "intensity": 5},
        {"at": at(MONDAY, 20), "category": "Family", "intensity": 7},
        {"at": at(MONDAY, 21), "category": "Partner", "intensity": 9.5},
    )
    work = june(["Work"])
    assert tr.frequency(tr.load(journal, work))["triggers"].sum() == 2
    assert set(tr.category_changes(tr.load(journal, work))["category"]) == {"Work"}
    assert tr.when_grid(tr.load(journal, work))["triggers"].sum() == 2
    two = june(["Work", "Family"])
    assert tr.frequency(tr.load(journal, two))["triggers"].sum() == 3
    middle = june(intensity=(5, 7))  # both ends included
    assert tr.intensity_by_period(tr.load(journal, middle))["mean_intensity"].tolist() == [6.0]
    assert tr.response_share_by_month(tr.load(journal, middle))["triggers"].sum() == 2
    assert tr.helped_responses(journal, middle)["triggers"].sum() == 2
    assert tr.frequency(tr.load(journal, june(["Work"], (6, 10)))).empty
    assert tr.category_options(journal)[:3] == ["Work", "Family", "Partner"]


def test_a_category_no_longer_in_the_catalog_can_still_be_chosen(journal):
    plant(journal, {"at": at(MONDAY, 9), "category": "Imported thing"})
    assert tr.category_options(journal)[-1] == "Imported thing"


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 59),
            st.integers(0, 23),
            st.sampled_from(["Work", "Family", "Money"]),
            st.integers(0, 10),
        ),
        max_size=30,
    )
)
def test_every_trigger_in_range_is_counted_once_in_each_view(planted):
    con = storage.connect()
    try:
        start = date(2026, 5, 18)
        if planted:
            plant(
                con,
                *[
                    {"at": at(start + timedelta(days=d), h), "category": c, "intensity": i}
                    for d, h, c, i in planted
                ],
            )
        f = TriggerFilter(date(2026, 6, 1), date(2026, 6, 30))
        inside = sum(1 for d, *_ in planted if 14 <= d <= 43)
        assert tr.frequency(tr.load(con, f))["triggers"].sum() == inside
        assert tr.when_grid(tr.load(con, f))["triggers"].sum() == inside
        assert tr.category_changes(tr.load(con, f))["triggers"].sum() == inside
        assert tr.category_changes(tr.load(con, f))["previous"].sum() == sum(
            1 for d, *_ in planted if d < 14
        )
        assert tr.trigger_facts(tr.load(con, f), date(2026, 6, 30)).total == inside
    finally:
        con.close()


# --- the summary ----------------------------------------------------------------------------


def facts(**changes) -> TriggerFacts:
    base = {
        "period": "in the last 30 days",
        "previous_period": "in the 30 days before",
        "total": 10,
        "new_skill": 7,
        "previous_total": 10,
        "previous_new_skill": 4,
        "by_category": {"Work": 6, "Family": 3, "Money": 1},
        "top_slots": {"Work": ([("Monday", "morning")], 4)},
    }
    return TriggerFacts(**{**base, **changes})


def test_summary_names_the_category_its_time_and_the_new_skill_shift():
    assert trigger_words.summary_sentence(facts()) == (
        "Work triggers came most often in the last 30 days (6 of 10), busiest on "
        "Monday mornings (4 of 6); you met 7 of 10 with a new skill, up from 4 of 10 in the 30 days before."
    )


def test_summary_names_tied_categories_together_without_a_time():
    text = trigger_words.summary_sentence(facts(by_category={"Work": 4, "Family": 4, "Money": 2}))
    assert text.startswith(
        "Family and Work triggers came most often in the last 30 days (4 each, of 10); "
    )
    assert "busiest" not in text


def test_summary_is_honest_when_data_is_thin():
    assert (
        trigger_words.summary_sentence(facts(total=0, new_skill=0))
        == "No triggers logged in the last 30 days."
    )
    assert (
        trigger_words.summary_sentence(facts(total=0, new_skill=0, filtered=True))
        == "No triggers in the last 30 days match these filters."
    )
    thin = trigger_words.summary_sentence(facts(total=3, new_skill=1, by_category={"Work": 3}))
    assert (
        thin
        == "Only 3 triggers in the last 30 days: too few to see a pattern yet (3 of 5 needed); you met 1 of 3 with a new skill."
    )
    assert trigger_words.summary_sentence(
        facts(total=1, new_skill=0, by_category={"Work": 1})
    ).startswith("Only 1 trigger in the last 30 days")
    before = trigger_words.summary_sentence(facts(previous_total=4, previous_new_skill=1))
    assert before.endswith(
        "you met 7 of 10 with a new skill. There were too few triggers in the 30 days before to compare with."
    )
    few_in_category = trigger_words.summary_sentence(
        facts(by_category={"Work": 4, "Family": 3, "Money": 3})
    )
    assert "busiest" not in few_in_category


def test_summary_is_gentle_about_a_harder_stretch():
    text = trigger_words.summary_sentence(facts(new_skill=3, previous_new_skill=6))
    assert "compared with 6 of 10 in the 30 days before" in text
    assert "Harder stretches are part of the path." in text
    for word in ("fail", "worse", "bad"):
        assert word not in text.lower()
    same = trigger_words.summary_sentence(facts(new_skill=4, previous_new_skill=4))
    assert same.endswith("about the same share as 4 of 10 in the 30 days before.")


def test_facts_from_a_journal_find_the_planted_story(journal):
    mondays = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    now_kinds = ["new_skill"] * 7 + ["old_pattern"] * 3
    then_kinds = ["new_skill"] * 4 + ["old_pattern"] * 6
    plant(
        journal,
        # this period (26 Oct - 24 Nov): Work on Monday mornings (4) and other days, Family in the evening
        *[
            {"at": at(d, 9), "category": "Work", "kind": now_kinds[i]}
            for i, d in enumerate(mondays)
        ],
        *[
            {"at": at(d + timedelta(days=2), 15), "category": "Work", "kind": now_kinds[4 + i]}
            for i, d in enumerate(mondays[:2])
        ],
        *[
            {"at": at(d - timedelta(days=1), 19), "category": "Family", "kind": now_kinds[6 + i]}
            for i, d in enumerate(mondays)
        ],
        # the 30 days before
        *[
            {"at": at(date(2026, 10, 1 + i), 12), "category": "Money", "kind": k}
            for i, k in enumerate(then_kinds)
        ],
    )
    f = TriggerFilter(date(2026, 10, 26), date(2026, 11, 24))
    found = tr.trigger_facts(tr.load(journal, f), today=date(2026, 11, 24))
    assert (found.total, found.new_skill, found.previous_total, found.previous_new_skill) == (
        10,
        7,
        10,
        4,
    )
    assert found.by_category == {"Work": 6, "Family": 4}
    assert found.top_slots["Work"] == ([("Monday", "morning")], 4)
    assert trigger_words.summary_sentence(found) == (
        "Work triggers came most often in the last 30 days (6 of 10), busiest on "
        "Monday mornings (4 of 6); you met 7 of 10 with a new skill, up from 4 of 10 in the 30 days before."
    )
    assert not found.filtered
    assert tr.trigger_facts(
        tr.load(journal, TriggerFilter(f.start, f.end, ("Work",))), date(2026, 11, 24)
    ).filtered


def test_period_phrase_for_ranges_ending_today_and_earlier():
    today = date(2026, 11, 24)
    assert tr.period_phrase(DateRange(date(2026, 10, 26), today), today) == (
        "in the last 30 days",
        "in the 30 days before",
    )
    assert tr.period_phrase(DateRange(today, today), today) == ("today", "the day before")
    now, _ = tr.period_phrase(DateRange(date(2026, 3, 1), date(2026, 3, 30)), today)
    assert now == "from 1 Mar – 30 Mar 2026"


# --- charts ---------------------------------------------------------------------------------


def test_charts_state_their_finding_and_carry_tooltips(journal):
    plant(
        journal,
        *[
            {
                "at": at(MONDAY + timedelta(days=7 * w), 9),
                "kind": "new_skill",
                "response": "Walk",
                "helped": 7,
            }
            for w in range(4)
        ],
        {"at": at(MONDAY + timedelta(days=3), 20), "category": "Family", "kind": "old_pattern"},
    )
    f = june()
    frequency = charts.frequency_chart(tr.frequency(tr.load(journal, f))).to_dict()
    assert frequency["title"]["text"] == "Work triggers came most often (4 of 5)"
    assert frequency["encoding"]["tooltip"]
    heat = charts.when_heatmap(tr.when_grid(tr.load(journal, f))).to_dict()
    assert " ".join(heat["title"]["text"]) == "Triggers came most often on Monday mornings (4 of 5)"
    assert all(layer["encoding"]["tooltip"] for part in heat["vconcat"] for layer in part["layer"])


def test_charts_build_from_empty_frames(journal):
    f = june()
    for chart in (
        charts.frequency_chart(tr.frequency(tr.load(journal, f))),
        charts.when_heatmap(tr.when_grid(tr.load(journal, f))),
        charts.intensity_chart(tr.intensity_by_period(tr.load(journal, f))),
        charts.response_share_chart(tr.response_share_by_month(tr.load(journal, f))),
        charts.helped_chart(tr.helped_responses(journal, f)),
    ):
        assert chart.to_dict()["title"]["text"]


# --- the sample journal ---------------------------------------------------------------------


def test_the_sample_journal_patterns_are_found(sample_journal_path):
    from sample_data import sample_truth
    from tests.conftest import SAMPLE_TODAY

    truth = sample_truth(SAMPLE_TODAY)["triggers"]
    con = storage.connect(sample_journal_path)
    try:
        f = TriggerFilter(date(1970, 1, 1), SAMPLE_TODAY)
        found = tr.trigger_facts(tr.load(con, f), SAMPLE_TODAY)
        assert found.total == truth["count"]
        top = max(found.by_category, key=found.by_category.get)
        assert (top, found.by_category[top]) == (truth["top_category"], truth["top_category_count"])
        for category, planted in truth["categories"].items():
            grid = tr.when_grid(tr.load(con, TriggerFilter(f.start, f.end, (category,))))
            by_day = grid.groupby("day")["triggers"].sum()
            by_part = grid.groupby("part")["triggers"].sum()
            assert int(grid["triggers"].sum()) == planted["count"]
            assert by_day.idxmax() == planted["peak_weekday"], category
            assert by_part.idxmax() == planted["peak_time_of_day"], category
        shares = tr.response_share_by_month(tr.load(con, f))
        new = shares[shares["response_kind"] == "new_skill"].set_index("month")
        for month, share in truth["monthly_new_skill_share"].items():
            got = new["share"].get(pd.Timestamp(f"{month}-01"), 0.0)
            assert got == pytest.approx(share, abs=0.001), month
        assert truth["last_month_new_skill_share"] > truth["first_month_new_skill_share"]
    finally:
        con.close()


def test_share_title_compares_only_months_with_enough_triggers(journal):
    plant(
        journal,
        *[
            {"at": at(date(2026, 1, 30 + i), 9), "kind": "old_pattern"} for i in range(2)
        ],  # a thin January
        *[
            {"at": at(date(2026, 2, 2 + i), 9), "kind": k}
            for i, k in enumerate(["new_skill"] * 2 + ["old_pattern"] * 3)
        ],
        *[
            {"at": at(date(2026, 3, 2 + i), 9), "kind": k}
            for i, k in enumerate(["new_skill"] * 3 + ["old_pattern"] * 2)
        ],
    )
    frame = tr.response_share_by_month(
        tr.load(journal, TriggerFilter(date(2026, 1, 1), date(2026, 3, 31)))
    )
    title = charts.response_share_chart(frame).to_dict()["title"]["text"]
    assert title == "The share met with a new skill rose from 40% (Feb 2026) to 60% (Mar 2026)"


def test_a_category_keeps_its_colour_whatever_the_filter(journal):
    plant(
        journal,
        {"at": at(MONDAY, 9), "category": "Work"},
        {"at": at(MONDAY, 19), "category": "Family"},
    )
    options = tr.category_options(journal)

    def colour_of(category, spec):
        scale = spec["encoding"]["color"]["scale"]
        return scale["range"][scale["domain"].index(category)]

    everything = charts.frequency_chart(
        tr.frequency(tr.load(journal, june())), "week", options
    ).to_dict()
    family = charts.frequency_chart(
        tr.frequency(tr.load(journal, june(["Family"]))), "week", options
    ).to_dict()
    assert colour_of("Family", everything) == colour_of("Family", family) == theme.PALETTE[1]
    assert family["encoding"]["color"]["legend"]["values"] == ["Family"]
    assert len(set(colour_of(c, everything) for c in options)) == len(options)


def test_helped_chart_lists_responses_best_first(journal):
    plant(
        journal,
        *[
            {
                "at": at(date(2026, 6, 1 + i), 9),
                "response": "Walk",
                "kind": "new_skill",
                "helped": 6,
            }
            for i in range(5)
        ],
        *[
            {
                "at": at(date(2026, 6, 10 + i), 9),
                "response": "Breathe",
                "kind": "new_skill",
                "helped": 8,
            }
            for i in range(5)
        ],
        *[
            {
                "at": at(date(2026, 6, 20 + i), 9),
                "response": "Apologised",
                "kind": "old_pattern",
                "helped": 2,
            }
            for i in range(5)
        ],
    )
    spec = charts.helped_chart(tr.helped_responses(journal, june())).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Breathe", "Walk", "Apologised"]


def _grid(cells: dict[tuple[int, str], int]) -> pd.DataFrame:
    rows = [
        {"weekday": w, "day": tr.WEEKDAYS[w - 1], "part": p, "triggers": cells.get((w, p), 0)}
        for w in range(1, 8)
        for p in tr.PART_NAMES
    ]
    return pd.DataFrame(rows).assign(mean_intensity=5.0)


@pytest.mark.parametrize(
    ("cells", "title"),
    [
        ({}, "No triggers to place in the week yet"),
        ({(7, "evening"): 2}, "Only 2 triggers: too few to see a pattern yet (2 of 5 needed)"),
        (
            {(1, "morning"): 21, (2, "morning"): 20, (3, "night"): 181},
            "Triggers came most often on Wednesday nights (181 of 222)",
        ),
        (
            {(1, "morning"): 21, **{(d, "night"): 20 for d in range(1, 8)}, (2, "evening"): 61},
            "Triggers came most often on Tuesday evenings (61 of 222)",
        ),
        (
            {(d, "morning"): 1 for d in range(1, 6)},
            "No time of the week stands out among 5 triggers",
        ),
    ],
)
def test_when_title_never_names_a_pattern_in_too_few_or_says_most(cells, title):
    assert " ".join(charts.when_heatmap(_grid(cells)).to_dict()["title"]["text"]) == title
    assert not title.startswith("Most triggers")


def test_frequency_title_over_a_five_way_tie_names_no_leader():
    frame = pd.DataFrame(
        {
            "period": pd.Timestamp("2026-06-01"),
            "period_end": pd.Timestamp("2026-06-08"),
            "category": list("ABCDE"),
            "triggers": 1,
        }
    )
    title = charts.frequency_chart(frame).to_dict()["title"]["text"]
    assert title == "No category stands out among 5 triggers"
    facts_tied = facts(total=5, by_category=dict.fromkeys("ABCDE", 1))
    assert trigger_words.summary_sentence(facts_tied).startswith(
        trigger_words.category_finding(facts_tied.by_category, facts_tied.period)
    )


def test_a_week_of_few_triggers_is_counted_in_whole_numbers_and_labelled_by_day():
    """One trigger in one week drew a 0.0-1.0 axis and hourly ticks."""
    frame = pd.DataFrame(
        {
            "period": [pd.Timestamp("2026-11-23")],
            "period_end": [pd.Timestamp("2026-11-30")],
            "category": ["Work"],
            "triggers": [1],
        }
    )
    spec = charts.frequency_chart(frame, "week", ["Work"]).to_dict()
    assert spec["encoding"]["y"]["axis"]["values"] == [0, 1]
    assert spec["encoding"]["x"]["axis"]["values"] == [{"year": 2026, "month": 11, "date": 23}]


@pytest.mark.parametrize("weeks", [1, 5, 12, 60])
def test_week_ticks_fall_on_the_weeks_own_mondays_and_fit_a_phone(weeks):
    """Issue 23: "Week starting" was ticked on 2, 6 and 10 Nov."""
    starts = pd.date_range("2026-01-05", periods=weeks, freq="7D")  # Mondays
    frame = pd.DataFrame(
        {
            "period": starts,
            "period_end": starts + pd.Timedelta(days=7),
            "category": "Work",
            "triggers": 1,
        }
    )
    for chart in (charts.frequency_chart(frame, "week"),):
        axis = chart.to_dict()["encoding"]["x"]["axis"]
        ticks = [date(v["year"], v["month"], v["date"]) for v in axis["values"]]
        assert ticks and all(t.weekday() == 0 for t in ticks)
        assert len(ticks) <= charts.MAX_PERIOD_TICKS
        assert ticks[0] == date(2026, 1, 5) and axis["format"] == "%-d %b"
