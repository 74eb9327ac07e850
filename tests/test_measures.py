"""PHQ-9, GAD-7 and WHO-5: every band boundary, every change outcome, the item-9 flag and the
validators (analytics.measures), and responses stored in the journal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics import storage
from analytics.entries import InvalidEntry
from analytics.measures import MEASURES, change, score
from analytics.storage.schema import LATEST_VERSION


def answers_adding_to(measure: str, raw_sum: int) -> list[int]:
    m = MEASURES[measure]
    top = max(value for _, value in m.choices)
    answers = []
    for _ in m.items:
        answers.append(min(top, raw_sum))
        raw_sum -= answers[-1]
    assert raw_sum == 0
    return answers


BANDS = [
    ("phq9", 0, "minimal"), ("phq9", 4, "minimal"), ("phq9", 5, "mild"), ("phq9", 9, "mild"),
    ("phq9", 10, "moderate"), ("phq9", 14, "moderate"), ("phq9", 15, "moderately severe"),
    ("phq9", 19, "moderately severe"), ("phq9", 20, "severe"), ("phq9", 27, "severe"),
    ("gad7", 0, "minimal"), ("gad7", 4, "minimal"), ("gad7", 5, "mild"), ("gad7", 9, "mild"),
    ("gad7", 10, "moderate"), ("gad7", 14, "moderate"), ("gad7", 15, "severe"),
    ("gad7", 21, "severe"),
]  # fmt: skip


@pytest.mark.parametrize(("measure", "total", "band"), BANDS)
def test_every_band_boundary_of_phq9_and_gad7(measure, total, band):
    result = score(measure, answers_adding_to(measure, total))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("raw_sum", "total", "band"),
    [(0, 0, "very low"), (7, 28, "very low"), (8, 32, "low"), (12, 48, "low"),
     (13, 52, "good"), (25, 100, "good")],
)  # fmt: skip
def test_who5_is_reported_as_a_percentage_with_its_bands(raw_sum, total, band):
    result = score("who5", answers_adding_to("who5", raw_sum))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("measure", "earlier", "later", "outcome"),
    [
        # PHQ-9: reliable change 6, caseness 10 or more
        ("phq9", 16, 8, "reliable recovery"),
        ("phq9", 10, 4, "reliable recovery"),
        ("phq9", 15, 9, "reliable recovery"),
        ("phq9", 16, 10, "reliable improvement"),  # still at caseness
        ("phq9", 9, 3, "reliable improvement"),  # never was a case
        ("phq9", 16, 11, "no reliable change"),
        ("phq9", 12, 8, "no reliable change"),  # below caseness but not reliable
        ("phq9", 8, 13, "no reliable change"),
        ("phq9", 8, 14, "reliable deterioration"),
        ("phq9", 10, 10, "no reliable change"),
        # GAD-7: reliable change 4, caseness 8 or more
        ("gad7", 12, 7, "reliable recovery"),
        ("gad7", 8, 4, "reliable recovery"),
        ("gad7", 12, 8, "reliable improvement"),
        ("gad7", 7, 3, "reliable improvement"),
        ("gad7", 10, 7, "no reliable change"),
        ("gad7", 5, 9, "reliable deterioration"),
        ("gad7", 5, 8, "no reliable change"),
        # WHO-5: higher is better; reliable change 10, caseness below 52
        ("who5", 40, 52, "reliable improvement"),  # WHO-5 has no "recovery"
        ("who5", 44, 52, "no reliable change"),
        ("who5", 32, 48, "reliable improvement"),
        ("who5", 60, 72, "reliable improvement"),
        ("who5", 60, 52, "no reliable change"),
        ("who5", 60, 48, "reliable deterioration"),
        ("who5", 52, 42, "reliable deterioration"),
    ],
)
def test_every_change_outcome(measure, earlier, later, outcome):
    assert change(measure, earlier, later) == outcome


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_item_9_is_flagged_whatever_the_total(item_9):
    low = score("phq9", [0] * 8 + [item_9])
    assert low.band == "minimal"
    assert "self-harm" in low.flags
    assert "self-harm" in score("phq9", [3] * 8 + [item_9]).flags


def test_no_flag_without_item_9_and_none_on_other_measures():
    assert score("phq9", [3] * 8 + [0]).flags == frozenset()
    assert score("gad7", [3] * 7).flags == frozenset()
    assert score("who5", [0] * 5).flags == frozenset()


@pytest.mark.parametrize(
    ("measure", "answers", "field"),
    [
        ("phq9", [0] * 8, "answers"),
        ("phq9", [0] * 10, "answers"),
        ("gad7", [0] * 6 + [4], "item_7"),
        ("phq9", [0, -1] + [0] * 7, "item_2"),
        ("who5", [0, 0, 6, 0, 0], "item_3"),
        ("gad7", [0, 1.5, 0, 0, 0, 0, 0], "item_2"),
        ("gad7", [0, "2", 0, 0, 0, 0, 0], "item_2"),
        ("gad7", [True, 0, 0, 0, 0, 0, 0], "item_1"),
        ("gad7", [float("nan")] + [0] * 6, "item_1"),
        ("bdi", [0] * 21, "measure"),
        ("gad7", "0000000", "answers"),
    ],
)
def test_bad_answers_are_refused_naming_the_field(measure, answers, field):
    with pytest.raises(ValueError) as caught:
        score(measure, answers)
    assert isinstance(caught.value, InvalidEntry)
    assert caught.value.field == field


@given(
    measure=st.sampled_from(sorted(MEASURES)),
    answers=st.lists(st.one_of(st.integers(-5, 10), st.floats(), st.none()), max_size=12),
)
def test_score_either_refuses_or_returns_a_total_in_range(measure, answers):
    m = MEASURES[measure]
    top = max(value for _, value in m.choices)
    valid = len(answers) == len(m.items) and all(
        isinstance(a, int)
        and 0 <= a <= top
        or isinstance(a, float)
        and a.is_integer()
        and 0 <= a <= top
        for a in answers
    )
    try:
        result = score(measure, answers)
    except InvalidEntry:
        assert not valid
    else:
        assert valid
        assert 0 <= result.total <= m.max_total
        assert result.total == sum(int(a) for a in answers) * m.multiplier


@pytest.mark.parametrize(("earlier", "later"), [(-1, 5), (5, 28), (2.5, 5), ("5", 5)])
def test_change_refuses_totals_out_of_range(earlier, later):
    with pytest.raises(InvalidEntry):
        change("phq9", earlier, later)


def test_a_response_is_stored_with_its_answers_and_total():
    con = storage.connect()
    storage.add_measure_response(con, "gad7", [1, 2, 3, 0, 1, 2, 3], date(2026, 3, 1))
    stored = storage.measure_responses(con, "gad7").iloc[0]
    assert stored["total"] == 12
    assert [stored[f"item_{i}"] for i in range(1, 8)] == [1, 2, 3, 0, 1, 2, 3]
    assert storage.last_response_days(con) == {"gad7": date(2026, 3, 1)}


def test_a_refused_response_writes_nothing():
    con = storage.connect()
    with pytest.raises(InvalidEntry):
        storage.add_measure_response(con, "phq9", [0] * 8 + [4], date(2026, 3, 1))
    storage.add_measure_response(con, "phq9", [0] * 9, date(2026, 3, 1))
    with pytest.raises(InvalidEntry) as caught:
        storage.add_measure_response(con, "phq9", [1] * 9, date(2026, 3, 1))
    assert caught.value.field == "day"
    assert len(storage.measure_responses(con)) == 1


@pytest.mark.parametrize("answers", [0, 3.5, "0,0,0,0,0,0,0", {"a": 1}, None])
def test_a_response_whose_answers_are_not_a_list_is_refused_naming_answers(answers):
    """Found by hypothesis: `answers=0` raised a TypeError instead of a refusal."""
    from analytics.storage.rows import measure_response_row

    raw = {"measure": "gad7", "day": date(2026, 3, 1), "answers": answers}
    if answers is None:  # no list: the item columns are read, and item_1 is missing
        with pytest.raises(InvalidEntry) as caught:
            measure_response_row(raw)
        assert caught.value.field == "item_1"
        return
    with pytest.raises(InvalidEntry) as caught:
        measure_response_row(raw)
    assert caught.value.field == "answers"


def test_measures_in_use_is_unset_until_chosen():
    con = storage.connect()
    assert storage.measures_in_use(con) is None
    storage.set_measures_in_use(con, ["who5", "PHQ-9"])
    assert storage.measures_in_use(con) == ["phq9", "who5"]
    storage.set_measures_in_use(con, [])
    assert storage.measures_in_use(con) == []


def test_a_version_2_journal_is_upgraded_with_a_backup_and_keeps_its_entries(tmp_path):
    import duckdb

    from analytics.export import backups

    path = tmp_path / "journal.duckdb"
    con = duckdb.connect(str(path))
    storage.migrate(con, target=2)
    con.execute("INSERT INTO sessions (id, day) VALUES ('s1', DATE '2026-03-02')")
    con.close()
    con = storage.connect(path)
    assert storage.schema_version(con) == LATEST_VERSION
    assert con.execute("SELECT id FROM sessions").fetchall() == [("s1",)]
    assert storage.measure_responses(con).empty
    con.close()
    (backup,) = backups.list_backups(path)
    old = duckdb.connect(str(backup.path), read_only=True)
    assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 2
    old.close()


def test_the_safety_message_lists_every_default_line_until_a_region_is_set():
    from analytics.safety import safety_message

    unset = safety_message(None)
    assert "988" in unset and "116 123" in unset and "local emergency number" in unset
    uk = safety_message("uk-ie")
    assert "116 123" in uk and "988" not in uk and "local emergency number" in uk
    elsewhere = safety_message("other")
    assert "988" not in elsewhere and "local emergency number" in elsewhere
    assert "therapist" in unset


def test_the_app_upgrades_a_version_2_journal_after_a_backup_the_backups_page_lists(app_env):
    """Through the app's own opening path: every row of every table is kept, the backup (at
    version 2, with the same rows) is listed on the Backups page as taken before an upgrade."""
    from datetime import datetime

    import duckdb
    from streamlit.testing.v1 import AppTest

    from analytics.export import backups
    from tests.conftest import REPO

    path = app_env()
    con = duckdb.connect(str(path))
    storage.migrate(con, target=2)
    practice = con.execute("SELECT id FROM practices ORDER BY name LIMIT 1").fetchone()[0]
    con.execute(
        "INSERT INTO check_ins (id, local_time, utc_offset_min, wellbeing, note, source) "
        "VALUES ('c1', TIMESTAMP '2026-03-01 09:00', 60, 6.5, 'kept', 'daylio')"
    )
    con.execute(
        "INSERT INTO triggers (id, local_time, utc_offset_min, category, intensity, "
        "response_kind) VALUES ('t1', TIMESTAMP '2026-03-01 10:00', 0, 'Work', 7, 'new_skill')"
    )
    con.execute(
        "INSERT INTO practice_log (id, local_time, utc_offset_min, practice_id, status, amount) "
        "VALUES ('p1', TIMESTAMP '2026-03-01 19:00', 0, ?, 'rest', 2.5)",
        [practice],
    )
    con.execute("INSERT INTO reflections (id, day, noticing) VALUES ('r1', DATE '2026-03-01', 'x')")
    con.execute("INSERT INTO sessions (id, day) VALUES ('s1', DATE '2026-03-05')")
    con.execute("INSERT INTO trigger_categories (name, position) VALUES ('Neighbours', 9)")
    tables = (
        "check_ins",
        "triggers",
        "practices",
        "practice_log",
        "reflections",
        "sessions",
        "trigger_categories",
    )
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    # Later versions add columns (a session's status, a night's sleep...): what was there stays.
    columns = {
        t: ", ".join(d[0] for d in con.execute(f"SELECT * FROM {t} LIMIT 0").description)
        for t in tables
    }
    con.close()

    at = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30).run()
    at.switch_page("../views/backups.py").run()
    assert not at.exception
    (listed,) = [d.value for d in at.dataframe]
    assert list(listed["why"]) == ["before an upgrade of the journal"]

    (backup,) = backups.list_backups(path)
    assert backup.name == listed["backup"].iloc[0]
    old = duckdb.connect(str(backup.path), read_only=True)
    try:
        assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 2
        assert {t: old.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables} == (
            before
        )
    finally:
        old.close()
    con = storage.connect(path)  # the app's own connection, in this process
    try:
        assert storage.schema_version(con) == LATEST_VERSION
        after = {
            t: con.execute(f"SELECT {columns[t]} FROM {t} ORDER BY ALL").fetchall() for t in tables
        }
        assert after == before
        assert storage.measure_responses(con).empty and storage.settings(con) == {}
        storage.add_measure_response(con, "phq9", [0] * 9, datetime(2026, 3, 6).date())
    finally:
        con.close()
