"""Sessions as the person lives them: status, what counts as a session that happened, tasks."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from analytics import clock, overview, review, sessions, storage
from analytics.entries import SHORT_TEXT_MAX, InvalidEntry
from analytics.schedule import Schedule
from analytics.storage import patterns_queries, schema
from analytics.storage import session_queries as q


def days_ago(n: int) -> date:
    return clock.today() - timedelta(days=n)


def test_a_session_is_attended_unless_said_and_an_unknown_status_is_refused(journal):
    attended = storage.add_session(journal, day=days_ago(7))
    missed = storage.add_session(journal, day=days_ago(14), status="missed")
    assert storage.get_entry(journal, "sessions", attended)["status"] == "attended"
    assert storage.get_entry(journal, "sessions", missed)["status"] == "missed"
    with pytest.raises(InvalidEntry) as refused:
        storage.add_session(journal, day=days_ago(21), status="skipped")
    assert refused.value.field == "status"


def test_sessions_stored_before_version_8_become_attended_and_keep_one_a_day(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    for migration in schema.MIGRATIONS:
        if migration.version > 6:
            break
        for statement in migration.statements:
            con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (6)")
    con.execute("INSERT INTO sessions (id, day) VALUES ('s1', DATE '2026-01-05')")
    con.close()
    journal = storage.connect(path)
    assert storage.schema_version(journal) == schema.LATEST_VERSION
    assert storage.get_entry(journal, "sessions", "s1")["status"] == "attended"
    with pytest.raises(InvalidEntry):
        storage.add_session(journal, day=date(2026, 1, 5), status="cancelled")


def test_only_attended_sessions_count_as_sessions_that_happened(journal):
    storage.add_session(journal, day=days_ago(3), status="cancelled")
    storage.add_session(journal, day=days_ago(10), status="missed")
    storage.add_session(journal, day=days_ago(17))
    assert storage.session_days(journal) == [days_ago(17)]
    # "since the last session" starts at the last attended one
    choice = review.choose_period(sessions.review_dates(journal, clock.today()), clock.today())
    assert choice.period.start == days_ago(17)
    assert overview.week_overview(journal, clock.today()).last_session == days_ago(17)


def test_the_days_after_a_session_count_attended_sessions_only(journal):
    for n in (5, 12):
        storage.add_session(journal, day=days_ago(n))
    storage.add_session(journal, day=days_ago(19), status="cancelled")
    days = patterns_queries.session_days(journal, days_ago(30), clock.today())
    assert days == [days_ago(12), days_ago(5)]


def test_the_next_session_is_one_answer_on_home_the_review_and_the_calendar(journal):
    today = clock.today()
    q.set_schedule(journal, Schedule(today - timedelta(days=14), 1, today + timedelta(days=70)))
    storage.add_session(journal, day=today - timedelta(days=7))
    storage.add_session(journal, day=today, status="cancelled")
    expected = today + timedelta(days=7)
    assert sessions.next_session(journal, today) == expected
    assert overview.week_overview(journal, today).next_session == expected
    assert (
        review.choose_period(sessions.review_dates(journal, today), today).next_session == expected
    )
    calendar_days = [day for _, day, _ in sessions.calendar_sessions(journal)]
    assert today not in calendar_days and expected in calendar_days
    assert min(d for d in calendar_days if d >= today) == expected


def test_a_logged_session_on_a_scheduled_date_keeps_the_schedules_calendar_id(journal):
    today = clock.today()
    q.set_schedule(journal, Schedule(today, 1, today + timedelta(days=14)))
    before = {day: uid for uid, day, _ in sessions.calendar_sessions(journal)}
    storage.add_session(journal, day=today)
    after = {day: uid for uid, day, _ in sessions.calendar_sessions(journal)}
    assert before == after


def test_a_session_and_its_tasks_land_together_or_not_at_all(journal):
    day = days_ago(2)
    sid = q.add_session_with_tasks(
        journal, {"day": day}, ["Say no once to my manager", " ", "Walk"]
    )
    assert list(q.tasks_of(journal, sid)["text"]) == ["Say no once to my manager", "Walk"]
    with pytest.raises(InvalidEntry):
        q.add_session_with_tasks(journal, {"day": days_ago(9)}, ["x" * 241])
    assert storage.session_days(journal) == [day]
    storage.delete_entry(journal, "sessions", sid)
    assert journal.execute("SELECT count(*) FROM session_tasks").fetchone()[0] == 0


def test_home_shows_the_last_attended_sessions_tasks_and_a_mark_is_stored(journal):
    first = q.add_session_with_tasks(journal, {"day": days_ago(9)}, ["Old task"])
    latest = q.add_session_with_tasks(journal, {"day": days_ago(2)}, ["Say no once"])
    q.add_session_with_tasks(journal, {"day": days_ago(1), "status": "missed"}, [])
    agreed = sessions.current_tasks(journal, clock.today())
    assert agreed.session_id == latest and agreed.session_day == days_ago(2)
    task = agreed.tasks.iloc[0]["id"]
    q.mark_task(journal, task, "partly", "A deadline moved")
    assert q.task_counts(journal, days_ago(2)) == {
        "open": 0,
        "done": 0,
        "partly": 1,
        "not_done": 0,
    }
    with pytest.raises(InvalidEntry):
        q.mark_task(journal, task, "finished")
    assert first != latest


def test_a_task_becomes_a_practice_once_its_name_cut_and_a_clash_numbered(journal):
    sid = q.add_session_with_tasks(
        journal, {"day": days_ago(1)}, ["Holding a boundary", "y" * 200, "Holding a boundary"]
    )
    ids = list(q.tasks_of(journal, sid)["id"])
    first = q.task_to_practice(journal, ids[0])
    assert q.task_to_practice(journal, ids[0]) == first  # a second tap changes nothing
    names = storage.practices(journal).set_index("id")["name"]
    assert names[first] == "Holding a boundary (2)"  # the starter list has this name
    long = q.task_to_practice(journal, ids[1])
    third = q.task_to_practice(journal, ids[2])
    names = storage.practices(journal).set_index("id")["name"]
    assert names[long] == "y" * SHORT_TEXT_MAX
    assert names[third] == "Holding a boundary (3)"
    assert list(q.tasks_of(journal, sid)["practice_id"]) == [first, long, third]


def test_practice_names_from_tasks_fit_the_limit_whatever_the_clash():
    taken = {("z" * SHORT_TEXT_MAX).casefold()}
    name = q.practice_name_for("z" * 300, taken)
    assert len(name) <= SHORT_TEXT_MAX and name.endswith(" (2)")


def test_the_review_and_the_brief_set_tasks_against_done_and_keep_the_words_private(journal):
    import io

    import pypdf

    from analytics.export.brief import BriefChoices
    from analytics.export.session_brief import session_brief_pdf

    today = clock.today()
    for n in range(10):
        storage.add_check_in(journal, when=clock.now() - timedelta(days=n, hours=1), wellbeing=5)
    sid = q.add_session_with_tasks(
        journal,
        {"day": days_ago(6)},
        ["Say no once to my manager", "Walk after lunch", "Call my sister back"],
    )
    ids = list(q.tasks_of(journal, sid)["id"])
    q.mark_task(journal, ids[0], "done")
    q.mark_task(journal, ids[1], "partly", "Rain every day")
    choice = review.choose_period(sessions.review_dates(journal, today), today)
    result = review.session_review(journal, choice, today)
    assert result.tasks.n == 3
    assert sessions.task_sentence(result.tasks) == (
        f"Tasks agreed on {days_ago(6):%a %-d %b}: 3 tasks; 1 done, 1 partly done and "
        "1 not marked yet."
    )
    assert list(sessions.task_table(result.tasks)["Tasks"]) == [1, 1, 0, 1]

    def text(choices):
        pdf = session_brief_pdf(result, choices, made_on=today)
        return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    plain = " ".join(text(BriefChoices()).split())
    assert "Tasks agreed on" in plain and "Say no once" not in plain and "Rain" not in plain
    private = " ".join(text(BriefChoices(include_private_text=True)).split())
    assert "Say no once to my manager: done" in private
    assert "Rain every day" in private


def test_a_review_whose_start_session_was_missed_shows_no_tasks(journal):
    storage.add_check_in(journal, when=clock.now() - timedelta(hours=1), wellbeing=5)
    q.add_session_with_tasks(journal, {"day": days_ago(3), "status": "missed"}, ["A task"])
    today = clock.today()
    choice = review.choose_period(sessions.review_dates(journal, today), today)
    assert choice.start_session is None
    assert review.session_review(journal, choice, today).tasks is None


def test_tasks_statuses_and_the_schedule_round_trip_through_an_export(journal):
    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import restore

    today = clock.today()
    sid = q.add_session_with_tasks(
        journal, {"day": days_ago(4), "note": "n"}, ['Say "no", once, to my manager', "Walk"]
    )
    storage.add_session(journal, day=days_ago(11), status="cancelled")
    ids = list(q.tasks_of(journal, sid)["id"])
    q.mark_task(journal, ids[0], "not_done", "Deadline,\nthen a cold")
    practice = q.task_to_practice(journal, ids[1])
    plan = Schedule(today, 2, today + timedelta(days=60)).with_cancelled(today + timedelta(days=14))
    q.set_schedule(journal, plan)
    data = export_journal(journal)

    copy = storage.connect()
    restore(copy, data)

    def rows(con, table, order):
        return con.execute(
            f"SELECT * EXCLUDE (created_at, updated_at) FROM {table} ORDER BY {order}"
        ).fetchall()

    assert rows(copy, "session_tasks", "position") == rows(journal, "session_tasks", "position")
    assert rows(copy, "sessions", "day") == rows(journal, "sessions", "day")
    assert q.schedule(copy) == plan
    assert q.tasks_of(copy, sid)["practice_id"][1] == practice
    # restoring again adds nothing
    assert restore(copy, data).adds_nothing


def test_an_export_from_before_version_8_restores_its_sessions_as_attended(journal):
    import io
    import json
    import zipfile

    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import restore

    storage.add_session(journal, day=days_ago(4))
    data = export_journal(journal)
    old = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(old, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "session_tasks.csv":
                continue
            if info.filename == "manifest.json":
                manifest = json.loads(content)
                manifest["schema_version"] = 6
                manifest["files"] = [f for f in manifest["files"] if f != "session_tasks.csv"]
                content = json.dumps(manifest).encode()
            if info.filename == "sessions.csv":
                lines = content.decode("utf-8-sig").splitlines()
                header = lines[0].split(",")
                at = header.index("status")
                content = "\n".join(
                    ",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines
                ).encode()
            if info.filename == "journal.json":
                document = json.loads(content)
                document.pop("session_tasks", None)
                for row in document.get("sessions", []):
                    row.pop("status", None)
                content = json.dumps(document).encode()
            target.writestr(info.filename, content)
    copy = storage.connect()
    restore(copy, old.getvalue())
    assert storage.session_days(copy) == [days_ago(4)]


def test_a_session_booked_by_hand_keeps_its_calendar_id_when_a_schedule_covers_it_or_drops_it(
    journal,
):
    """A session booked by hand was named by its entry's id, and by the schedule's id once a
    schedule covered its date: the calendar app then kept both events (found by the walk)."""
    today = clock.today()
    booked = today + timedelta(days=7)
    storage.add_session(journal, day=booked)
    by_hand = {day: uid for uid, day, _ in sessions.calendar_sessions(journal)}
    q.set_schedule(journal, Schedule(today, 1, today + timedelta(days=28)))
    covered = {day: uid for uid, day, _ in sessions.calendar_sessions(journal)}
    q.set_schedule(journal, Schedule(today, 1, today))  # shortened: the booking stays
    shortened = {day: uid for uid, day, _ in sessions.calendar_sessions(journal)}
    assert by_hand[booked] == covered[booked] == shortened[booked]
    assert len(set(covered.values())) == len(covered)  # one event a date
