"""A restore keeps the person's own lists: practices and trigger categories are merged, never
swapped; every practice or category added, changed, renamed or removed is in the plan."""

from __future__ import annotations

from datetime import datetime

import pytest

from analytics import storage
from analytics.cli import main as between
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    plan_restore,
    read_export,
    restore,
)

ENTRY_TABLES = ("check_ins", "triggers", "practice_log", "reflections", "sessions")
TABLES = (*ENTRY_TABLES, "practices", "trigger_categories")


def snapshot(con: storage.Connection, tables=TABLES) -> dict[str, list[tuple]]:
    return {
        table: con.execute(
            f"SELECT * FROM {table} ORDER BY {'name' if table == 'trigger_categories' else 'id'}"
        ).fetchall()
        for table in tables
    }


def practice(con: storage.Connection, name: str) -> tuple | None:
    return con.execute(
        "SELECT id, name, description, weekly_target, active FROM practices WHERE name = ?", [name]
    ).fetchone()


@pytest.fixture
def source():
    """An exported journal: a practice "Walk" done five times a week, a starter practice renamed
    (so the file lacks its starter name), a category of its own and one retired."""
    con = storage.connect()
    storage.add_practice(con, "Walk", "Around the block", 5)
    breathing = con.execute(
        "SELECT id FROM practices WHERE name = 'Breathing or grounding'"
    ).fetchone()[0]
    storage.update_practice(con, breathing, name="Box breathing")
    storage.add_check_in(con, when=datetime(2026, 1, 5, 8, 0), wellbeing=5, note="a")
    storage.log_practice(con, when=datetime(2026, 1, 5, 9, 0), practice="Walk")
    storage.log_practice(con, when=datetime(2026, 1, 6, 9, 0), practice="Box breathing")
    storage.add_trigger_category(con, "Neighbours, noise")
    storage.add_trigger(
        con,
        when=datetime(2026, 1, 6, 18, 0),
        category="Neighbours, noise",
        what_happened="drilling",
        intensity=6,
        response="",
        response_kind="other",
        helped=None,
    )
    storage.set_trigger_category_active(con, "Money", False)
    yield con
    con.close()


@pytest.fixture
def exported(source) -> bytes:
    return export_journal(source)


def test_a_journal_with_no_entries_keeps_its_own_practices_and_categories(
    source, exported, journal
):
    mine = storage.add_practice(journal, "Call my sister on Sundays", "Even ten minutes", 1)
    storage.add_trigger_category(journal, "Landlord")
    own = practice(journal, "Call my sister on Sundays")

    plan = restore(journal, exported)

    assert practice(journal, "Call my sister on Sundays") == own
    assert mine == own[0]
    assert journal.execute(
        "SELECT count(*) FROM trigger_categories WHERE name = 'Landlord'"
    ).fetchone() == (1,)
    # The entries come back exactly, and every practice of the file is there.
    assert snapshot(journal, ENTRY_TABLES) == snapshot(source, ENTRY_TABLES)
    assert {row[1] for row in source.execute("SELECT * FROM practices").fetchall()} <= {
        row[1] for row in journal.execute("SELECT * FROM practices").fetchall()
    }
    removed = {c.name for c in plan.catalog_changes if c.action == REMOVED}
    assert "Call my sister on Sundays" not in removed and "Landlord" not in removed


def test_a_fresh_journal_restores_exactly_and_says_which_starter_items_changed(
    source, exported, journal
):
    plan = restore(journal, exported)

    assert snapshot(journal) == snapshot(source)
    said = {(c.name, c.action) for c in plan.catalog_changes}
    # The unused starter the file lacks (renamed there) is removed, saying so.
    assert ("Breathing or grounding", REMOVED) in said
    assert ("Box breathing", ADDED) in said and ("Walk", ADDED) in said
    assert ("Money", CHANGED) in said and ("Neighbours, noise", ADDED) in said
    assert [c for c in plan.catalog_changes if c.action == REMOVED] == [
        c for c in plan.catalog_changes if c.name == "Breathing or grounding"
    ]


@pytest.mark.parametrize("with_entries", [False, True])
def test_a_name_clash_with_other_settings_leaves_the_person_practice_as_it_is(
    with_entries, source, exported, journal
):
    storage.add_practice(journal, "Walk", "My own walk", 2)
    if with_entries:
        storage.add_check_in(journal, when=datetime(2026, 2, 1, 8, 0), wellbeing=4, note="mine")
    mine = practice(journal, "Walk")

    plan = restore(journal, exported)

    assert practice(journal, "Walk") == mine
    restored = practice(journal, "Walk (restored)")
    assert restored is not None and restored[2:4] == ("Around the block", 5)
    walk_days = journal.execute(
        "SELECT count(*) FROM practice_log WHERE practice_id = ?", [restored[0]]
    ).fetchone()[0]
    assert walk_days == 1
    assert journal.execute(
        "SELECT count(*) FROM practice_log WHERE practice_id = ?", [mine[0]]
    ).fetchone() == (0,)
    renamed = [c for c in plan.catalog_changes if c.action == RENAMED]
    assert [c.name for c in renamed] == ["Walk"]
    assert "Walk (restored)" in renamed[0].detail and "5" in renamed[0].detail


def test_a_practice_matched_by_name_with_the_same_settings_takes_the_done_days(
    source, exported, journal
):
    storage.add_practice(journal, "Walk", "Around the block", 5)
    storage.add_check_in(journal, when=datetime(2026, 2, 1, 8, 0), wellbeing=4)
    mine = practice(journal, "Walk")

    plan = restore(journal, exported)

    assert practice(journal, "Walk") == mine
    assert practice(journal, "Walk (restored)") is None
    assert journal.execute(
        "SELECT count(*) FROM practice_log WHERE practice_id = ?", [mine[0]]
    ).fetchone() == (1,)
    assert not [c for c in plan.catalog_changes if c.name == "Walk"]


def test_restoring_the_same_zip_twice_adds_and_changes_nothing(exported, journal):
    storage.add_practice(journal, "Walk", "My own walk", 2)
    storage.add_trigger_category(journal, "Landlord")
    restore(journal, exported)
    once = snapshot(journal)

    plan = plan_restore(journal, read_export(exported, target=journal))
    again = restore(journal, exported)

    assert plan.adds_nothing and again.adds_nothing
    assert not [c for c in again.catalog_changes if c.action != "kept yours"]
    assert snapshot(journal) == once


def test_between_restore_lists_what_it_did_to_the_lists(exported, tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    con = storage.connect(db)
    storage.add_practice(con, "Walk", "My own walk", 2)
    con.close()
    (tmp_path / "e.zip").write_bytes(exported)

    assert between(["restore", "--db", str(db), "--dry-run", str(tmp_path / "e.zip")]) == 0
    out = capsys.readouterr().out
    assert "'Walk': renamed" in out and "Walk (restored)" in out
    assert "'Breathing or grounding': removed" in out
    assert "'Money': changed" in out
