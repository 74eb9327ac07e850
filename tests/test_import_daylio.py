"""Daylio imports: every shared fixture file, and the variants real exports have."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from analytics import clock
from analytics.entries import EntryKind
from analytics.importers import ImportRefused, daylio, detect_format, load_path
from analytics.importers.apply import import_preview, preview
from analytics.importers.daylio import DEFAULT_MOODS, parse_local_date, parse_time
from tests.conftest import SHARED_FIXTURES

DAYLIO = SHARED_FIXTURES / "daylio"
needs_fixtures = pytest.mark.skipif(
    not DAYLIO.is_dir(), reason=f"shared fixtures not found at {DAYLIO}"
)
POLISH = {"wspaniale": 10, "dobrze": 7.5, "tak sobie": 5, "źle": 2.5, "okropnie": 0}


def records(name: str, header: bool = True) -> list[list[str]]:
    """The file's data records, read with the csv module alone."""
    with open(DAYLIO / name, encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle) if r]
    return rows[1:] if header else rows


def text(name: str) -> str:
    return next(iter(load_path(DAYLIO / name).values()))


def imported(journal, plan, **options):
    checked = preview(journal, plan)
    return checked, import_preview(journal, checked, **options)


def count(journal, table: str) -> int:
    return journal.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@needs_fixtures
def test_every_daylio_fixture_is_recognised_as_daylio():
    for path in sorted(DAYLIO.glob("*.csv")):
        assert detect_format(load_path(path)) == "daylio", path.name


@needs_fixtures
def test_older_year_column_export_imports_every_row_with_default_moods_and_chosen_activities(
    journal,
):
    rows = records("english-2018-year-column.csv")
    bike_days = {(r[0], r[1]) for r in rows if "Bike" in [a.strip() for a in r[5].split("|")]}
    plan = daylio.build(text("english-2018-year-column.csv"), practices=["Bike"])
    checked, result = imported(journal, plan)
    assert checked.problems == []
    assert result.added[EntryKind.CHECK_IN] == len(rows) == 77
    assert result.added[EntryKind.PRACTICE_LOG] == len(bike_days)
    assert result.practices_created == ["Bike"]
    first = journal.execute(
        "SELECT local_time, wellbeing FROM check_ins ORDER BY local_time DESC LIMIT 1"
    ).fetchone()
    assert first == (datetime(2018, 6, 22, 20, 39), DEFAULT_MOODS[rows[0][4]])
    # Notes arrive exactly as written (Hebrew, emoji, commas).
    notes = Counter(r[6] for r in rows if r[6])
    stored = Counter(
        n for (n,) in journal.execute("SELECT note FROM check_ins WHERE note <> ''").fetchall()
    )
    assert stored == Counter({n.strip(): c for n, c in notes.items()})
    other = journal.execute("SELECT count(*) FROM practices WHERE name = 'work'").fetchone()[0]
    assert other == 0, "activities not chosen are left out"


@needs_fixtures
def test_custom_moods_are_listed_with_counts_and_import_once_placed(journal):
    rows = records("english-2019-bom-custom-moods.csv")
    moods = Counter(r[4] for r in rows)
    custom = Counter({m: n for m, n in moods.items() if m.casefold() not in DEFAULT_MOODS})
    plan = daylio.build(text("english-2019-bom-custom-moods.csv"))
    assert plan.unmapped == custom
    assert {p.field for p in plan.problems} == {"mood"}
    assert len(plan.problems) == sum(custom.values())
    with pytest.raises(ImportRefused):
        import_preview(journal, preview(journal, plan))
    assert count(journal, "check_ins") == 0
    placed = daylio.build(
        text("english-2019-bom-custom-moods.csv"), mood_map={m: 4 for m in custom}
    )
    _, result = imported(journal, placed)
    assert result.added[EntryKind.CHECK_IN] == len(rows)


@needs_fixtures
def test_twelve_hour_times_and_byte_order_mark(journal):
    rows = records("english-2020-bom-12h-time.csv")
    plan = daylio.build(text("english-2020-bom-12h-time.csv"), mood_map={"Sick": 2, "Cry": 1})
    _, result = imported(journal, plan)
    assert result.added[EntryKind.CHECK_IN] == len(rows)
    times = {t for (t,) in journal.execute("SELECT local_time FROM check_ins").fetchall()}
    assert datetime(2020, 12, 20, 3, 26) in times  # "3:26 AM"
    assert datetime(2020, 12, 18, 21, 13) in times  # "9:13 PM"


@needs_fixtures
def test_polish_export_needs_its_moods_placed_and_names_the_row_missing_a_column(journal):
    rows = records("polish-2017-localized.csv")
    short = [i + 2 for i, r in enumerate(rows) if len(r) < 7]
    plan = daylio.build(text("polish-2017-localized.csv"), mood_map=POLISH)
    width = [p for p in plan.problems if p.field == "note"]
    assert [p.row for p in width] == short and len(short) == 1
    assert "missing" in width[0].message
    checked = preview(journal, plan)
    with pytest.raises(ImportRefused) as refusal:
        import_preview(journal, checked)
    assert refusal.value.problems[0].row == short[0]
    assert count(journal, "check_ins") == 0
    result = import_preview(journal, checked, skip_bad_rows=True)
    assert result.added[EntryKind.CHECK_IN] == len(rows) - 1
    assert journal.execute("SELECT min(local_time) FROM check_ins").fetchone()[0] == datetime(
        2017, 8, 18, 20, 0
    )


@needs_fixtures
def test_spanish_export_without_header_and_without_leading_zeros(journal):
    rows = records("spanish-2021-no-header-custom-moods.csv", header=False)
    moods = Counter(r[4] for r in rows)
    plan = daylio.build(text("spanish-2021-no-header-custom-moods.csv"))
    assert plan.unmapped == moods  # every label is custom
    plan = daylio.build(
        text("spanish-2021-no-header-custom-moods.csv"), mood_map=dict.fromkeys(moods, 5)
    )
    _, result = imported(journal, plan)
    assert result.added[EntryKind.CHECK_IN] == len(rows)
    assert (
        journal.execute(
            "SELECT count(*) FROM check_ins WHERE local_time = '2021-10-10 09:03'"
        ).fetchone()[0]
        == 1
    )


def test_default_moods_are_evenly_spaced_over_the_scale():
    assert DEFAULT_MOODS == {"rad": 10, "good": 7.5, "meh": 5, "bad": 2.5, "awful": 0}
    assert daylio.mood_value("Good", {}) == 7.5
    assert daylio.mood_value("good", {"good": 8}) == 8
    assert daylio.mood_value("okay", {}) is None


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("June 22", 2018, date(2018, 6, 22)),
        ("7 września", 2017, date(2017, 9, 7)),
        ("16 de octubre", 2021, date(2021, 10, 16)),
        ("3 août", 2020, date(2020, 8, 3)),
        ("22. März", 2019, date(2019, 3, 22)),
        ("5 de março", 2022, date(2022, 3, 5)),
        ("1 dicembre", 2023, date(2023, 12, 1)),
        ("12 fevrier", 2020, date(2020, 2, 12)),
    ],
)
def test_localized_month_names(text, year, expected):
    assert parse_local_date(text, year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20:39", (20, 39)),
        ("9:03", (9, 3)),
        ("07:44", (7, 44)),
        ("3:26 AM", (3, 26)),
        ("12:00 PM", (12, 0)),
        ("12:15 am", (0, 15)),
        ("9:13 p.m.", (21, 13)),
    ],
)
def test_times_in_12_and_24_hours(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("bad", ["25:00", "13:00 PM", "noon", ""])
def test_unreadable_times_are_refused(bad):
    with pytest.raises(ValueError):
        parse_time(bad)


LOCALIZED = """full_date,date,weekday,time,mood,activities,note_title,note
{rows}"""


@pytest.mark.parametrize(
    ("date_text", "weekday"),
    [
        ("4 lipca", "czwartek"),
        ("4 de julio", "jueves"),
        ("4 juillet", "jeudi"),
        ("4. Juli", "Donnerstag"),
        ("4 de julho", "quinta-feira"),
        ("4 luglio", "giovedì"),
    ],
)
def test_localized_weekdays_are_checked_against_the_date(date_text, weekday):
    good = f'2024,{date_text},{weekday},10:00,rad,"",""\n'
    plan = daylio.build("year,date,weekday,time,mood,activities,note\n" + good)
    assert plan.problems == [] and plan.records[EntryKind.CHECK_IN][0]["local_time"] == datetime(
        2024, 7, 4, 10
    )
    wrong = daylio.build(
        "year,date,weekday,time,mood,activities,note\n" + good.replace(weekday, "Monday")
    )
    assert [(p.row, p.field) for p in wrong.problems] == [(2, "weekday")]


def test_quoted_notes_with_commas_newlines_emoji_and_right_to_left_text_survive(journal):
    note = 'Hard day, but I said no 🙂\nשלום, "quoted"'
    body = note.replace('"', '""')
    source = (
        "full_date,date,weekday,time,mood,activities,note_title,note,scales\n"
        f'2024-03-05,March 5,Tuesday,8:15 PM,good,"walk | breathing | walk ","A title","{body}",""\n'
        '2024-03-04,March 4,Monday,07:00,awful,"","","",""\n'
    )
    plan = daylio.build(source, practices=["breathing"])
    _, result = imported(journal, plan)
    assert result.added == {EntryKind.CHECK_IN: 2, EntryKind.PRACTICE_LOG: 1}
    stored = journal.execute("SELECT note FROM check_ins WHERE wellbeing = 7.5").fetchone()[0]
    assert stored == "A title\n" + note
    assert "scales" in " ".join(plan.notes)
    assert plan.choices == Counter({"walk": 2, "breathing": 1})


def test_headerless_file_with_note_title_column():
    source = '2024-01-02,January 2,Tuesday,9:00,meh,"","Title","Body"\n'
    plan = daylio.build(source)
    assert plan.records[EntryKind.CHECK_IN][0]["note"] == "Title\nBody"


def test_future_entries_are_problems_not_crashes(journal):
    soon = clock.today() + timedelta(days=30)
    source = f'full_date,date,weekday,time,mood,activities,note\n{soon:%Y-%m-%d},{soon:%B} {soon.day},{soon:%A},10:00,good,"",""\n'
    checked = preview(journal, daylio.build(source))
    assert [(p.row, p.field) for p in checked.problems] == [(2, "time")]
    assert "future" in checked.problems[0].message
    garbled = daylio.build(source.replace(f"{soon:%Y}-", "2999-", 1).replace(f"{soon:%A}", ""))
    assert [(p.row, p.field) for p in garbled.problems] == [(2, "full_date")]


def test_reimport_adds_nothing_and_a_later_export_adds_only_new_entries(journal):
    header = "full_date,date,weekday,time,mood,activities,note\n"
    old = '2024-03-04,March 4,Monday,07:00,awful,"sport",""\n2024-03-03,March 3,Sunday,21:00,rad,"sport",""\n'
    new = '2024-03-05,March 5,Tuesday,08:00,meh,"sport",""\n'
    imported(journal, daylio.build(header + old, practices=["sport"]))
    checked, again = imported(journal, daylio.build(header + old, practices=["sport"]))
    assert again.total == 0 and checked.duplicates == 4
    _, later = imported(journal, daylio.build(header + new + old, practices=["sport"]))
    assert later.added == {EntryKind.CHECK_IN: 1, EntryKind.PRACTICE_LOG: 1}
    assert count(journal, "check_ins") == 3 and count(journal, "practice_log") == 3


def test_a_file_with_an_unknown_shape_is_refused_clearly():
    with pytest.raises(ImportRefused, match="columns"):
        daylio.build("a,b\n1,2\n")
    with pytest.raises(ImportRefused, match="empty"):
        daylio.build("")
