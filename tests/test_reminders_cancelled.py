"""Cancelled session dates in the calendar file (issue 22), read back with `icalendar`: each is
its own VEVENT under the UID its booked event had, STATUS:CANCELLED with a higher SEQUENCE and
no alarm (RFC 5545 sections 3.8.1.11, 3.8.4.7, 3.8.7.4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest.mock import ANY

from icalendar import Calendar

from analytics import cli, clock, sessions, storage
from analytics.export.reminders import build_reminders
from analytics.schedule import Schedule

START = date(2026, 10, 5)  # a Monday
UID = "session-{}@between-sessions.local"


def events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def scheduled(day: date) -> str:
    return UID.format(f"scheduled-{day:%Y-%m-%d}")


def _file(con: storage.Connection) -> bytes:
    return build_reminders(
        sessions.calendar_sessions(con), cancelled=sessions.calendar_cancelled(con)
    )


def _stamp(con: storage.Connection, table: str, moment: datetime, where: str = "true") -> None:
    """Set when rows were last changed (the tests cannot wait a second between two saves)."""
    con.execute(f"UPDATE {table} SET updated_at = ? WHERE {where}", [moment])


def test_a_date_cancelled_in_the_schedule_is_marked_cancelled_under_its_uid():
    con = storage.connect()
    plan = Schedule(START, 1, START + timedelta(weeks=3))
    sessions.set_schedule(con, plan)
    _stamp(con, "settings", datetime(2026, 10, 1, 9))
    before = events(_file(con))
    off = START + timedelta(weeks=1)
    booked = before[scheduled(off)]
    assert "STATUS" not in booked and booked.walk("VALARM")

    sessions.set_schedule(con, plan.with_cancelled(off))
    _stamp(con, "settings", datetime(2026, 10, 3, 18))
    after = events(_file(con))
    assert set(after) == set(before)  # nothing added, nothing left out
    cancelled = after[scheduled(off)]
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled.decoded("dtstart") == off
    assert str(cancelled["summary"]) == "Therapy session (cancelled)"
    assert int(cancelled["sequence"]) > int(booked["sequence"])
    assert not cancelled.walk("VALARM")  # no reminder for a session that will not be
    for day in (START, START + timedelta(weeks=2), START + timedelta(weeks=3)):
        assert "STATUS" not in after[scheduled(day)]

    # Booked again: the date's event takes place again, and outranks the cancellation.
    sessions.set_schedule(con, plan)
    _stamp(con, "settings", datetime(2026, 10, 4, 8))
    again = events(_file(con))[scheduled(off)]
    assert "STATUS" not in again and int(again["sequence"]) > int(cancelled["sequence"])


def test_a_date_moved_away_is_cancelled_and_the_new_date_is_booked():
    con = storage.connect()
    plan = Schedule(START, 1, START + timedelta(weeks=2))
    moved_from, moved_to = START + timedelta(weeks=1), START + timedelta(weeks=1, days=2)
    sessions.set_schedule(con, plan.with_moved(moved_from, moved_to))
    found = events(_file(con))
    old = found[scheduled(moved_from)]
    assert str(old["status"]) == "CANCELLED"
    assert str(old["summary"]) == "Therapy session (moved to Wed 14 Oct)"
    new = found[scheduled(moved_to)]
    assert "STATUS" not in new and new.decoded("dtstart") == moved_to


def test_a_session_logged_as_cancelled_keeps_its_uid_and_a_missed_one_is_left_out():
    con = storage.connect()
    kept = date(2026, 11, 2)
    storage.add_session(con, day=kept)
    called_off = storage.add_session(con, day=date(2026, 11, 9))
    storage.add_session(con, day=date(2026, 11, 16), status="missed")
    _stamp(con, "sessions", datetime(2026, 11, 1, 12))
    booked = events(_file(con))[scheduled(date(2026, 11, 9))]
    storage.update_entry(con, "sessions", called_off, status="cancelled")
    _stamp(con, "sessions", datetime(2026, 11, 5, 12), f"id = '{called_off}'")
    found = events(_file(con))
    assert set(found) == {
        "daily-check-in@between-sessions.local",
        scheduled(kept),
        scheduled(date(2026, 11, 9)),
    }
    cancelled = found[scheduled(date(2026, 11, 9))]
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(booked["sequence"])
    assert cancelled.decoded("dtstamp") == datetime(2026, 11, 5, 12, tzinfo=UTC)
    assert "STATUS" not in found[scheduled(kept)]


def test_a_cancelled_session_on_a_scheduled_date_uses_the_schedules_uid_once():
    con = storage.connect()
    sessions.set_schedule(con, Schedule(START, 1, START + timedelta(weeks=1)))
    storage.add_session(con, day=START, status="cancelled")
    found = events(_file(con))
    assert str(found[scheduled(START)]["status"]) == "CANCELLED"
    assert "STATUS" not in found[scheduled(START + timedelta(weeks=1))]
    assert len(found) == 3  # the daily reminder and the two dates, each once


def test_a_date_cancelled_in_the_schedule_but_held_after_all_is_not_cancelled():
    con = storage.connect()
    plan = Schedule(START, 1, START + timedelta(weeks=1))
    sessions.set_schedule(con, plan.with_cancelled(START))
    storage.add_session(con, day=START)  # it took place after all
    assert sessions.calendar_cancelled(con) == []
    assert "STATUS" not in events(_file(con))[scheduled(START)]


def test_the_cli_writes_the_cancelled_dates_and_says_how_many(tmp_path, capsys):
    path = tmp_path / "j.duckdb"
    con = storage.connect(path)
    sessions.set_schedule(con, Schedule(START, 1, START + timedelta(weeks=2)).with_cancelled(START))
    con.close()
    out = tmp_path / "r.ics"
    assert cli.main(["reminders", "--db", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr().err
    assert "2 therapy sessions, each with a reminder the evening before" in said
    assert ", 1 session date marked cancelled." in said
    found = events(out.read_bytes())
    assert str(found[scheduled(START)]["status"]) == "CANCELLED"


def test_the_cli_says_one_session_without_each(tmp_path, capsys):
    """Found by the new-user walk: "1 therapy session, each with a reminder the evening before"."""
    path = tmp_path / "j.duckdb"
    con = storage.connect(path)
    storage.add_session(con, day=clock.today() + timedelta(days=3))
    con.close()
    assert cli.main(["reminders", "--db", str(path), "--out", str(tmp_path / "r.ics")]) == 0
    said = capsys.readouterr().err
    assert "1 therapy session, with a reminder the evening before" in said
    assert "each" not in said


def test_dates_a_shortened_or_removed_schedule_drops_are_marked_cancelled():
    """A date the schedule no longer held was left out of the next file, so a calendar that had
    imported it kept the session (found by the walk)."""
    con = storage.connect()
    plan = Schedule(START, 1, START + timedelta(weeks=3))
    sessions.set_schedule(con, plan.with_cancelled(START + timedelta(weeks=1)))
    before = events(_file(con))
    sessions.set_schedule(con, Schedule(START, 1, START + timedelta(weeks=1)))  # shortened
    shortened = events(_file(con))
    assert set(shortened) == set(before)  # nothing left out, nothing added
    for week in (2, 3):
        dropped = shortened[scheduled(START + timedelta(weeks=week))]
        assert str(dropped["status"]) == "CANCELLED" and not dropped.walk("VALARM")
        assert int(dropped["sequence"]) > int(
            before[scheduled(START + timedelta(weeks=week))]["sequence"]
        )
    assert "STATUS" not in shortened[scheduled(START)]

    sessions.set_schedule(con, None)  # removed: every date it held is cancelled
    removed = events(_file(con))
    assert set(removed) == set(before)
    assert all(
        str(removed[scheduled(START + timedelta(weeks=w))]["status"]) == "CANCELLED"
        for w in range(4)
    )

    sessions.set_schedule(con, plan)  # put back: its dates are booked again
    again = events(_file(con))
    assert all("STATUS" not in again[scheduled(START + timedelta(weeks=w))] for w in range(4))


def test_a_booked_session_deleted_or_moved_is_marked_cancelled_on_its_old_date():
    con = storage.connect()
    gone = storage.add_session(con, day=START)
    moving = storage.add_session(con, day=START + timedelta(weeks=1))
    storage.add_session(con, day=START + timedelta(weeks=2), status="missed")
    before = events(_file(con))
    storage.delete_entry(con, "sessions", gone)
    storage.update_entry(con, "sessions", moving, day=START + timedelta(days=9))
    after = events(_file(con))
    assert str(after[scheduled(START)]["status"]) == "CANCELLED"
    assert str(after[scheduled(START + timedelta(weeks=1))]["status"]) == "CANCELLED"
    assert "STATUS" not in after[scheduled(START + timedelta(days=9))]
    assert set(after) == set(before) | {scheduled(START + timedelta(days=9))}
    # A missed session stays left out, and a session logged again on a withdrawn date is booked.
    assert scheduled(START + timedelta(weeks=2)) not in after
    storage.add_session(con, day=START)
    assert "STATUS" not in events(_file(con))[scheduled(START)]


def test_the_withdrawn_dates_travel_with_the_export_and_the_restore_names_them():
    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import restore

    con = storage.connect()
    storage.delete_entry(con, "sessions", storage.add_session(con, day=START))
    restored = storage.connect()
    plan = restore(restored, export_journal(con))
    assert sessions.calendar_cancelled(restored) == [
        (scheduled(START).split("@")[0].removeprefix("session-"), START, ANY, None)
    ]
    assert any(
        n.name == "calendar: dates no longer booked" and "1 date" in n.detail
        for n in plan.catalog_changes
    )
