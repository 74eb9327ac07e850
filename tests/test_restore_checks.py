"""What a restore checks across rows and tables of one file, beyond each row's own validator
(found by attack, left open): a goal rating dated before its goal was set, more active goals
than the app allows, a task of no session of the file, a rating of no goal of the file. Each
is refused naming the file, row and field; the journal is untouched; the preview says so."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest

from analytics import clock, storage
from analytics.export.checks import check_tables
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import plan_refusal, plan_restore, read_export, restore
from analytics.storage import goal_queries as q
from analytics.storage import session_queries
from tests.apptest import open_page
from tests.test_export_hostile import refusal, rezip


def ago(n: int):
    return clock.today() - timedelta(days=n)


def rows_of(data: bytes, table: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode())))


def with_rows(data: bytes, table: str, rows: list[dict[str, str]]) -> bytes:
    """The export with `table`'s CSV file holding `rows`, exactly as typed."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return rezip(data, {f"{table}.csv": out.getvalue()})


@pytest.fixture
def source():
    """Two goals set 20 days ago, one reached, each rated; a session with two tasks."""
    con = storage.connect()
    storage.add_check_in(con, when=ago(3), wellbeing=5)
    first = q.add_goal(con, "Sleep before midnight", ago(20))
    second = q.add_goal(con, "Speak up once a week", ago(20))
    q.rate_goals(con, ago(19), {first: 2, second: 1})
    q.end_goal(con, first, "reached", ago(10))
    session = {"day": ago(7), "status": "attended"}
    session_queries.add_session_with_tasks(con, session, ["Walk twice", "Write it down"])
    yield con
    con.close()


def test_a_rating_dated_before_its_goal_was_set_is_refused(source, journal):
    data = export_journal(source)
    ratings = rows_of(data, "goal_ratings")
    ratings[0]["day"] = ago(25).isoformat()
    message = refusal(journal, with_rows(data, "goal_ratings", ratings))
    assert "goal_ratings.csv, row 2, day" in message, message
    assert f"{ago(25):%Y-%m-%d} is before the goal was set ({ago(20):%Y-%m-%d})" in message
    # The day the goal was set is a day it can be rated.
    ratings[0]["day"] = ago(20).isoformat()
    restore(journal, with_rows(data, "goal_ratings", ratings))
    assert len(q.goal_ratings(journal)) == 2


def test_more_active_goals_than_the_app_allows_are_refused_from_one_file(source, journal):
    """Five active goals in the file: the fourth and the fifth are each named."""
    data = export_journal(source)
    goals = rows_of(data, "goals")
    for row in goals:  # the reached one active again, and two more
        row["status"], row["status_day"] = "active", ""
    extra = [
        {**goals[1], "id": f"extra-{n}", "text": f"Goal {n}", "replaces": ""} for n in (3, 4, 5)
    ]
    message = refusal(journal, with_rows(data, "goals", goals + extra))
    assert "goals.csv, row 5, status: is active goal 4 of this file" in message, message
    assert "goals.csv, row 6, status: is active goal 5 of this file" in message, message
    assert "at most 3 goals are active at once" in message
    assert "row 4" not in message  # the third active goal is allowed
    assert q.goals(journal).empty


def test_three_active_goals_in_a_file_restore(source, journal):
    data = export_journal(source)
    goals = rows_of(data, "goals")
    for row in goals:
        row["status"], row["status_day"] = "active", ""
    extra = {**goals[1], "id": "extra", "text": "Goal 3", "replaces": ""}
    restore(journal, with_rows(data, "goals", [*goals, extra]))
    assert list(q.goals(journal)["status"]) == ["active"] * 3


def test_a_task_of_no_session_in_the_file_is_refused(source, journal):
    data = export_journal(source)
    tasks = rows_of(data, "session_tasks")
    tasks[1]["session_id"] = "no-such-session"
    message = refusal(journal, with_rows(data, "session_tasks", tasks))
    assert "session_tasks.csv, row 3, session_id" in message, message
    assert "'no-such-session' is no session of this export" in message


def test_a_rating_of_a_goal_not_in_the_file_is_refused_even_when_the_journal_has_it(
    source, journal
):
    """The file must hold the goal of each of its ratings (an export holds every goal)."""
    data = export_journal(source)
    restore(journal, data)
    goals, ratings = rows_of(data, "goals"), rows_of(data, "goal_ratings")
    rated = ratings[0]["goal_id"]
    kept = [row for row in goals if row["id"] != rated]
    message = refusal(journal, with_rows(data, "goals", kept))
    assert "goal_ratings.csv, row" in message and "goal_id" in message, message
    assert "is not a goal in goals.csv" in message


def test_every_checked_table_names_an_id_twice_even_after_a_refused_row(source):
    """One row checker for entries, tasks, goals and ratings: a second row with an id is named
    even when the first row with it was refused for something else."""
    now = clock.now()
    twice = [(1, {"id": "same", "text": ""}), (2, {"id": "same", "text": "x"})]
    _, problems = check_tables({"session_tasks": twice, "goals": twice, "goal_ratings": twice}, now)
    named = {(p.file, p.row, p.field) for p in problems}
    for table in ("session_tasks", "goals", "goal_ratings"):
        assert (f"{table}.csv", 2, "id") in named, (table, named)


def test_the_restore_preview_shows_the_refusal_by_file_row_and_field(source, app_env, journal_path):
    app_env(journal_path)
    data = export_journal(source)
    ratings = rows_of(data, "goal_ratings")
    ratings[0]["day"] = ago(25).isoformat()
    at = open_page("../views/export_data.py")
    at.file_uploader(key="restore_upload").upload(
        "journal.zip", with_rows(data, "goal_ratings", ratings), "application/zip"
    ).run()
    assert not at.exception, at.exception
    assert "not changed" in at.error[0].value
    problems = at.dataframe[-1].value
    assert list(zip(problems["File"], problems["Row"], problems["Field"], strict=True)) == [
        ("goal_ratings.csv", 2, "day")
    ]
    assert [b for b in at.button if b.key == "restore_go"] == []


def test_a_merge_that_would_make_four_active_goals_is_refused_before_the_button(
    source, app_env, journal_path
):
    """The file's one active goal plus the journal's three: the preview says what to do, the
    restore refuses, and nothing is written. Restoring the same goals again adds none."""
    app_env(journal_path)
    con = storage.connect(journal_path)
    storage.add_check_in(con, when=ago(2), wellbeing=6)
    for n in (1, 2, 3):
        q.add_goal(con, f"Mine {n}", ago(5))
    data = export_journal(source)
    message = refusal(con, data)
    assert "Goals, status: 1 active goal in the file and 3 active goals in your journal" in (
        message
    ), message
    assert "at most 3 goals are active at once" in message
    con.close()

    at = open_page("../views/export_data.py")
    at.file_uploader(key="restore_upload").upload("journal.zip", data, "application/zip").run()
    assert not at.exception, at.exception
    assert "not changed" in at.error[0].value
    assert list(at.dataframe[-1].value["Field"]) == ["status"]
    assert [b for b in at.button if b.key == "restore_go"] == []

    own = storage.connect()
    restore(own, data)  # one active goal of the file's, then two of the person's
    q.add_goal(own, "Mine 1", ago(5))
    q.add_goal(own, "Mine 2", ago(5))
    # The file's active goal is there already: it is not counted again.
    assert plan_refusal(own, plan_restore(own, read_export(data))) is None


def test_a_source_too_long_is_refused_by_row_not_raised(source, journal):
    """The row checker stamps provenance inside its check: a `source` past its limit was an
    `InvalidEntry` escaping the restore (no file, no row) instead of a refusal."""
    data = export_journal(source)
    check_ins = rows_of(data, "check_ins")
    check_ins[0]["source"] = "x" * 500
    message = refusal(journal, with_rows(data, "check_ins", check_ins))
    assert "check_ins.csv, row 2, source: is 500 characters long" in message, message


def test_between_restore_dry_run_says_what_the_restore_would_refuse(source, tmp_path, capsys):
    from analytics.cli import main

    db = tmp_path / "mine.duckdb"
    con = storage.connect(db)
    for n in (1, 2, 3):
        q.add_goal(con, f"Mine {n}", ago(5))
    con.close()
    (tmp_path / "j.zip").write_bytes(export_journal(source))
    assert main(["restore", "--db", str(db), "--dry-run", str(tmp_path / "j.zip")]) == 2
    assert "1 active goal in the file and 3 active goals in your journal" in (
        capsys.readouterr().err
    )
