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


# --- ids and names that collide (the attack on restore) -----------------------------------


def breathing_id(con: storage.Connection) -> str:
    return con.execute("SELECT id FROM practices WHERE name = 'Breathing or grounding'").fetchone()[
        0
    ]


def with_an_entry(con: storage.Connection) -> storage.Connection:
    """A journal that already holds an entry, so a restore merges (no starter takes the file's row)."""
    storage.add_check_in(con, when=datetime(2026, 2, 1, 8, 0), wellbeing=4, note="mine")
    return con


@pytest.mark.parametrize("target", [None, 3])
def test_an_id_match_under_another_name_is_merged_and_the_summary_names_both(target, journal):
    """The file's "Meditation" has the id of the person's "Breathing or grounding": it is the
    same practice under another name. Its done days join it, and the summary names both."""
    with_an_entry(journal)
    source = storage.connect()
    source.execute(
        "UPDATE practices SET id = ? WHERE name = 'Breathing or grounding'", [breathing_id(journal)]
    )
    changes = {"name": "Meditation"} | ({"weekly_target": target} if target else {})
    storage.update_practice(source, breathing_id(source), **changes)
    storage.log_practice(source, when=datetime(2026, 1, 5, 9, 0), practice="Meditation")
    storage.log_practice(source, when=datetime(2026, 1, 6, 9, 0), practice="Meditation")
    mine = practice(journal, "Breathing or grounding")

    plan = restore(journal, export_journal(source))

    assert practice(journal, "Breathing or grounding") == mine
    assert practice(journal, "Meditation") is None
    assert journal.execute(
        "SELECT count(*) FROM practice_log WHERE practice_id = ?", [mine[0]]
    ).fetchone() == (2,)
    lines = [line for line in plan.catalog_lines() if "Meditation" in line]
    assert len(lines) == 1, plan.catalog_lines()
    assert "Breathing or grounding" in lines[0] and "same id" in lines[0], lines
    assert "2 done days" in lines[0], lines


def test_a_renamed_practice_takes_a_name_free_in_the_journal_and_in_the_file(journal):
    """The person has "Breathing or grounding"; the file has it with another target and also
    "Breathing or grounding (restored)": the clash goes to "(restored 2)", nothing breaks."""
    with_an_entry(journal)
    mine = practice(journal, "Breathing or grounding")
    source = storage.connect()
    storage.update_practice(source, breathing_id(source), weekly_target=2)
    storage.add_practice(source, "Breathing or grounding (restored)", "another one", 4)
    storage.log_practice(source, when=datetime(2026, 1, 5, 9, 0), practice="Breathing or grounding")

    plan = restore(journal, export_journal(source))

    assert practice(journal, "Breathing or grounding") == mine
    assert practice(journal, "Breathing or grounding (restored)")[2:4] == ("another one", 4)
    renamed = practice(journal, "Breathing or grounding (restored 2)")
    assert renamed is not None and renamed[3] == 2
    assert journal.execute(
        "SELECT count(*) FROM practice_log WHERE practice_id = ?", [renamed[0]]
    ).fetchone() == (1,)
    assert any("(restored 2)" in line for line in plan.catalog_lines())


def test_an_id_match_comes_before_a_name_match_whatever_the_file_order(journal):
    """The file's "Zumba" carries the id of the person's "Walk", and the file also has a "Walk"
    like the person's. The id decides: "Zumba" is the person's "Walk" (the summary names both);
    the file's "Walk" goes beside it as "Walk (restored)". Used to end in a duplicate key."""
    with_an_entry(journal)
    walk = storage.add_practice(journal, "Walk", "Around the block", 5)
    source = storage.connect()
    storage.add_practice(source, "Walk", "Around the block", 5)
    zumba = storage.add_practice(source, "Zumba", "", 3)
    source.execute("UPDATE practices SET id = ? WHERE id = ?", [walk, zumba])
    storage.log_practice(source, when=datetime(2026, 1, 5, 9, 0), practice="Zumba")
    storage.log_practice(source, when=datetime(2026, 1, 6, 9, 0), practice="Walk")

    plan = restore(journal, export_journal(source))

    assert practice(journal, "Walk")[:4] == (walk, "Walk", "Around the block", 5)
    beside = practice(journal, "Walk (restored)")
    assert beside is not None and beside[0] != walk
    for practice_id in (walk, beside[0]):
        assert journal.execute(
            "SELECT count(*) FROM practice_log WHERE practice_id = ?", [practice_id]
        ).fetchone() == (1,)
    assert any("'Zumba'" in line and "'Walk'" in line for line in plan.catalog_lines())


def test_a_plan_that_would_break_a_constraint_is_refused_before_the_backup(journal, monkeypatch):
    from analytics.export import restoring

    with_an_entry(journal)
    source = storage.connect()
    storage.add_practice(source, "Walk", "", 5)
    exported = export_journal(source)
    real_plan = restoring.plan_restore

    def broken_plan(con, export):
        plan = real_plan(con, export)
        plan.rows["practices"].append(dict(plan.rows["practices"][0]))
        return plan

    backups = []
    monkeypatch.setattr(restoring, "plan_restore", broken_plan)
    monkeypatch.setattr(restoring, "backup_before", lambda con, why: backups.append(why))
    before = snapshot(journal)

    with pytest.raises(restoring.RestoreError) as refused:
        restore(journal, exported)

    assert "Walk" in str(refused.value) and "twice" in str(refused.value)
    assert backups == [] and snapshot(journal) == before


def test_a_fresh_journal_says_once_that_starter_practices_take_the_file_versions(exported, journal):
    """The file's starters (same names and settings, other ids) replace the unused ones: one line says so."""
    plan = restore(journal, exported)

    lines = [line for line in plan.catalog_lines() if "starter practices" in line]
    assert len(lines) == 1, plan.catalog_lines()
    assert "take the file's versions" in lines[0] and "Walk" not in lines[0], lines
    kept = sum(1 for c in plan.catalog_changes if c.action == CHANGED and c.table == "practices")
    assert kept == 1
