"""The reminders calendar: it parses, holds the daily check-in (recurring, with an alarm),
each session with its evening-before reminder and each measure due; re-exports are
byte-identical, and a new session adds only its own event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from analytics import cli, clock, storage
from analytics.export.reminders import DAILY_UID, build_reminders, parse_time


def events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def event_blocks(data: bytes) -> set[bytes]:
    text = data.replace(b"\r\n ", b"")  # unfold long lines
    return {
        b"BEGIN:VEVENT" + block.split(b"END:VEVENT")[0] for block in text.split(b"BEGIN:VEVENT")[1:]
    }


@pytest.fixture
def sessions_journal(tmp_path):
    path = tmp_path / "j.duckdb"
    con = storage.connect(path)
    storage.add_session(con, day=date(2026, 12, 3), note="Talk about *the email*")
    storage.add_session(con, day=date(2026, 11, 19))
    con.close()
    return path


def test_the_calendar_holds_the_daily_check_in_and_each_session_with_its_reminder(
    sessions_journal,
):
    con = storage.connect(sessions_journal, read_only=True)
    sessions = storage.sessions_for_calendar(con)
    con.close()
    data = build_reminders(sessions, time(19, 30), measures_due=[("PHQ-9", date(2026, 12, 1))])
    found = events(data)
    assert len(found) == 4

    daily = found[DAILY_UID]
    assert daily.decoded("dtstart").time() == time(19, 30)
    assert daily["rrule"]["FREQ"] == ["DAILY"]
    (alarm,) = daily.walk("VALARM")
    assert alarm["action"] == "DISPLAY" and alarm.decoded("trigger") == timedelta(0)

    by_day = {e.decoded("dtstart"): e for uid, e in found.items() if uid.startswith("session-")}
    assert sorted(by_day) == [date(2026, 11, 19), date(2026, 12, 3)]
    for entry_id, day, _ in sessions:
        event = found[f"session-{entry_id}@between-sessions.local"]
        assert event.decoded("dtstart") == day and str(event["summary"]) == "Therapy session"
        (alarm,) = event.walk("VALARM")
        # Midnight of the session day, less four hours: 20:00 the evening before.
        assert alarm.decoded("trigger") == timedelta(hours=-4)
        assert "Review your week" in str(alarm["description"])
    assert b"the email" not in data  # the note stays in the journal

    (measure,) = [e for uid, e in found.items() if uid.startswith("measure-")]
    assert str(measure["summary"]) == "Questionnaire due: PHQ-9"
    assert measure.decoded("dtstart") == date(2026, 12, 1)


def test_a_second_export_is_identical_and_a_new_session_adds_only_its_event(
    sessions_journal, tmp_path
):
    out = tmp_path / "reminders.ics"
    db = str(sessions_journal)
    assert cli.main(["reminders", "--db", db, "--out", str(out)]) == 0
    first = out.read_bytes()
    assert cli.main(["reminders", "--db", db, "--out", str(out), "--force"]) == 0
    assert out.read_bytes() == first

    con = storage.connect(sessions_journal)
    storage.add_session(con, day=date(2026, 12, 17))
    con.close()
    new_id = "scheduled-2026-12-17"  # a session's event is named by its date
    assert cli.main(["reminders", "--db", db, "--out", str(out), "--force"]) == 0
    second = out.read_bytes()
    assert event_blocks(first) <= event_blocks(second)
    (added,) = event_blocks(second) - event_blocks(first)
    assert f"session-{new_id}".encode() in added
    assert set(events(first)) | {f"session-{new_id}@between-sessions.local"} == set(events(second))


def test_uids_are_derived_from_the_entries_not_random(sessions_journal):
    con = storage.connect(sessions_journal, read_only=True)
    sessions = storage.sessions_for_calendar(con)
    con.close()
    assert build_reminders(sessions) == build_reminders(list(reversed(sessions)))
    assert set(events(build_reminders(sessions))) == {
        DAILY_UID,
        *(f"session-{entry_id}@between-sessions.local" for entry_id, _, _ in sessions),
    }


def test_the_cli_refuses_a_bad_time_and_an_existing_file(tmp_path, capsys):
    out = tmp_path / "r.ics"
    db = str(tmp_path / "j.duckdb")
    assert cli.main(["reminders", "--db", db, "--out", str(out), "--time", "25:00"]) == 2
    assert not out.exists()
    assert cli.main(["reminders", "--db", db, "--out", str(out), "--time", "7:05"]) == 0
    assert events(out.read_bytes())[DAILY_UID].decoded("dtstart").time() == time(7, 5)
    assert out.stat().st_mode & 0o777 == 0o600
    assert cli.main(["reminders", "--db", db, "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err


def test_the_cli_never_writes_over_the_journal(sessions_journal):
    before = sessions_journal.read_bytes()
    code = cli.main(
        ["reminders", "--db", str(sessions_journal), "--out", str(sessions_journal), "--force"]
    )
    assert code == 1
    assert sessions_journal.read_bytes() == before


@pytest.mark.parametrize("text", ["20:00", "7:05", "23:59", "00:00"])
def test_times_parse(text):
    assert parse_time(text).strftime("%H:%M") == datetime.strptime(text, "%H:%M").strftime("%H:%M")


@pytest.mark.parametrize("text", ["24:00", "8pm", "", "12:60"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError, match="not a time"):
        parse_time(text)


def test_the_cli_adds_when_each_questionnaire_in_use_is_next_due(sessions_journal, capsys):
    today = clock.today()
    con = storage.connect(sessions_journal)
    storage.set_measures_in_use(con, ["phq9", "who5"])
    storage.add_measure_response(con, "phq9", [1] * 9, today - timedelta(days=3))
    storage.add_measure_response(con, "gad7", [1] * 7, today - timedelta(days=30))  # not in use
    con.close()
    out = sessions_journal.parent / "r.ics"
    assert cli.main(["reminders", "--db", str(sessions_journal), "--out", str(out)]) == 0
    due = {
        str(e["summary"]): e.decoded("dtstart")
        for uid, e in events(out.read_bytes()).items()
        if uid.startswith("measure-")
    }
    # PHQ-9 14 days after its last answer; WHO-5, never answered, today; GAD-7 is not in use.
    assert due == {
        "Questionnaire due: PHQ-9": today + timedelta(days=11),
        "Questionnaire due: WHO-5": today,
    }
    assert "PHQ-9 due" in capsys.readouterr().err


def test_a_questionnaire_answered_again_moves_its_event_instead_of_adding_one():
    before = events(build_reminders([], measures_due=[("PHQ-9", date(2026, 12, 1))]))
    after = events(build_reminders([], measures_due=[("PHQ-9", date(2026, 12, 15))]))
    assert set(before) == set(after)
    [uid] = [uid for uid in after if uid.startswith("measure-")]
    assert after[uid].decoded("dtstart") == date(2026, 12, 15)
    assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])
