"""The journal store: every kind round-trips, bad input writes nothing, old files upgrade, threads both land."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import duckdb
import pandas as pd
import pytest

from analytics import clock, storage
from analytics.entries import LONG_TEXT_MAX, SHORT_TEXT_MAX, EntryKind, InvalidEntry, LocalTime
from analytics.storage.schema import LATEST_VERSION

NOW = datetime(2026, 6, 15, 20, 0, tzinfo=UTC)
WHEN = LocalTime(datetime(2026, 6, 15, 9, 30), 60)
TOMORROW = LocalTime(datetime(2026, 6, 16, 21, 0), 60)


def counts(con) -> dict[str, int]:
    return {row.kind: int(row.entries) for row in storage.entry_stats(con).itertuples()}


def test_a_new_journal_is_at_the_latest_version_and_empty(journal):
    assert storage.schema_version(journal) == LATEST_VERSION == 7
    assert storage.is_empty(journal)
    assert len(storage.practices(journal)) == 10
    assert "Work" in storage.trigger_categories(journal)


def test_a_check_in_round_trips(journal):
    entry_id = storage.add_check_in(
        journal,
        when=WHEN,
        wellbeing=6.5,
        anxiety=3,
        energy=None,
        emotions=["calm", "tired", "calm"],
        note="A good walk.\nThen rain.",
        now=NOW,
    )
    row = storage.get_entry(journal, EntryKind.CHECK_IN, entry_id)
    assert row["local_time"].to_pydatetime() == WHEN.wall
    assert row["utc_offset_min"] == 60
    assert (row["wellbeing"], row["anxiety"], row["energy"]) == (6.5, 3.0, None)
    assert row["emotions"] == "calm, tired"
    assert row["note"] == "A good walk.\nThen rain."
    assert row["source"] == "journal"


def test_a_trigger_round_trips(journal):
    entry_id = storage.add_trigger(
        journal,
        when=WHEN,
        category="Work",
        what_happened="Deadline moved",
        intensity=7,
        response="Three slow breaths",
        response_kind="new_skill",
        helped=6,
        note="Bring to session",
        now=NOW,
    )
    row = storage.get_entry(journal, "triggers", entry_id)
    assert {
        k: row[k]
        for k in (
            "category",
            "what_happened",
            "intensity",
            "response",
            "response_kind",
            "helped",
            "note",
        )
    } == {
        "category": "Work",
        "what_happened": "Deadline moved",
        "intensity": 7.0,
        "response": "Three slow breaths",
        "response_kind": "new_skill",
        "helped": 6.0,
        "note": "Bring to session",
    }
    assert row["local_time"].hour == 9


def test_a_practice_log_round_trips_by_name_with_rest_days(journal):
    done = storage.log_practice(
        journal, when=WHEN, practice="Breathing or grounding", minutes=5, first_time=True, now=NOW
    )
    rest = storage.log_practice(
        journal,
        when=LocalTime(datetime(2026, 6, 14, 9, 30), 60),
        practice="breathing or grounding",
        status="rest",
        now=NOW,
    )
    listed = storage.list_entries(journal, EntryKind.PRACTICE_LOG)
    assert set(listed["practice"]) == {"Breathing or grounding"}
    assert storage.get_entry(journal, "practice_log", done)["first_time"]
    assert storage.get_entry(journal, "practice_log", done)["minutes"] == 5
    assert storage.get_entry(journal, "practice_log", rest)["status"] == "rest"


def test_a_reflection_and_a_session_round_trip(journal):
    answers = {
        "noticing": "I notice the Monday dread.",
        "tried_new": "Said no once.",
        "hard_learned": "Guilt passes.",
        "bring_next": "My mother.",
        "free_text": "",
    }
    reflection = storage.add_reflection(journal, day=date(2026, 6, 14), now=NOW, **answers)
    session = storage.add_session(journal, day=date(2026, 6, 11), note="Talked about work")
    row = storage.get_entry(journal, "reflections", reflection)
    assert {k: row[k] for k in answers} == answers
    assert pd.Timestamp(row["day"]).date() == date(2026, 6, 14)
    assert storage.session_days(journal) == [date(2026, 6, 11)]
    assert storage.get_entry(journal, "sessions", session)["note"] == "Talked about work"


def test_an_upcoming_therapy_session_is_accepted(journal):
    upcoming = clock.today() + timedelta(days=5)
    storage.add_session(journal, day=upcoming, note="Booked")
    assert storage.session_days(journal) == [upcoming]


REFUSALS = [
    (EntryKind.CHECK_IN, {"when": WHEN, "wellbeing": 11}, "wellbeing"),
    (EntryKind.CHECK_IN, {"when": WHEN, "wellbeing": 5, "anxiety": -1}, "anxiety"),
    (EntryKind.CHECK_IN, {"when": TOMORROW, "wellbeing": 5}, "time"),
    (EntryKind.CHECK_IN, {"when": WHEN, "wellbeing": 5, "note": "x" * (LONG_TEXT_MAX + 1)}, "note"),
    (EntryKind.TRIGGER, {"when": WHEN, "category": "  ", "intensity": 5}, "category"),
    (
        EntryKind.TRIGGER,
        {"when": WHEN, "category": "x" * (SHORT_TEXT_MAX + 1), "intensity": 5},
        "category",
    ),
    (EntryKind.TRIGGER, {"when": TOMORROW, "category": "Work", "intensity": 5}, "time"),
    (
        EntryKind.TRIGGER,
        {"when": WHEN, "category": "Work", "intensity": 5, "response_kind": "magic"},
        "response_kind",
    ),
    (EntryKind.PRACTICE_LOG, {"when": TOMORROW, "practice": "Breathing or grounding"}, "time"),
    (EntryKind.PRACTICE_LOG, {"when": WHEN, "practice": "Juggling"}, "practice"),
    (
        EntryKind.PRACTICE_LOG,
        {"when": WHEN, "practice": "Breathing or grounding", "minutes": 2000},
        "minutes",
    ),
    (EntryKind.REFLECTION, {"day": date(2026, 6, 17), "noticing": "Ahead of time"}, "day"),
    (EntryKind.REFLECTION, {"day": date(2026, 6, 14)}, "reflection"),
]


@pytest.mark.parametrize(
    ("kind", "values", "field"), REFUSALS, ids=[f"{k.value}-{f}" for k, _, f in REFUSALS]
)
def test_invalid_entries_are_refused_naming_the_field_and_nothing_is_written(
    journal, kind, values, field
):
    storage.add_check_in(journal, when=WHEN, wellbeing=5, now=NOW)
    before = counts(journal)
    with pytest.raises(InvalidEntry) as refused:
        storage.add_entry(journal, kind, now=NOW, **values)
    assert refused.value.field == field
    assert field in str(refused.value)
    assert counts(journal) == before


def test_a_bulk_validation_reports_each_bad_row_by_number(journal):
    records = [
        {"when": WHEN, "wellbeing": 5},
        {"when": WHEN, "wellbeing": 11},
        {"when": WHEN, "wellbeing": 7},
    ]
    valid, problems = storage.validate_rows(journal, EntryKind.CHECK_IN, records, now=NOW)
    assert len(valid) == 2
    assert [(p.row, p.field) for p in problems] == [(2, "wellbeing")]
    assert str(problems[0]).startswith("Row 2, wellbeing")


def test_a_failed_transaction_writes_nothing(journal):
    rows, _ = storage.validate_rows(
        journal, EntryKind.CHECK_IN, [{"when": WHEN, "wellbeing": 5}], now=NOW
    )
    with pytest.raises(RuntimeError), storage.transaction(journal):
        storage.insert_rows(journal, EntryKind.CHECK_IN, rows)
        raise RuntimeError("power cut")
    assert counts(journal)["check_ins"] == 0


def test_an_entry_can_be_updated_and_an_invalid_update_changes_nothing(journal):
    entry_id = storage.add_check_in(journal, when=WHEN, wellbeing=4, note="meh", now=NOW)
    storage.update_entry(
        journal, EntryKind.CHECK_IN, entry_id, now=NOW, wellbeing=8, note="better after all"
    )
    row = storage.get_entry(journal, EntryKind.CHECK_IN, entry_id)
    assert (row["wellbeing"], row["note"]) == (8.0, "better after all")
    assert row["updated_at"] >= row["created_at"]
    with pytest.raises(InvalidEntry, match="wellbeing"):
        storage.update_entry(journal, EntryKind.CHECK_IN, entry_id, now=NOW, wellbeing=12)
    assert storage.get_entry(journal, EntryKind.CHECK_IN, entry_id)["wellbeing"] == 8.0


def test_an_entry_can_be_deleted_once(journal):
    entry_id = storage.add_trigger(
        journal, when=WHEN, category="Family", intensity=5, response_kind="other", now=NOW
    )
    assert storage.delete_entry(journal, EntryKind.TRIGGER, entry_id)
    assert storage.get_entry(journal, EntryKind.TRIGGER, entry_id) is None
    assert not storage.delete_entry(journal, EntryKind.TRIGGER, entry_id)
    with pytest.raises(InvalidEntry, match="id"):
        storage.update_entry(journal, EntryKind.TRIGGER, entry_id, intensity=3)


def test_a_practice_catalog_can_be_edited(journal):
    practice_id = storage.add_practice(journal, "Cold shower", "Brr", weekly_target=3)
    with pytest.raises(InvalidEntry, match="already"):
        storage.add_practice(journal, "cold shower")
    storage.update_practice(journal, practice_id, weekly_target=7, active=False)
    row = storage.practices(journal).set_index("name").loc["Cold shower"]
    assert (int(row["weekly_target"]), bool(row["active"])) == (7, False)
    with pytest.raises(InvalidEntry, match="weekly_target"):
        storage.update_practice(journal, practice_id, weekly_target=8)


def test_a_version_1_journal_upgrades_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert storage.migrate(con, target=1) == 1
    practice_id = con.execute(
        "SELECT id FROM practices WHERE name = 'Holding a boundary'"
    ).fetchone()[0]
    con.execute(
        "INSERT INTO check_ins (id, local_time, utc_offset_min, wellbeing, note) VALUES ('c1', TIMESTAMP '2025-03-01 08:00', 0, 4, 'written by v1')"
    )
    con.execute(
        "INSERT INTO triggers (id, local_time, utc_offset_min, category, intensity, response_kind) VALUES ('t1', TIMESTAMP '2025-03-01 09:00', 0, 'Work', 6, 'old_pattern')"
    )
    con.execute(
        "INSERT INTO practice_log (id, local_time, utc_offset_min, practice_id, minutes) VALUES ('p1', TIMESTAMP '2025-03-01 19:00', 0, ?, 10)",
        [practice_id],
    )
    con.execute(
        "INSERT INTO reflections (id, day, noticing) VALUES ('r1', DATE '2025-03-02', 'old words')"
    )
    con.execute("INSERT INTO sessions (id, day) VALUES ('s1', DATE '2025-03-03')")
    con.close()

    upgraded = storage.connect(path)
    assert storage.schema_version(upgraded) == LATEST_VERSION
    assert counts(upgraded) == {
        "check_ins": 1,
        "triggers": 1,
        "practice_log": 1,
        "reflections": 1,
        "sessions": 1,
        "measure_responses": 0,
    }
    assert storage.get_entry(upgraded, "check_ins", "c1")["note"] == "written by v1"
    assert storage.get_entry(upgraded, "reflections", "r1")["noticing"] == "old words"
    logged = storage.get_entry(upgraded, "practice_log", "p1")
    assert (logged["status"], logged["amount"], logged["source"], logged["source_key"]) == (
        "done",
        None,
        "journal",
        None,
    )
    for kind in ("check_ins", "triggers", "reflections", "sessions"):
        assert storage.get_entry(upgraded, kind, kind[0] + "1")["source"] == "journal"
    upgraded.close()
    assert storage.schema_version(storage.connect(path)) == LATEST_VERSION


def test_a_journal_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    con = storage.connect(path)
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [LATEST_VERSION + 1])
    con.close()
    with pytest.raises(storage.JournalError, match="newer version"):
        storage.connect(path)


def test_two_threads_writing_through_their_own_cursors_both_land(tmp_path):
    con = storage.connect(tmp_path / "shared.duckdb")
    errors: list[BaseException] = []

    def write(start_hour: int) -> None:
        cursor = con.cursor()
        try:
            for i in range(50):
                moment = LocalTime(datetime(2026, 6, 1) + timedelta(hours=start_hour, minutes=i), 0)
                storage.add_check_in(cursor, when=moment, wellbeing=i % 11, now=NOW)
        except BaseException as error:  # surfaced to the test below
            errors.append(error)
        finally:
            cursor.close()

    threads = [threading.Thread(target=write, args=(hour,)) for hour in (8, 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts(con)["check_ins"] == 100
    con.close()


# --- one practice-day, one session date ------------------------------------------------


def test_a_practice_logged_twice_on_one_day_is_refused_kindly_and_written_once(journal):
    storage.log_practice(journal, when=WHEN, practice="Breathing or grounding", now=NOW)
    later = LocalTime(datetime(2026, 6, 15, 18, 0), 60)
    for status in ("done", "rest"):
        with pytest.raises(InvalidEntry) as refused:
            storage.log_practice(
                journal, when=later, practice="Breathing or grounding", status=status, now=NOW
            )
        assert refused.value.field == "practice"
        assert "already logged as done on 2026-06-15" in refused.value.message
        assert "counts once" in refused.value.message
    assert counts(journal)["practice_log"] == 1


def test_ticking_practices_already_logged_that_day_writes_none_and_a_repeat_counts_once(journal):
    ids = storage.practices(journal).set_index("name")["id"]
    breathing, boundary = ids["Breathing or grounding"], ids["Holding a boundary"]
    assert len(storage.log_practices(journal, [breathing, breathing], WHEN, now=NOW)) == 1
    with pytest.raises(InvalidEntry, match="already logged"):
        storage.log_practices(journal, [boundary, breathing], WHEN, now=NOW)
    assert counts(journal)["practice_log"] == 1  # all or none: the boundary was not written


def test_a_second_session_on_one_date_is_refused_naming_the_date(journal):
    storage.add_session(journal, day=date(2026, 6, 11), note="Talked about work")
    with pytest.raises(InvalidEntry) as refused:
        storage.add_session(journal, day=date(2026, 6, 11), note="Again")
    assert refused.value.field == "day"
    assert "2026-06-11 already has a therapy session" in refused.value.message
    assert counts(journal)["sessions"] == 1


def test_a_trigger_logged_by_hand_must_have_a_category_and_a_response_chosen(journal):
    with pytest.raises(InvalidEntry) as no_category:
        storage.add_trigger(journal, when=WHEN, category=None, intensity=5, now=NOW)
    assert no_category.value.field == "category"
    with pytest.raises(InvalidEntry) as no_response:
        storage.add_trigger(journal, when=WHEN, category="Work", intensity=5, now=NOW)
    assert no_response.value.field == "response_kind"
    assert "choose how you met it" in no_response.value.message
    assert counts(journal)["triggers"] == 0


def test_a_second_session_on_a_date_cannot_be_stored_even_in_bulk(journal):
    rows, _ = storage.validate_rows(
        journal, "sessions", [{"day": date(2026, 6, 11)}, {"day": date(2026, 6, 11)}]
    )
    with (
        pytest.raises((duckdb.ConstraintException, duckdb.TransactionException)),
        storage.transaction(journal),
    ):
        storage.insert_rows(journal, "sessions", rows)
    assert storage.session_days(journal) == []


def test_the_journal_version_changes_with_every_added_changed_or_deleted_row_of_its_tables(
    journal,
):
    from analytics.storage.journal import journal_version

    tables = ("check_ins", "triggers", "sessions")

    def version():
        return journal_version(journal, tables)

    empty = version()
    assert len(empty) == len(tables) and version() == empty  # one part per table, in order
    when = clock.now() - timedelta(days=1)
    entry = storage.add_check_in(journal, when=when, wellbeing=5)
    added = version()
    assert added[0] != empty[0] and added[1:] == empty[1:]
    storage.update_entry(journal, EntryKind.CHECK_IN, entry, wellbeing=6)
    changed = version()
    assert changed[0] not in (empty[0], added[0])
    storage.add_session(journal, day=when.date())
    assert version()[2] != changed[2] and version()[:2] == changed[:2]
    storage.delete_entry(journal, EntryKind.CHECK_IN, entry)
    assert version()[0] == empty[0]  # the same rows again: the same version
    storage.add_check_in(journal, when=when, wellbeing=5)
    assert version()[0] != empty[0]


def test_entries_are_deleted_together_in_one_transaction_and_counted(journal):
    ids = storage.practices(journal)["id"].tolist()
    logged = storage.log_practices(journal, ids[:3], WHEN, now=NOW)
    assert len(logged) == 3 and counts(journal)["practice_log"] == 3
    assert storage.delete_entries(journal, "practice_log", [*logged[:2], "no-such-id"]) == 2
    assert counts(journal)["practice_log"] == 1
    assert storage.delete_entries(journal, "practice_log", logged[:2]) == 0  # already gone
    assert storage.delete_entries(journal, "practice_log", []) == 0
