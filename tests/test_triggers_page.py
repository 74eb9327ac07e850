"""The Triggers page through AppTest: empty journal, planted journal, sample journal, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.dates import RangePreset
from analytics.entries import EntryKind
from tests.apptest import chart_specs
from tests.apptest import open_page as open_app_page
from tests.conftest import REPO, SAMPLE_TODAY

APP = str(REPO / "between_sessions" / "app.py")
PAGE = "../views/triggers.py"


def open_page(**session) -> AppTest:
    return open_app_page(PAGE, **session)


def summary(at: AppTest) -> str:
    return at.markdown[0].value.replace("\\", "").strip("*")


def title(spec: dict) -> str:
    """A chart's title as one sentence (a long one is given to Vega as lines)."""
    text = spec["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def plant_month(path) -> None:
    """In the last 30 days: 6 Work triggers on Monday mornings (5 met with a new skill), 4 Family
    on Sunday evenings (all old pattern), intensities 2-9, "Walk" rated 5 times."""
    today = clock.today()
    monday = today - timedelta(days=today.weekday() + 7)  # last week's Monday: always in range
    mondays = [monday - timedelta(days=7 * w) for w in range(3)]
    records = []
    for i, day in enumerate(mondays + mondays):
        records.append(
            {
                "local_time": datetime(day.year, day.month, day.day, 8 + i % 2, 30),
                "utc_offset_min": 0,
                "category": "Work",
                "intensity": 4 + i,
                "response": "Walk",
                "response_kind": "new_skill" if i < 5 else "other",
                "helped": 7 if i < 5 else None,
            }
        )
    sundays = [day - timedelta(days=1) for day in mondays] + [monday + timedelta(days=6)]
    for i, sunday in enumerate(sundays):
        records.append(
            {
                "local_time": datetime(sunday.year, sunday.month, sunday.day, 19),
                "utc_offset_min": 0,
                "category": "Family",
                "intensity": 2 + i,
                "response": "Snapped",
                "response_kind": "old_pattern",
            }
        )
    con = storage.connect(path)
    rows, problems = storage.validate_rows(con, EntryKind.TRIGGER, records, now=clock.now(UTC))
    assert not problems
    with storage.transaction(con):
        storage.insert_rows(con, EntryKind.TRIGGER, rows)
    con.close()


def test_empty_journal_says_not_enough_data_and_draws_no_chart(app_env):
    app_env()
    at = open_page()
    assert summary(at) == "No triggers logged in the last 30 days."
    assert any("Not enough data yet" in info.value for info in at.info)
    assert chart_specs(at) == []


def test_filled_journal_shows_summary_charts_and_tables(app_env):
    plant_month(app_env())
    at = open_page()
    text = summary(at)
    assert text.startswith("Work triggers came most often in the last 30 days (6 of 10)")
    assert "you met 5 of 10 with a new skill" in text
    specs = chart_specs(at)
    titles = [title(spec) for spec, _ in specs]
    # the chart's title and the summary beside it are the same sentence
    assert titles[0] == "Work triggers came most often in the last 30 days (6 of 10)"
    assert text.startswith(titles[0])
    assert titles[1].startswith("Triggers came most often on Monday mornings")
    assert "\u201cWalk\u201d helped most: 7.0 out of 10 over 5 times" in titles, titles
    # only aggregated points reach the browser: a few weeks x 2 categories, the 28 heatmap cells...
    assert all(rows <= 28 for _, rows in specs)
    changes = at.dataframe[0].value
    assert changes.set_index("category").loc["Work", "triggers"] == 6
    helped = at.dataframe[1].value
    rows = list(
        zip(helped["response"], helped["kind"], helped["helped"], helped["rated"], strict=True)
    )
    assert rows == [
        ("Walk", "A new skill", "7.0 / 10", 5),
        ("Snapped", "An old pattern", "not enough data yet", 0),
        ("Walk", "Something else", "not enough data yet", 0),
    ]


def test_category_filter_changes_what_is_shown(app_env):
    plant_month(app_env())
    at = open_page()
    before = summary(at)
    at.multiselect(key="triggers_categories").set_value(["Family"]).run()
    assert not at.exception
    after = summary(at)
    assert after != before
    assert after.startswith(title(chart_specs(at)[0][0]))
    assert title(chart_specs(at)[0][0]) == (
        "Only 4 triggers in the last 30 days: too few to see a pattern yet (4 of 5 needed)"
    )
    assert set(at.dataframe[0].value["category"]) == {"Family"}


def test_intensity_range_changes_what_is_shown(app_env):
    plant_month(app_env())
    at = open_page()
    intensity = at.select_slider(key="triggers_intensity")
    # As ratings are given: "0" to "10", not "0.00" to "10.00" (issue 23).
    assert [intensity.format_func(v) for v in intensity.value] == ["0", "10"]
    intensity.set_value((7.0, 10.0)).run()
    assert not at.exception
    # 3 triggers: the title says too few, as the summary does, rather than naming a leader
    assert title(chart_specs(at)[0][0]) == (
        "Only 3 triggers in the last 30 days: too few to see a pattern yet (3 of 5 needed)"
    )
    assert summary(at).startswith(title(chart_specs(at)[0][0]))
    at.select_slider(key="triggers_intensity").set_value((9.5, 10.0)).run()
    assert summary(at) == "No triggers in the last 30 days match these filters."
    assert chart_specs(at) == []


def test_sample_journal_shows_the_planted_patterns(app_env, sample_journal_path):
    from sample_data import sample_truth

    truth = sample_truth(SAMPLE_TODAY)["triggers"]
    app_env(sample_journal_path)
    con = storage.connect(sample_journal_path, read_only=True)
    first = storage.entry_stats(con)["first"].dropna().min()
    con.close()
    # "All time" runs from the first entry to today, so its length grows by a day every day.
    span = (clock.today() - pd.Timestamp(first).date()).days + 1
    at = open_page(range_preset=RangePreset.ALL)
    text = summary(at)
    assert text.startswith(f"{truth['top_category']} triggers came most often")
    assert f"({truth['top_category_count']} of {truth['count']})" in text
    assert f"busiest on {truth['peak_weekday']} {truth['peak_time_of_day']}s" in text
    titles = [title(spec) for spec, _ in chart_specs(at)]
    assert (
        titles[0]
        == f"{truth['top_category']} triggers came most often in the last {span} days ({truth['top_category_count']} of {truth['count']})"
    )
    assert "share met with a new skill rose" in titles[3]


def test_a_new_trigger_shows_in_the_summary_and_every_chart_at_the_next_rerun(app_env):
    """Charts are kept per digest of what they draw: a new trigger changes what they draw."""
    path = app_env()
    plant_month(path)
    at = open_page()
    at.run()  # a rerun with nothing new draws the kept charts
    before = chart_specs(at)
    assert title(before[0][0]).startswith("Work triggers came most often")

    con = storage.connect(path)
    when = clock.now() - timedelta(days=3)
    for _ in range(7):
        storage.add_trigger(con, when=when, category="Family", intensity=9, response_kind="other")
    con.close()
    at.run()
    assert not at.exception
    assert summary(at).startswith("Family triggers came most often in the last 30 days (11 of 17)")
    after = chart_specs(at)
    assert title(after[0][0]) == "Family triggers came most often in the last 30 days (11 of 17)"
    # the heatmap, intensity and response-share charts draw the new triggers too (a dataset's
    # name in the spec is a digest of its rows, so new rows make a new spec)
    assert all(new != old for new, old in zip(after[1:4], before[1:4], strict=True))
