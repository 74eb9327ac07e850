"""Import files made to measure, for the import bench (bench/import_bench.py,
bench/import_memory.py) and the tests that import them at size (tests/test_import_safety.py,
tests/test_import_memory.py)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from analytics import clock

MOODS = ("rad", "good", "meh", "bad", "awful")
ACTIVITIES = ("work", "walk", "breathing", "friends", "reading", "family", "gaming", "cleaning")


def daylio_csv(rows: int, *, seed: int = 7, end: date | None = None) -> str:
    """A Daylio export (newest first, 12-hour times, quoted notes) with `rows` entries, 5 a day."""
    rng = random.Random(seed)
    end = end or clock.today() - timedelta(days=1)
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for i in range(rows):
        day = end - timedelta(days=i // 5)
        hour = 8 + (4 - i % 5) * 3
        at = f"{(hour - 1) % 12 + 1}:{rng.randrange(60):02d} {'AM' if hour < 12 else 'PM'}"
        acts = " | ".join(rng.sample(ACTIVITIES, rng.randrange(4)))
        note = rng.choice(("", "", "Hard day, but I said no", 'Felt "okay"\nthen better 🌱'))
        note = note.replace('"', '""')
        lines.append(
            f'{day:%Y-%m-%d},{day:%B} {day.day},{day:%A},{at},{rng.choice(MOODS)},"{acts}","","{note}"'
        )
    return "\n".join(lines) + "\n"


def sheet(path: Path, megabytes: int) -> int:
    """Write an any-CSV file of about `megabytes` MB; return its rows (one every two minutes, from 1990)."""
    target = megabytes * 1_000_000
    start = date(1990, 1, 1)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Day,Time,Mood,Note\n")
        written = 0
        while written < target:
            minute = rows * 2
            day = start + timedelta(days=minute // 1440)
            line = f"{day:%Y-%m-%d},{minute % 1440 // 60:02d}:{minute % 60:02d},{rows % 11},ok\n"
            out.write(line)
            written += len(line)
            rows += 1
    return rows
