"""The app's one clock: what it reads, and a guard that nothing else reads the date."""

from __future__ import annotations

import ast
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from analytics import clock

ROOT = Path(__file__).resolve().parent.parent
CLOCK_FILE = ROOT / "analytics" / "clock.py"
# What reads the machine's date or time of day, as `date.today()`, `datetime.now(UTC)`,
# `datetime.datetime.utcnow()`, `pd.Timestamp.now()`...
CLOCK_READERS = {"today", "now", "utcnow", "utcfromtimestamp"}
CLOCK_OWNERS = {"date", "datetime", "Timestamp"}


def _python_files() -> list[Path]:
    folders = ["analytics", "serving", "views", "bench", "sample_data", "testkit", "tests"]
    files = [ROOT / "between_sessions" / "app.py", ROOT / "between_sessions" / "server.py"]
    for folder in folders:
        files.extend(sorted((ROOT / folder).rglob("*.py")))
    return [f for f in files if f != CLOCK_FILE]


def _owner_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in CLOCK_READERS
            and _owner_name(node.value) in CLOCK_OWNERS
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
        # Streamlit's date_input(value="today") reads the machine's date behind our back.
        if (
            isinstance(node, ast.keyword)
            and node.arg == "value"
            and isinstance(node.value, ast.Constant)
            and node.value.value in ("today", "now")
        ):
            found.append(
                f"{path.relative_to(root)}:{node.value.lineno}: value={node.value.value!r}"
            )
    return found


def test_nothing_but_the_clock_reads_the_date():
    reads = [read for path in _python_files() for read in _clock_reads(path)]
    assert not reads, "read the date through analytics.clock instead:\n" + "\n".join(reads)


def test_the_guard_finds_each_way_of_reading_the_date(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import datetime as dt\nimport pandas as pd\nfrom datetime import date, datetime\n"
        "a = date.today()\nb = datetime.now(UTC)\nc = dt.datetime.utcnow()\n"
        "d = pd.Timestamp.now()\ne = dt.date.today\nst.date_input('Day', value='today')\n"
    )
    assert len(_clock_reads(planted, root=tmp_path)) == 6


def test_unset_it_follows_the_machine(monkeypatch):
    monkeypatch.delenv(clock.ENV, raising=False)
    before = datetime.fromtimestamp(time.time())  # the machine's own clock, to compare with
    read = clock.now()
    assert before <= read <= before + timedelta(seconds=5)
    assert clock.frozen() is None


def test_a_wall_clock_setting_is_this_machines_local_time(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2028-02-29T23:30")
    assert clock.now() == datetime(2028, 2, 29, 23, 30)
    assert clock.today() == date(2028, 2, 29)
    assert clock.now(UTC) == datetime(2028, 2, 29, 23, 30).astimezone(UTC)


def test_an_instant_is_shown_in_this_machines_zone(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2027-01-07T00:30+00:00")
    instant = datetime(2027, 1, 7, 0, 30, tzinfo=UTC)
    assert clock.now(UTC) == instant
    assert clock.now(timezone(timedelta(hours=-5))) == instant
    assert clock.now() == instant.astimezone().replace(tzinfo=None)


def test_a_plain_date_is_noon_of_that_day(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2027-01-07")
    assert clock.now() == datetime(2027, 1, 7, 12)


def test_it_stands_still_while_set(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2027-01-07T23:59:59")
    assert clock.now() == clock.now()


def test_a_setting_that_is_not_a_date_says_what_is_wrong(monkeypatch):
    monkeypatch.setenv(clock.ENV, "next tuesday")
    with pytest.raises(ValueError, match="BETWEEN_NOW='next tuesday' is not a date and time"):
        clock.today()


def test_the_suite_runs_on_a_set_clock():
    """conftest sets the clock for the whole run, so no test depends on the machine's date."""
    assert clock.frozen() is not None
