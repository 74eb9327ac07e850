"""Goals and their ratings in the export zip: an exact round trip, a merge that keeps one rating
a goal a day, refusals naming the file, row and field, and exports from before schema 7."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest

from analytics import clock, storage
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import KEPT, plan_restore, read_export, restore
from analytics.storage import goal_queries as q
from tests.test_export import snapshot
from tests.test_export_hostile import refusal, rezip, with_cell


def ago(n: int):
    return clock.today() - timedelta(days=n)


@pytest.fixture
def with_goals():
    """A journal with a check-in, a goal reached, a goal changed into another, one let go and
    one still active, with ratings (a goal's words with a comma, quotes and a formula sign)."""
    con = storage.connect()
    storage.add_check_in(con, when=ago(30), wellbeing=5)
    reached = q.add_goal(con, "Sleep before midnight", ago(40))
    changed = q.add_goal(con, '=Be "less" anxious, at work', ago(40))
    q.rate_goals(con, ago(40), {reached: 2, changed: 1})
    q.rate_goals(con, ago(20), {reached: 6, changed: 3})
    q.end_goal(con, reached, "reached", ago(10))
    q.change_goal(con, changed, "Speak up once a week", ago(15))
    let_go = q.add_goal(con, "Run a 10k", ago(12))
    q.rate_goals(con, ago(11), {let_go: 0})
    q.end_goal(con, let_go, "let_go", ago(5))
    yield con
    con.close()


def test_goals_and_ratings_round_trip_exactly_and_twice_adds_nothing(with_goals, journal):
    data = export_journal(with_goals)
    restore(journal, data)
    before, after = snapshot(with_goals), snapshot(journal)
    for table in ("goals", "goal_ratings"):
        assert after[table] == before[table], table
        assert len(after[table]) >= 4
    again = restore(journal, data)
    assert again.adds_nothing
    assert snapshot(journal) == after


def test_a_range_export_keeps_every_goal_and_only_the_ratings_of_the_range(with_goals, journal):
    from analytics.dates import DateRange

    data = export_journal(with_goals, DateRange(ago(25), ago(0)))
    restore(journal, data)
    assert len(q.goals(journal)) == 4
    assert sorted(q.goal_ratings(journal)["day"].dt.date.unique()) == [ago(20), ago(11)]


def test_a_merge_keeps_the_journal_rating_of_a_goal_on_a_day(with_goals, journal):
    data = export_journal(with_goals)
    restore(journal, data)
    goals = q.goals(journal)
    goal_id = goals.loc[goals["status"] == "active", "id"].item()  # "Speak up once a week"
    own = storage.connect()
    restore(own, data)
    q.rate_goals(own, ago(1), {goal_id: 7})
    q.rate_goals(journal, ago(1), {goal_id: 4})
    plan = plan_restore(journal, read_export(export_journal(own)))
    [note] = [c for c in plan.catalog_changes if c.table == "goal_ratings"]
    assert note.action == KEPT and note.name == "1 goal rating"
    restore(journal, export_journal(own))
    assert q.ratings_on(journal, ago(1)) == {goal_id: 4}


def _as_schema_6(data: bytes) -> bytes:
    """The export as one made before goals: no goal files, schema 6."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        document = json.loads(archive.read("journal.json"))
    manifest["schema_version"] = 6
    for table in ("goals", "goal_ratings"):
        manifest["rows"].pop(table)
        manifest["files"].remove(f"{table}.csv")
        document["tables"].pop(table)
    document["manifest"] = manifest
    return rezip(
        data,
        {"manifest.json": json.dumps(manifest), "journal.json": json.dumps(document)},
        drop=("goals.csv", "goal_ratings.csv"),
    )


def test_an_export_from_before_goals_still_restores(with_goals, journal):
    restore(journal, _as_schema_6(export_journal(with_goals)))
    assert len(storage.list_entries(journal, "check_ins")) == 1
    assert q.goals(journal).empty and q.goal_ratings(journal).empty


def test_a_rating_of_no_goal_in_the_file_is_refused_naming_the_row(with_goals, journal):
    data = with_cell(export_journal(with_goals), "goal_ratings", "goal_id", "no-such-goal")
    message = refusal(journal, data)
    assert "goal_ratings.csv, row 2, goal_id" in message, message
    assert q.goals(journal).empty


@pytest.mark.parametrize(
    ("table", "column", "value", "field"),
    [
        ("goal_ratings", "rating", "11", "rating"),
        ("goals", "status", "abandoned", "status"),
        ("goals", "text", "", "text"),
    ],
)
def test_a_goal_row_the_journal_would_refuse_is_refused(
    with_goals, journal, table, column, value, field
):
    message = refusal(journal, with_cell(export_journal(with_goals), table, column, value))
    assert f"{table}.csv, row 2, {field}" in message, message


def test_a_goal_that_takes_over_from_itself_is_refused(with_goals, journal):
    """Found by attack: `replaces` naming the goal itself (or a circle of goals) restored, and
    the page said Goal 1 took over from Goal 1."""
    import csv

    data = export_journal(with_goals)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = next(csv.DictReader(io.StringIO(archive.read("goals.csv").decode())))
    message = refusal(journal, with_cell(data, "goals", "replaces", first["id"]))
    assert "goals.csv, row 2, replaces" in message and "circle" in message, message
    assert q.goals(journal).empty
