"""The My plan page, "therapy has ended" (monthly questionnaires, in the app and the .ics) and
Home's calm sentence about a reliable deterioration since the end of therapy."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
from icalendar import Calendar

from analytics import clock, measures, outcomes, storage
from analytics.export.reminders import build_reminders
from tests.apptest import open_page

PAGE = "../views/plan.py"
HOME = "../views/home.py"
PHQ9_AT_END = [1, 1, 1, 1, 0, 0, 0, 0, 0]  # 4
PHQ9_LATER = [2, 2, 1, 1, 1, 1, 1, 1, 0]  # 10: 6 points higher, a reliable deterioration


def texts(at) -> list[str]:
    return [e.value.replace("\\", "") for e in [*at.markdown, *at.caption, *at.info, *at.text]]


def ended_journal(path, later=PHQ9_LATER):
    """Check-ins every day for 40 days, PHQ-9 at the end of therapy (day -30) and since."""
    con = storage.connect(path)
    today = clock.today()
    for back in range(40):
        storage.add_check_in(con, when=clock.now() - timedelta(days=back, minutes=1), wellbeing=6)
    storage.add_session(con, day=today - timedelta(days=30))
    storage.set_measures_in_use(con, ["phq9"])
    storage.add_measure_response(
        con, day=today - timedelta(days=31), measure="phq9", answers=PHQ9_AT_END
    )
    storage.add_measure_response(con, day=today - timedelta(days=2), measure="phq9", answers=later)
    storage.set_therapy_ended(con, today - timedelta(days=30))
    return con


def test_the_page_shows_the_draft_saves_own_words_and_keeps_them_out_of_the_pdf(
    app_env, tmp_path, deferred
):
    path = app_env(tmp_path / "plan.duckdb")
    ended_journal(path).close()
    at = open_page(PAGE)
    shown = texts(at)
    assert [t.value for t in at.title] == ["My plan for after therapy"]
    assert [s.value for s in at.subheader][:3] == [
        "Warning signs",
        "What helps",
        "What to do if the signs come back",
    ]
    assert any("No setback is in your journal yet" in t for t in shown)
    assert any("116 123" in t for t in shown)

    at.text_area(key="plan_steps").input("Call my friend Noor\nWalk by the river")
    at.button(key="FormSubmitter:plan_edits-Save my plan").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert storage.get_setting(con, "plan_steps") == "Call my friend Noor\nWalk by the river"
    con.close()

    def pdf() -> str:
        data = deferred["my-plan-for-after-therapy.pdf"]()
        return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)

    text = " ".join(pdf().split())
    assert "Warning signs" in text and "What helps" in text
    assert "Noor" not in text
    at.checkbox(key="plan_private").check().run()
    assert "Call my friend Noor" in " ".join(pdf().split())


def test_the_page_sets_and_takes_back_the_end_of_therapy(app_env, tmp_path):
    path = app_env(tmp_path / "plan.duckdb")
    con = storage.connect(path)
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=5), wellbeing=5)
    con.close()
    at = open_page(PAGE)
    at.date_input(key="plan_end_day").set_value(clock.today() - timedelta(days=3))
    at.button(key="FormSubmitter:plan_ended-Therapy has ended").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert storage.therapy_ended(con) == clock.today() - timedelta(days=3)
    con.close()
    assert any("Questionnaires are due monthly now" in t for t in texts(at))
    at.button(key="FormSubmitter:plan_ended-Therapy goes on").click().run()
    con = storage.connect(path)
    assert storage.therapy_ended(con) is None
    con.close()


def test_after_therapy_questionnaires_are_due_monthly_and_the_calendar_repeats_them(journal):
    today = clock.today()
    storage.set_measures_in_use(journal, ["phq9"])
    storage.add_measure_response(
        journal, day=today - timedelta(days=20), measure="phq9", answers=PHQ9_AT_END
    )
    assert outcomes.due_sentences(journal, today) == ["PHQ-9 is due: last answered 20 days ago."]
    assert outcomes.reminder_every(journal, today) is None
    storage.set_therapy_ended(journal, today - timedelta(days=21))
    assert outcomes.due_sentences(journal, today) == [], "monthly now: due in 10 days"
    assert outcomes.due_days(journal, today) == [("PHQ-9", today + timedelta(days=10))]
    assert outcomes.due_sentences(journal, today + timedelta(days=10)) == [
        "PHQ-9 is due: last answered 30 days ago."
    ]
    every = outcomes.reminder_every(journal, today)
    assert every == measures.FOLLOW_UP_DAYS
    ics = Calendar.from_ical(
        build_reminders([], measures_due=outcomes.due_days(journal, today), measures_every=every)
    )
    [event] = [e for e in ics.walk("VEVENT") if "Questionnaire" in str(e["summary"])]
    assert event["rrule"]["FREQ"] == ["DAILY"] and event["rrule"]["INTERVAL"] == [30]
    # The end is a day lived (a future one is refused), and before it nothing changes.
    assert measures.due_every(today, today - timedelta(days=1)) == measures.DUE_AFTER_DAYS
    storage.set_therapy_ended(journal, None)
    assert outcomes.reminder_every(journal, today) is None


def test_home_says_a_reliable_deterioration_since_the_end_calmly_with_the_plans_steps(
    app_env, tmp_path
):
    path = app_env(tmp_path / "home.duckdb")
    con = ended_journal(path)
    storage.set_setting(con, "plan_steps", "Call my friend Noor")
    con.close()
    at = open_page(HOME)
    shown = texts(at)
    latest = clock.today() - timedelta(days=2)
    at_end = clock.today() - timedelta(days=31)
    assert (
        f"Your PHQ-9 is 6 points higher than at the end of therapy (10 on {latest:%-d %b %Y}; "
        f"4 on {at_end:%-d %b %Y}), a reliable change." in shown
    )
    assert "• Call my friend Noor" in shown
    assert not at.error and not at.warning


def test_home_says_nothing_for_a_change_below_the_reliable_one(app_env, tmp_path):
    path = app_env(tmp_path / "home.duckdb")
    ended_journal(path, later=[1, 1, 1, 1, 1, 1, 1, 1, 0]).close()  # 8: 4 points
    at = open_page(HOME)
    assert not any("end of therapy" in t for t in texts(at))


def test_the_last_session_day_is_filled_in_from_the_last_attended_session(app_env, tmp_path):
    """Found on walking the sample: "The day of your last session" was filled in with today.
    It is the last session that took place: attended, on or before today; neither a booked one
    (stored as attended, after today) nor a cancelled one counts."""
    path = app_env(tmp_path / "plan.duckdb")
    con = storage.connect(path)
    today = clock.today()
    storage.add_session(con, day=today - timedelta(days=9))
    storage.add_session(con, day=today - timedelta(days=2), status="cancelled")
    storage.add_session(con, day=today + timedelta(days=5))  # booked ahead
    con.close()
    at = open_page(PAGE)
    assert at.date_input(key="plan_end_day").value == today - timedelta(days=9)


def test_the_last_session_day_is_today_when_no_session_took_place_or_one_took_place_today(
    app_env, tmp_path
):
    path = app_env(tmp_path / "none.duckdb")
    con = storage.connect(path)
    storage.add_session(con, day=clock.today() + timedelta(days=5))  # booked ahead only
    con.close()
    assert open_page(PAGE).date_input(key="plan_end_day").value == clock.today()
    path = app_env(tmp_path / "today.duckdb")
    con = storage.connect(path)
    storage.add_session(con, day=clock.today() - timedelta(days=7))
    storage.add_session(con, day=clock.today())  # the edge: today's session took place
    con.close()
    assert open_page(PAGE).date_input(key="plan_end_day").value == clock.today()
