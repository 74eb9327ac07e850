"""A wall time the clock skipped (a daylight-saving gap) is kept as typed, with the zone's offset
after the change, in the app and on import. Each test runs in the zone it names (TZ and
`time.tzset()`), and the zone is restored after."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from analytics import storage
from analytics.importers import generic_csv
from analytics.importers.apply import import_preview, preview
from analytics.importers.generic_csv import CsvMapping

# (zone, the wall time typed, offset before the gap, offset after it, in minutes)
GAPS = {
    "Santiago, the night of 6 to 7 Sep 2025": (
        "America/Santiago",
        datetime(2025, 9, 7, 0, 30),
        -240,
        -180,
    ),
    "London, 30 Mar 2025": ("Europe/London", datetime(2025, 3, 30, 1, 30), 0, 60),
}
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def zone(request):
    """Run in the time zone `request.param`, then restore the machine's."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def stored(con, table: str) -> list[tuple]:
    return con.execute(f"SELECT local_time, utc_offset_min FROM {table}").fetchall()


@pytest.mark.parametrize(
    ("zone", "case"), [(GAPS[c][0], c) for c in GAPS], indirect=["zone"], ids=list(GAPS)
)
def test_a_time_in_a_daylight_saving_gap_is_kept_as_typed_in_the_app(zone, case, journal):
    _, typed, _, after = GAPS[case]
    # The Log page's day and time fields, combined as views/log.py does.
    when = datetime.combine(typed.date(), typed.time())
    storage.add_check_in(journal, when=when, wellbeing=5, now=NOW)
    storage.log_practice(journal, practice="Breathing or grounding", when=typed, now=NOW)
    assert stored(journal, "check_ins") == [(typed, after)]
    assert stored(journal, "practice_log") == [(typed, after)]


@pytest.mark.parametrize(
    ("zone", "case"), [(GAPS[c][0], c) for c in GAPS], indirect=["zone"], ids=list(GAPS)
)
def test_a_time_in_a_daylight_saving_gap_is_kept_as_typed_on_import(zone, case, journal):
    _, typed, _, after = GAPS[case]
    sheet = f"Day,Time,Mood\n{typed:%Y-%m-%d},{typed:%H:%M},6\n"
    mapping = CsvMapping(date="Day", time="Time", date_format="%Y-%m-%d", wellbeing="Mood")
    checked = preview(journal, generic_csv.build(sheet, mapping), now=NOW)
    import_preview(journal, checked)
    assert stored(journal, "check_ins") == [(typed, after)]


@pytest.mark.parametrize(
    ("zone", "case"), [(GAPS[c][0], c) for c in GAPS], indirect=["zone"], ids=list(GAPS)
)
def test_times_beside_a_gap_keep_their_own_offsets(zone, case, journal):
    _, typed, before, after = GAPS[case]
    earlier, later = typed - timedelta(hours=1), typed + timedelta(hours=1)
    for when in (earlier, later):
        storage.add_check_in(journal, when=when, wellbeing=5, now=NOW)
    assert sorted(stored(journal, "check_ins")) == [(earlier, before), (later, after)]


@pytest.mark.parametrize("zone", ["Europe/London"], indirect=True)
def test_a_time_in_the_hour_repeated_in_autumn_keeps_its_first_offset(zone, journal):
    storage.add_check_in(journal, when=datetime(2025, 10, 26, 1, 30), wellbeing=5, now=NOW)
    assert stored(journal, "check_ins") == [(datetime(2025, 10, 26, 1, 30), 60)]
    assert storage.list_entries(journal, "check_ins", start=date(2025, 10, 26))["id"].size == 1
