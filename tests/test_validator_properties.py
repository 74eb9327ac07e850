"""Property tests of every validator and every write: arbitrary input (text, numbers, None, NaN,
infinities, huge integers, wrong types, datetimes with odd offsets, dates before 1970 or far
ahead) gives either a stored entry that reads back valid, or `InvalidEntry` naming a field,
and a refused write leaves every table exactly as it was."""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import entries, storage
from analytics.entries import (
    DAILY,
    EMOTIONS_MAX,
    LONG_TEXT_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    LocalTime,
    ResponseKind,
)
from analytics.importers import ImportRefused, load_bytes
from analytics.importers.apply import import_preview, preview
from analytics.importers.command import build_plan
from analytics.storage import import_queries
from analytics.storage.rows import ITEM_COLUMNS, REFLECTION_PROMPTS, ROW_BUILDERS
from analytics.storage.schema import ENTRY_TABLES

PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CONTROL = "\x00\x07\x1b\x7f"

offsets = st.builds(
    lambda m: timezone(timedelta(minutes=m)), st.integers(-23 * 60 - 59, 23 * 60 + 59)
)
moments = st.one_of(
    st.datetimes(),
    st.sampled_from(
        [
            datetime.min,
            datetime.max,
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-14))),
            date.max,
        ]
    ),
    st.datetimes(timezones=offsets),
    st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2030, 1, 1), timezones=offsets),
    st.dates(),
    st.builds(LocalTime, st.datetimes(), st.integers(-(2**15), 2**15)),
)
texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("ab <>![](:)$\\\n\t\r" + CONTROL), max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "x" * SHORT_TEXT_MAX,
            "x" * (SHORT_TEXT_MAX + 1),
            "y" * (LONG_TEXT_MAX + 1),
        ]
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 2**63, True, False]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
)
anything = st.one_of(
    st.none(),
    texts,
    numbers,
    moments,
    st.binary(max_size=10),
    st.lists(st.one_of(st.none(), st.text(max_size=10), st.integers()), max_size=25),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(
        [
            object(),
            float("nan"),
            [],
            {},
            (),
            set(),
            ResponseKind.NEW_SKILL,
            "new_skill",
            "old_pattern",
            "done",
            "rest",
        ]
    ),
)


def refused_or(check, call):
    """Run `call`: it must return a value that passes `check`, or refuse with a named field."""
    try:
        value = call()
    except InvalidEntry as problem:
        assert problem.field and problem.message
        return None
    check(value)
    return value


def no_control(text: str) -> bool:
    return not any(ch in text for ch in CONTROL) and text == text.strip()


@PROPERTY
@given(
    value=anything,
    limit=st.sampled_from([40, SHORT_TEXT_MAX, LONG_TEXT_MAX]),
    required=st.booleans(),
)
def test_clean_text(value, limit, required):
    def check(text):
        assert isinstance(text, str) and len(text) <= limit and no_control(text)
        assert text or not required

    refused_or(
        check, lambda: entries.clean_text(value, "note", max_length=limit, required=required)
    )


@PROPERTY
@given(value=anything, required=st.booleans())
def test_clean_scale(value, required):
    def check(number):
        if number is None:
            assert not required
        else:
            assert isinstance(number, float) and SCALE_MIN <= number <= SCALE_MAX

    refused_or(check, lambda: entries.clean_scale(value, "wellbeing", required=required))


@PROPERTY
@given(value=anything, allow_future=st.booleans())
def test_clean_moment(value, allow_future):
    def check(moment):
        assert isinstance(moment, LocalTime) and moment.wall.tzinfo is None
        assert -14 * 60 <= moment.utc_offset_min <= 14 * 60 and moment.wall.year >= 1970
        assert allow_future or moment.utc <= NOW + entries.FUTURE_TOLERANCE

    refused_or(check, lambda: entries.clean_moment(value, now=NOW, allow_future=allow_future))


@PROPERTY
@given(value=anything, allow_future=st.booleans())
def test_clean_day(value, allow_future):
    def check(day):
        assert isinstance(day, date) and not isinstance(day, datetime) and day.year >= 1970
        assert allow_future or day <= NOW.date()

    refused_or(check, lambda: entries.clean_day(value, today=NOW.date(), allow_future=allow_future))


@PROPERTY
@given(value=anything)
def test_clean_emotions(value):
    def check(text):
        words = [w for w in text.split(", ") if w]
        assert len(words) <= EMOTIONS_MAX and len(set(words)) == len(words)
        assert all(no_control(w) and len(w) <= 40 for w in words)

    refused_or(check, lambda: entries.clean_emotions(value))


@PROPERTY
@given(value=anything)
def test_clean_response_kind(value):
    refused_or(lambda kind: ResponseKind(kind), lambda: entries.clean_response_kind(value))


@PROPERTY
@given(value=anything)
def test_clean_weekly_target(value):
    refused_or(
        lambda n: isinstance(n, int) and 1 <= n <= DAILY or pytest.fail(n),
        lambda: entries.clean_weekly_target(value),
    )


@PROPERTY
@given(value=anything)
def test_clean_minutes(value):
    refused_or(
        lambda n: n is None or isinstance(n, int) and 0 <= n <= 1440 or pytest.fail(n),
        lambda: entries.clean_minutes(value),
    )


FIELDS = {
    EntryKind.CHECK_IN: (
        "when",
        "local_time",
        "utc_offset_min",
        "wellbeing",
        "anxiety",
        "energy",
        "emotions",
        "note",
    ),
    EntryKind.TRIGGER: (
        "when",
        "category",
        "what_happened",
        "intensity",
        "response",
        "response_kind",
        "helped",
        "note",
    ),
    EntryKind.PRACTICE_LOG: (
        "when",
        "practice_id",
        "minutes",
        "note",
        "first_time",
        "status",
        "amount",
    ),
    EntryKind.REFLECTION: ("day", *REFLECTION_PROMPTS, "free_text"),
    EntryKind.SESSION: ("day", "note"),
    EntryKind.MEASURE_RESPONSE: ("measure", "day", "answers", "total", *ITEM_COLUMNS),
}
# Questionnaire answers near and past the scales' ends, so valid responses are drawn too.
QUESTIONNAIRE = {
    "measure": st.one_of(st.sampled_from(["phq9", "gad7", "who5", "PHQ-9"]), anything),
    "day": st.one_of(st.dates(date(1960, 1, 1), date(2030, 1, 1)), anything),
    "answers": st.one_of(st.lists(st.integers(-1, 6), max_size=10), anything),
    **{column: st.one_of(st.integers(-1, 6), anything) for column in ITEM_COLUMNS},
}


def raw_rows(kind: EntryKind):
    return st.fixed_dictionaries(
        {}, optional={name: QUESTIONNAIRE.get(name, anything) for name in FIELDS[kind]}
    )


def check_row(kind: EntryKind, row: dict) -> None:
    """A built row holds only values its table accepts."""
    for name, value in row.items():
        if isinstance(value, str):
            limit = SHORT_TEXT_MAX if name in ("category", "practice_id") else LONG_TEXT_MAX
            assert len(value) <= limit and no_control(value), name
    for name in ("wellbeing", "anxiety", "energy", "intensity", "helped"):
        if row.get(name) is not None:
            assert SCALE_MIN <= row[name] <= SCALE_MAX
    if "local_time" in row:
        assert row["local_time"].year >= 1970 and -840 <= row["utc_offset_min"] <= 840
    if "day" in row:
        assert row["day"].year >= 1970
    if row.get("amount") is not None:
        assert math.isfinite(row["amount"])
    if "measure" in row:
        answers = [row[c] for c in ITEM_COLUMNS if row.get(c) is not None]
        assert all(isinstance(a, int) and 0 <= a <= 5 for a in answers)
        multiplier = 4 if row["measure"] == "who5" else 1
        assert row["total"] == sum(answers) * multiplier and 0 <= row["total"] <= 100


@pytest.mark.parametrize("kind", list(EntryKind))
@PROPERTY
@given(data=st.data())
def test_row_builders(kind, data):
    raw = data.draw(raw_rows(kind))
    refused_or(lambda row: check_row(kind, row), lambda: ROW_BUILDERS[kind](raw, NOW))


# --- writes ---------------------------------------------------------------------------------

ALL_TABLES = (*ENTRY_TABLES, "practices", "trigger_categories")


def snapshot(con: storage.Connection) -> tuple:
    tables = {
        table: con.execute(
            f"SELECT * FROM {table} ORDER BY {'name' if table == 'trigger_categories' else 'id'}"
        ).fetchall()
        for table in ALL_TABLES
    }
    return storage.entry_stats(con).to_dict("records"), tables


@pytest.fixture(scope="module")
def shared_journal():
    con = storage.connect()
    storage.add_check_in(con, when=datetime(2026, 1, 5, 9), wellbeing=5, note="already here")
    yield con
    con.close()


def write_or_refuse(con, write, kind: EntryKind | None):
    before = snapshot(con)
    try:
        result = write()
    except InvalidEntry as problem:
        assert problem.field and problem.message
        assert snapshot(con) == before, "a refused write leaves the journal as it was"
        return None
    if kind is not None:
        stored = storage.get_entry(con, kind, result)
        check_row(
            kind,
            {
                k: v
                for k, v in stored.items()
                if k not in ("id", "source", "source_key", "created_at", "updated_at")
            },
        )
        storage.delete_entry(con, kind, result)
    return result


ADDERS = {
    EntryKind.CHECK_IN: storage.add_check_in,
    EntryKind.TRIGGER: storage.add_trigger,
    EntryKind.PRACTICE_LOG: storage.log_practice,
    EntryKind.REFLECTION: storage.add_reflection,
    EntryKind.SESSION: storage.add_session,
    EntryKind.MEASURE_RESPONSE: lambda con, **raw: storage.add_entry(
        con, EntryKind.MEASURE_RESPONSE, **raw
    ),
}


@pytest.mark.parametrize("kind", list(EntryKind))
@PROPERTY
@given(data=st.data())
def test_add_entry_stores_a_valid_entry_or_changes_nothing(shared_journal, kind, data):
    raw = data.draw(raw_rows(kind))
    if kind is EntryKind.PRACTICE_LOG and data.draw(st.booleans()):
        raw.pop("practice_id", None)
        raw["practice"] = data.draw(st.one_of(anything, st.just("Breathing or grounding")))
    write_or_refuse(shared_journal, lambda: ADDERS[kind](shared_journal, now=NOW, **raw), kind)


@PROPERTY
@given(name=anything, description=anything, target=anything)
def test_add_practice_stores_a_valid_practice_or_changes_nothing(
    shared_journal, name, description, target
):
    practice_id = write_or_refuse(
        shared_journal,
        lambda: storage.add_practice(shared_journal, name, description, target),
        None,
    )
    if practice_id is not None:
        row = shared_journal.execute(
            "SELECT name, description, weekly_target FROM practices WHERE id = ?", [practice_id]
        ).fetchone()
        assert (
            0 < len(row[0]) <= SHORT_TEXT_MAX
            and no_control(row[0])
            and len(row[1]) <= 1000
            and 1 <= row[2] <= DAILY
        )


@PROPERTY
@given(name=anything)
def test_add_trigger_category_stores_a_valid_name_or_changes_nothing(shared_journal, name):
    write_or_refuse(
        shared_journal, lambda: storage.add_trigger_category(shared_journal, name), None
    )
    assert all(
        0 < len(n) <= SHORT_TEXT_MAX and no_control(n)
        for n in storage.trigger_categories(shared_journal, active_only=False)
    )


# --- importers: a refused or failed import writes nothing (preview-only fuzzing lives in test_import_safety.py) ---

cells = st.one_of(
    texts,
    st.sampled_from(["2024-03-05", "21:00", "good", "awful", "rad", "walk | read", "1", "-1", "2"]),
)


@PROPERTY
@given(
    rows=st.lists(st.lists(cells, min_size=1, max_size=8), max_size=12),
    header=st.sampled_from(
        [
            ["full_date", "date", "weekday", "time", "mood", "activities", "note"],
            ["Date", "Walk", "Read"],
            [],
        ]
    ),
    fmt=st.sampled_from([None, "daylio", "loop", "csv"]),
    skip=st.booleans(),
)
def test_an_import_writes_all_its_preview_or_nothing(shared_journal, rows, header, fmt, skip):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows] if header else rows)
    before = snapshot(shared_journal)
    try:
        checked = preview(
            shared_journal,
            build_plan(
                load_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"), "x.csv"), fmt
            ),
            now=NOW,
        )
        assert snapshot(shared_journal) == before, "a preview writes nothing"
        result = import_preview(shared_journal, checked, skip_bad_rows=skip)
    except ImportRefused as refusal:
        assert str(refusal).strip()
        assert snapshot(shared_journal) == before, "a refused import writes nothing"
        return
    added = {
        kind: len(snapshot(shared_journal)[1][kind.value]) - len(before[1][kind.value])
        for kind in EntryKind
    }
    assert added == {kind: result.added.get(kind, 0) for kind in EntryKind}
    for kind in EntryKind:  # what was written reads back valid
        for row in (
            shared_journal.execute(f"SELECT * FROM {kind.value} WHERE source <> 'journal'")
            .df()
            .to_dict("records")
        ):
            check_row(
                kind,
                {
                    k: (None if v != v else v)
                    for k, v in row.items()
                    if k
                    not in ("id", "source", "source_key", "created_at", "updated_at", "practice_id")
                },
            )
    for kind in EntryKind:
        shared_journal.execute(f"DELETE FROM {kind.value} WHERE source <> 'journal'")
    shared_journal.execute("DELETE FROM practices WHERE description = 'Imported'")


def test_an_import_that_fails_half_way_leaves_the_journal_as_it_was(journal, monkeypatch):
    days = [date(2024, 3, d) for d in range(1, 29)]
    text = "full_date,date,weekday,time,mood,activities,note\n" + "".join(
        f"{d:%Y-%m-%d},{d:%B %-d},{d:%A},21:00,good,walk | read,day {d.day} <script>\n"
        for d in days
    )
    plan = build_plan(
        load_bytes(text.encode(), "daylio_export.csv"), "daylio", practices=["walk", "read"]
    )
    checked = preview(journal, plan, now=NOW)
    assert not checked.problems
    assert checked.total > 28
    before = snapshot(journal)
    real = import_queries.insert_new_rows
    calls = []

    def failing(con, table, source, rows):
        calls.append(table)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(con, table, source, rows)

    monkeypatch.setattr(import_queries, "insert_new_rows", failing)
    with pytest.raises(OSError):
        import_preview(journal, checked)
    assert len(calls) == 2 and snapshot(journal) == before
