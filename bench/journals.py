"""Dense synthetic journals for benchmarks: several check-ins, triggers and practice logs a day,
a session a week, and PHQ-9, GAD-7 and WHO-5 every other week (all three in use).

Rows are built directly with numpy (they are valid by construction) and written with
`storage.insert_rows` in one transaction, so ten years take seconds. Files are cached under
bench/.cache/, keyed by length and by today's date (every view ends today). Benchmarks never
open a cached file itself: each case copies it to a temporary file, so a cache another process
holds open (a second bench, an app pointed at it) does not get in the way.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import clock, storage
from analytics.entries import DEFAULT_TRIGGER_CATEGORIES, EntryKind
from analytics.storage.schema import LATEST_VERSION

CACHE = Path(__file__).resolve().parent / ".cache"
CHECK_INS_PER_DAY = 3
TRIGGERS_PER_DAY = 2
PRACTICE_LOGS_PER_DAY = 3
VERSION = 3  # 2: questionnaires; 3: practices distinct within a day
RESPONSE_EVERY_DAYS = 14
"""PHQ-9, GAD-7 and WHO-5 fortnightly, as a person in measurement-based care answers them."""


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i:08d}" for i in range(n)]


def _moments(days: pd.DatetimeIndex, per_day: int, rng: np.random.Generator) -> pd.DatetimeIndex:
    base = np.repeat(days.to_numpy(), per_day)
    minutes = np.sort(rng.integers(7 * 60, 22 * 60, size=(len(days), per_day)), axis=1).ravel()
    return pd.DatetimeIndex(base + minutes.astype("timedelta64[m]"))


def _responses(days: pd.DatetimeIndex, level: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Every measure every RESPONSE_EVERY_DAYS days, its raw sum following the wellbeing level
    (worse when it is low), spread evenly over the items (PHQ-9 item 9 stays 0)."""
    picked = np.arange(len(days) - 1, -1, -RESPONSE_EVERY_DAYS)[::-1]
    frames = []
    for measure, items, top, at_4, slope, multiplier in (
        ("phq9", 8, 3, 16.0, -3.7, 1),
        ("gad7", 7, 3, 13.0, -2.7, 1),
        ("who5", 5, 5, 7.0, 3.3, 4),
    ):
        raw = np.clip(
            np.rint(at_4 + slope * (level[picked] - 4) + rng.normal(0, 1.5, len(picked))),
            0,
            items * top,
        ).astype(int)
        base, extra = raw // items, raw % items
        answers = {f"item_{i}": base + (extra >= i).astype(int) for i in range(1, items + 1)}
        if measure == "phq9":
            answers["item_9"] = np.zeros(len(picked), dtype=int)
        frames.append(
            pd.DataFrame(
                {
                    "id": _ids(f"m{measure}", len(picked)),
                    "day": days[picked].date,
                    "measure": measure,
                    **answers,
                    "total": raw * multiplier,
                    "source": "bench",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def build(path: Path, years: int, today: date, seed: int = 7) -> Path:
    """Write a journal of `years` years ending `today` at `path` (replacing it)."""
    rng = np.random.default_rng(seed)
    path.unlink(missing_ok=True)
    days = pd.date_range(today - timedelta(days=365 * years - 1), today, freq="D")
    n = len(days)
    level = 4 + 2.5 * np.arange(n) / n + rng.normal(0, 0.2, n).cumsum() * 0.05
    for start in rng.choice(n - 20, size=max(1, n // 60), replace=False):
        level[start : start + rng.integers(5, 12)] -= rng.uniform(1.0, 2.5)
    when = _moments(days, CHECK_INS_PER_DAY, rng)
    wellbeing = np.clip(
        np.repeat(level, CHECK_INS_PER_DAY) + rng.normal(0, 0.8, len(when)), 0, 10
    ).round(1)
    check_ins = pd.DataFrame(
        {
            "id": _ids("c", len(when)),
            "local_time": when,
            "utc_offset_min": 60,
            "wellbeing": wellbeing,
            "anxiety": np.clip(10 - wellbeing + rng.normal(0, 1, len(when)), 0, 10).round(1),
            "energy": np.clip(wellbeing + rng.normal(0, 1.5, len(when)), 0, 10).round(1),
            "emotions": "calm",
            "note": np.where(rng.random(len(when)) < 0.3, "a few words about the day", ""),
            "source": "bench",
        }
    )
    when_t = _moments(days, TRIGGERS_PER_DAY, rng)
    triggers = pd.DataFrame(
        {
            "id": _ids("t", len(when_t)),
            "local_time": when_t,
            "utc_offset_min": 60,
            "category": rng.choice(list(DEFAULT_TRIGGER_CATEGORIES), len(when_t)),
            "what_happened": "something happened",
            "intensity": rng.integers(1, 11, len(when_t)).astype(float),
            "response": "I paused",
            "response_kind": rng.choice(["new_skill", "old_pattern", "other"], len(when_t)),
            "helped": rng.integers(0, 11, len(when_t)).astype(float),
            "note": "",
            "source": "bench",
        }
    )
    con = storage.connect(path)
    try:
        practice_ids = storage.practices(con)["id"].tolist()
        when_p = _moments(days, PRACTICE_LOGS_PER_DAY, rng)
        practice_log = pd.DataFrame(
            {
                "id": _ids("p", len(when_p)),
                "local_time": when_p,
                "utc_offset_min": 60,
                # Three different practices a day: a practice counts once a day (a unique
                # index since migration 5), so no day draws the same one twice.
                "practice_id": np.concatenate(
                    [
                        rng.choice(practice_ids, PRACTICE_LOGS_PER_DAY, replace=False)
                        for _ in range(len(days))
                    ]
                ),
                "minutes": rng.integers(5, 40, len(when_p)),
                "note": "",
                "first_time": False,
                "status": np.where(rng.random(len(when_p)) < 0.05, "rest", "done"),
                "source": "bench",
            }
        )
        session_days = days[::7]
        sessions = pd.DataFrame(
            {
                "id": _ids("s", len(session_days)),
                "day": session_days.date,
                "note": "",
                "source": "bench",
            }
        )
        with storage.transaction(con):
            for kind, frame in (
                (EntryKind.CHECK_IN, check_ins),
                (EntryKind.TRIGGER, triggers),
                (EntryKind.PRACTICE_LOG, practice_log),
                (EntryKind.SESSION, sessions),
                (EntryKind.MEASURE_RESPONSE, _responses(days, level, rng)),
            ):
                storage.insert_rows(con, kind, frame.to_dict("records"))
        storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def journal(years: int, today: date | None = None) -> Path:
    """The cached dense journal of `years` years ending today, built when missing."""
    today = today or clock.today()
    # The schema version too: a journal cached before a migration is built again, not read
    # (read-only) at a version the queries no longer match.
    path = CACHE / f"dense-{years}y-{today.isoformat()}-v{VERSION}-s{LATEST_VERSION}.duckdb"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"dense-{years}y-*.duckdb"):
            stale.unlink(missing_ok=True)
        started = clock.now()
        # A name of this process's own, renamed into place when whole: two benches building at
        # once never write one file, and a reader never sees half a journal.
        building = path.with_suffix(f".{os.getpid()}.tmp")
        build(building, years, today)
        building.replace(path)
        print(f"built {path.name} in {(clock.now() - started).total_seconds():.1f} s")
    return path
