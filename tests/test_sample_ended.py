"""The sample after therapy has ended: sessions stop, the end is set, a saved plan, follow-ups
30 and 60 days later, the later a reliable deterioration that Home says with the plan's steps."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from analytics import clock, measures, plan, storage
from analytics.cli import main
from analytics.schedule import SCHEDULE_SETTING
from analytics.storage.rows import PLAN_STEPS_SETTING
from sample_data import therapy_ended_on
from sample_data.generate import ENDED_PLAN, FOLLOW_UP_AFTER
from tests.conftest import SAMPLE_DAY_END, SAMPLE_TODAY
from tests.test_pages_home import open_home
from tests.test_plan import pdf_text

STEPS = plan.own_lines(ENDED_PLAN["steps"])


@pytest.fixture(scope="module")
def ended_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("ended") / "ended.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.ENV, SAMPLE_DAY_END)
        assert main(["sample", "--ended", "--db", str(path)]) == 0
    return path


@pytest.fixture
def ended(ended_file, tmp_path, sample_day):
    """A private copy of the ended sample; the clock on its last day."""
    path = tmp_path / "ended.duckdb"
    path.write_bytes(ended_file.read_bytes())
    return path


def test_the_ended_sample_stops_its_sessions_on_the_day_therapy_ended(ended):
    con = storage.connect(ended)
    end = storage.therapy_ended(con)
    assert end == therapy_ended_on(SAMPLE_TODAY)
    assert SAMPLE_TODAY - timedelta(days=70) <= end <= SAMPLE_TODAY - timedelta(days=62)
    sessions = storage.list_entries(con, "sessions", limit=10**6)
    assert max(pd.to_datetime(sessions["day"]).dt.date) == end, "none after, none booked"
    assert max(storage.session_days(con)) == end
    assert storage.get_setting(con, SCHEDULE_SETTING) in (None, "")
    # The person goes on logging their days after the end.
    assert storage.list_entries(con, "check_ins", limit=1)["local_time"].iloc[0].date() == (
        SAMPLE_TODAY
    )


def test_the_ended_sample_has_the_saved_plan_and_two_follow_ups(ended):
    con = storage.connect(ended)
    assert storage.get_setting(con, PLAN_STEPS_SETTING) == ENDED_PLAN["steps"]
    assert plan.own_lines(plan.plan_edits(con).steps) == STEPS
    end = storage.therapy_ended(con)
    responses = storage.measure_responses(con)
    responses["day"] = pd.to_datetime(responses["day"]).dt.date
    after = responses[responses["day"] > end]
    assert sorted(set(after["day"])) == [end + timedelta(days=d) for d in FOLLOW_UP_AFTER]
    assert sorted(after["measure"]) == sorted(["phq9", "gad7", "who5"] * 2)
    at_end = responses[responses["day"] <= end].groupby("measure")["total"].last()
    latest = after.groupby("measure")["total"].last()
    changes = {m: measures.change(m, at_end[m], latest[m]) for m in at_end.index}
    assert changes == {
        "phq9": "reliable deterioration",
        "gad7": "no reliable change",
        "who5": "no reliable change",
    }


def test_the_default_sample_is_still_during_therapy(sample_journal_path):
    con = storage.connect(sample_journal_path)
    assert storage.therapy_ended(con) is None
    assert storage.get_setting(con, SCHEDULE_SETTING)
    assert storage.get_setting(con, PLAN_STEPS_SETTING) in (None, "")


def test_home_on_the_ended_sample_says_the_deterioration_calmly_with_the_plans_steps(
    app_env, ended
):
    app_env(ended)
    at = open_home()
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert "**Since therapy ended**" in shown
    [line] = [t for t in shown if "than at the end of therapy" in t]
    assert line.startswith("Your PHQ-9 is ") and line.endswith(", a reliable change.")
    assert "Your plan's steps:" in shown
    assert [t.value for t in at.text if t.value.startswith("• ")] == [f"• {s}" for s in STEPS]
    assert not at.error and not at.warning
    # No next session to bring things to once therapy has ended.
    assert "To bring to your next session" not in [h.value for h in at.subheader]


def test_between_plan_writes_the_ended_samples_plan(ended, tmp_path):
    out = tmp_path / "plan.pdf"
    args = ["plan", "--db", str(ended), "--out", str(out), "--include-private"]
    assert main(args) == 0
    text = pdf_text(out.read_bytes())
    for heading in ("Warning signs", "What helps", "What to do if the signs come back"):
        assert heading in text
    assert all(step in text for step in STEPS)


def test_the_first_start_offers_the_ended_sample_beside_the_default_one(app_env, monkeypatch):
    from analytics.paths import demo_ended_journal_path, demo_journal_path

    app_env()
    at = open_home()
    kind = at.radio(key="home_sample_kind")
    assert kind.value == "During therapy"  # the default sample stays the first choice
    assert kind.options == ["During therapy", "After therapy has ended"]
    kind.set_value("After therapy has ended").run()
    at.button(key="home_explore").click().run()
    assert not at.exception
    assert demo_ended_journal_path().exists() and not demo_journal_path().exists()
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert "**Since therapy ended**" in shown, "Home on the ended sample"
