"""The deterministic sample journal: a year of one person's life between therapy sessions.

`generate(seed)` returns the tables and the planted truth; `python -m sample_data.generate`
rewrites the committed CSVs in `sample_data/journal/` and `sample_data/truth.json`.

What is planted (the constants below hold the numbers):
- wellbeing trends from about 4 to about 7 over the year, with per-check-in noise of sd ~0.9
  (a daily shock of sd 0.5 and a within-day one of sd 0.7), 1-3 check-ins on most days and
  ~12% of days missed; anxiety runs roughly inverse to wellbeing;
- 7 setbacks: a dip below the trend of 1.5-3.5 points that deepens over 2-4 days, may rest at
  its trough for a few days, then recovers, in ~10 days early in the year and ~3 days late;
- triggers (~4.5 a week): Work mostly on Monday and Tuesday mornings, Family on Sunday evenings,
  Partner in the evenings; intensity eases slowly; responses move from ~20% new skill to ~70%,
  and new skills help more than old patterns;
- practices from the default catalog, started at different times, with streaks, lapses and
  planned rest days; the daily one has planted runs of growing length;
- weekly reflections that answer the four prompts from what actually happened that week;
- therapy every one or two weeks, and one session booked a few days after the last day; one
  session missed (the Thursday in the last fortnightly gap), a weekly schedule from the booked
  session with one date moved and one cancelled, and tasks agreed in the last three attended
  sessions with mixed marks (a random stream of its own);
- PHQ-9, GAD-7 and WHO-5 answered together every other Wednesday, each total following the
  person's wellbeing over the fortnight it asks about (so scores worsen in the setbacks and
  improve over the year), with one missed stretch of six weeks in the summer holiday; the
  answers add up to the totals, and PHQ-9 item 9 is 0 but for a single 1 early on (named in
  the truth as `measures.item_9_above_0`). Drawn from a random stream of its own, so the other
  tables are exactly as before questionnaires were added;
- sleep (the night before) with the first check-in of ~60% of check-in days: hours around 7
  and quality around 5, both higher on days of higher wellbeing (`SLEEP_PER_POINT`), so
  Patterns has a true link to find; some nights give only one of the two. Drawn from a
  random stream of its own, so every other draw is as before;
- the days after a session (`AFTERMATH_DIP`): each check-in on the first and second day after
  an attended session, and in the session's evening, is 1 wellbeing point lower (back to the
  usual level by the third day), the stirring-up many people feel after a session, so the
  Patterns page's days after a session has a true dip to claim. Applied to the drawn check-ins from a random stream
  of its own (seed and 33), so no other draw moves; after the sleep is drawn, so the nights
  are as before (sleep is not planted to follow a session).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics.entries import DAILY, DEFAULT_PRACTICES
from sample_data import voice
from sample_data.truth import derive_truth

END_DAY = date(2026, 11, 20)
DAYS = 365
FIRST_DAY = END_DAY - timedelta(days=DAYS - 1)
SEED = 7

TREND_START, TREND_END = 4.0, 7.0
DAILY_SHOCK_SD, CHECK_IN_SD = 0.5, 0.7
MISSED_DAY_SHARE = 0.12
SETBACK_COUNT = 7
SETBACK_DEPTHS = (2.6, 3.5, 1.6, 3.0, 2.2, 1.9, 2.8)
RECOVERY_FIRST, RECOVERY_LAST = 10, 3
NEW_SKILL_FIRST, NEW_SKILL_LAST = 0.2, 0.7
UPCOMING_SESSION_AFTER = 6

HERE = Path(__file__).resolve().parent
JOURNAL_DIR = HERE / "journal"
TRUTH_FILE = HERE / "truth.json"
SCHEDULE_FILE = "schedule.json"
TABLES = (
    "practices",
    "check_ins",
    "triggers",
    "practice_log",
    "reflections",
    "sessions",
    "measure_responses",
    "session_tasks",
    "goals",
    "goal_ratings",
)
MEASURES_IN_USE = ("phq9", "gad7", "who5")

# Questionnaires: every RESPONSE_EVERY days from the first Wednesday, but none in the summer
# holiday's six weeks (the two answers due in MISSED are skipped). Expected totals are lines in
# the fortnight's mean wellbeing w (4 at the start of the year, 7 at the end): PHQ-9 16 at w=4
# and 5 at w=7, GAD-7 13 and 5, WHO-5 28% and 68%, each with noise of the given sd (points).
RESPONSE_EVERY = 14
MISSED = (date(2026, 7, 23), date(2026, 9, 1))
MEASURE_LINES = {  # measure: (expected raw sum at w=4, change per point of w, noise sd, item cap)
    "phq9": (16.0, -3.7, 1.6, 3),
    "gad7": (13.0, -2.7, 1.4, 3),
    "who5": (7.0, 3.3, 1.5, 5),
}
# How readily each item rises with the total (PHQ-9 item 9 is never drawn; see ITEM_9_ON).
ITEM_WEIGHTS = {
    "phq9": (1.0, 1.2, 1.3, 1.4, 0.8, 1.0, 0.9, 0.4, 0.0),
    "gad7": (1.3, 1.1, 1.2, 1.2, 0.6, 1.0, 0.7),
    "who5": (1.0, 1.0, 0.9, 0.8, 1.1),
}
ITEM_9_ON = 3
"""The one response (counted from 0) whose PHQ-9 item 9 is 1: early, in the first setback."""


@dataclass
class Sample:
    """The sample's tables (one DataFrame per CSV) and its planted truth."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    truth: dict[str, Any] = field(default_factory=dict)
    schedule: dict[str, Any] = field(default_factory=dict)
    """The session schedule (`session_schedule`), written to `SCHEDULE_FILE`."""


def utc_offset_min(day: date) -> int:
    """The person lives in London (GMT/BST) and spends a week in New York in August."""
    if date(2026, 8, 10) <= day <= date(2026, 8, 16):
        return -240
    summer = date(2026, 3, 29) <= day < date(2026, 10, 25)
    return 60 if summer else 0


def _at(day: date, hour: float) -> datetime:
    minutes = int(round(hour * 60))
    return datetime(day.year, day.month, day.day) + timedelta(minutes=min(minutes, 24 * 60 - 1))


def _days() -> list[date]:
    return [FIRST_DAY + timedelta(days=i) for i in range(DAYS)]


# --- wellbeing and setbacks ------------------------------------------------------------


def trend(position: np.ndarray) -> np.ndarray:
    """The person's underlying level at `position` (0 = first day, 1 = last day): a gently easing rise."""
    return TREND_START + (TREND_END - TREND_START) * position**0.85


def plan_setbacks(rng: np.random.Generator) -> list[dict[str, Any]]:
    """Seven dips spread over the year: depths from SETBACK_DEPTHS, recovery shortening 10 -> 3 days.

    `start` is the first day below the trend, `trough` the first day at full depth, `end` the
    last day below the trend and `recovered` the first day back at it; `recovery_days` counts
    the climb from the last trough day to `recovered`.
    """
    centres = np.linspace(28, DAYS - 40, SETBACK_COUNT)
    setbacks = []
    for i, centre in enumerate(centres):
        start = int(centre + rng.integers(-8, 9))
        descent = int(rng.integers(2, 5))
        hold = int(rng.integers(0, 4))
        recovery = int(round(np.interp(i, [0, SETBACK_COUNT - 1], [RECOVERY_FIRST, RECOVERY_LAST])))
        depth = round(SETBACK_DEPTHS[i] + float(rng.uniform(-0.1, 0.1)), 2)
        trough = start + descent
        end = trough + hold + recovery
        setbacks.append(
            {
                "start": FIRST_DAY + timedelta(days=start),
                "trough": FIRST_DAY + timedelta(days=trough),
                "end": FIRST_DAY + timedelta(days=end),
                "recovered": FIRST_DAY + timedelta(days=end + 1),
                "depth": depth,
                "days_to_trough": descent,
                "days_at_trough": hold + 1,
                "recovery_days": recovery,
                "length_days": end - start + 1,
            }
        )
    return setbacks


def setback_dip(setbacks: list[dict[str, Any]]) -> np.ndarray:
    """How far below the trend each day sits (0 outside setbacks; `depth` across the trough)."""
    dip = np.zeros(DAYS)
    for s in setbacks:
        start, trough, end = ((s[k] - FIRST_DAY).days for k in ("start", "trough", "end"))
        last_trough = trough + s["days_at_trough"] - 1
        for d in range(start, end + 1):
            if d < trough:
                fraction = (d - start + 1) / (trough - start + 1)
            elif d <= last_trough:
                fraction = 1.0
            else:
                fraction = (end + 1 - d) / (end + 1 - last_trough)
            dip[d] = max(dip[d], s["depth"] * fraction)
    return dip


def _clip_round(value: float) -> int:
    return int(np.clip(np.rint(value), 0, 10))


def check_ins(rng: np.random.Generator, level: np.ndarray, dip: np.ndarray) -> pd.DataFrame:
    rows = []
    slots = ((7.0, 9.5), (12.0, 14.5), (19.5, 22.5))
    deepest = {
        i for i in range(1, DAYS - 1) if dip[i] > 1 and dip[i] >= max(dip[i - 1], dip[i + 1])
    }
    for i, day in enumerate(_days()):
        # The last day and each trough are always logged: the sample ends "today", and a dip
        # nobody wrote down cannot be found by any honest detector.
        if i != DAYS - 1 and i not in deepest and rng.random() < MISSED_DAY_SHARE:
            continue
        count = int(rng.choice([1, 2, 3], p=[0.4, 0.43, 0.17]))
        chosen = sorted(rng.choice(3, size=count, replace=False))
        shock = rng.normal(0, DAILY_SHOCK_SD)
        weekend = day.weekday() >= 5
        for slot in chosen:
            latent = level[i] + shock + rng.normal(0, CHECK_IN_SD)
            band = "low" if latent < 4.5 else "mid" if latent < 6.5 else "high"
            anxiety = 10.5 - 0.8 * latent + rng.normal(0, 0.9)
            energy = (
                2.8
                + 0.45 * latent
                + (0.5 if weekend else 0)
                - (0.8 if slot == 2 else 0)
                + rng.normal(0, 1.0)
            )
            words = rng.choice(voice.EMOTIONS[band], size=int(rng.integers(1, 4)), replace=False)
            note = ""
            if rng.random() < 0.28:
                note = voice.pick(rng, voice.CHECK_IN_NOTES[band]) + voice.pick(
                    rng, voice.CHECK_IN_TAILS
                )
            rows.append(
                {
                    "local_time": _at(day, rng.uniform(*slots[slot])),
                    "utc_offset_min": utc_offset_min(day),
                    "wellbeing": _clip_round(latent),
                    "anxiety": _clip_round(anxiety) if rng.random() > 0.08 else None,
                    "energy": _clip_round(energy) if rng.random() > 0.12 else None,
                    "emotions": ", ".join(words),
                    "note": note,
                }
            )
    return pd.DataFrame(rows).astype({"anxiety": "Int64", "energy": "Int64"})


SLEEP_SHARE = 0.6
"""The share of check-in days whose first check-in gives the night's sleep."""
SLEEP_PER_POINT = (0.35, 0.7)
"""Planted: hours and quality (0-10) higher by these per point of the day's mean wellbeing."""


def with_sleep(rng: np.random.Generator, checks: pd.DataFrame) -> pd.DataFrame:
    """`checks` with `sleep_hours` (to the quarter hour) and `sleep_quality` on the first
    check-in of `SLEEP_SHARE` of its days, drawn from `rng` alone; 10% of those nights give
    hours only and 5% quality only. Both follow the day's mean wellbeing (`SLEEP_PER_POINT`)."""
    day = checks["local_time"].dt.date
    first = ~day.duplicated()
    mean = checks.groupby(day)["wellbeing"].transform("mean").to_numpy(dtype="float64")
    n = len(checks)
    given = first.to_numpy() & (rng.random(n) < SLEEP_SHARE)
    kind = rng.random(n)
    hours = np.clip(
        np.rint((7.0 + SLEEP_PER_POINT[0] * (mean - 5.5) + rng.normal(0, 0.8, n)) * 4) / 4, 3, 11
    )
    quality = np.clip(
        np.rint(5.0 + SLEEP_PER_POINT[1] * (mean - 5.5) + rng.normal(0, 1.3, n)), 0, 10
    )
    return checks.assign(
        sleep_hours=pd.Series(np.where(given & (kind >= 0.05), hours, np.nan)),
        sleep_quality=pd.Series(
            np.where(given & (kind < 0.05) | given & (kind >= 0.15), quality, np.nan)
        ).astype("Int64"),
    )


AFTERMATH_DAYS = (1, 2)
"""Planted: the days after an attended session whose check-ins are lower (day 3 is not)."""
AFTERMATH_FROM_HOUR = 18
"""Planted: on the session's own day, the check-ins from this hour are lower too (the sessions
are at 17:30, as the schedule says): the stirring-up starts that evening."""
AFTERMATH_DIP = 1.0
"""Planted: how much lower, in wellbeing points, on average (see `after_session_dip`)."""


def after_session_dip(
    rng: np.random.Generator, checks: pd.DataFrame, session_days: list[date]
) -> pd.DataFrame:
    """`checks` with each wellbeing on `AFTERMATH_DAYS` after a session in `session_days`, and
    on the session's day from `AFTERMATH_FROM_HOUR`, lower by `AFTERMATH_DIP` on average: by
    its whole part, and by one more point with the chance of its fraction (drawn from `rng`
    alone), never below 0. Other columns are left as drawn, so the main stream's draws (which
    depend on nothing here) stay as they were.

    Why the session's evening too: Patterns fits each factor on its day and the day after
    together, and a dip over the two days after a one-day factor, sharp from one day to the
    next, reads there as that day being higher than others (planted on days 1 and 2 alone, the
    sample claimed "on days with a therapy session, your wellbeing was 0.7 points higher"). The
    evening after the session is where such a dip starts in life as well."""
    when = checks["local_time"]
    day = when.dt.date
    after = {s + timedelta(days=k) for s in session_days for k in AFTERMATH_DAYS}
    evening = day.isin(set(session_days)) & (when.dt.hour >= AFTERMATH_FROM_HOUR)
    hit = (day.isin(after) | evening).to_numpy()
    whole = int(AFTERMATH_DIP)
    extra = rng.random(len(checks)) < AFTERMATH_DIP - whole
    lowered = checks["wellbeing"].to_numpy() - np.where(hit, whole + extra, 0)
    return checks.assign(wellbeing=np.clip(lowered, 0, 10).astype(int))


def aftermath_truth() -> dict[str, Any]:
    """The planted dip after sessions, as the truth records it."""
    return {
        "outcome": "wellbeing",
        "days_after": list(AFTERMATH_DAYS),
        "session_evening_from_hour": AFTERMATH_FROM_HOUR,
        "dip": AFTERMATH_DIP,
    }


# --- sessions ---------------------------------------------------------------------------


def sessions(rng: np.random.Generator) -> pd.DataFrame:
    """Thursdays, weekly at first, then more often fortnightly; one booked after the last day."""
    day = FIRST_DAY + timedelta(days=(3 - FIRST_DAY.weekday()) % 7)
    rows = []
    while day <= END_DAY:
        rows.append(
            {"day": day, "note": voice.pick(rng, voice.SESSION_NOTES) if rng.random() < 0.7 else ""}
        )
        fortnightly = 0.15 + 0.5 * (day - FIRST_DAY).days / DAYS
        day += timedelta(days=14 if rng.random() < fortnightly else 7)
    upcoming = END_DAY + timedelta(days=UPCOMING_SESSION_AFTER)
    rows.append({"day": upcoming, "note": "Booked. Want to talk about the year so far."})
    return pd.DataFrame(rows)


# --- sessions as lived: a missed one, a schedule, tasks agreed ---------------------------

SCHEDULE_WEEKS = 12
"""The schedule: weekly from the booked session, for this many weeks; its second date moved a
day later, its fourth (Christmas Eve in the committed sample) cancelled."""
TASK_SESSIONS = 3
"""Tasks are agreed in the last this many attended sessions before the last day."""
TASKS = (
    "Say no once to my manager this week",
    "Notice the first sign of worry and write it down",
    "Take a ten-minute walk after lunch on work days",
    "Call my sister back without rehearsing it first",
    "Leave one email until the next morning",
    "Try the breathing exercise before the Sunday call",
    "Tell my partner one thing I need",
    "Go to bed before midnight three nights",
)
IN_THE_WAY = (
    "A deadline moved and I forgot.",
    "I was too tired by the evening.",
    "It felt too big on the day.",
    "",
)


def sessions_as_lived(frame: pd.DataFrame) -> pd.DataFrame:
    """The drawn sessions, all attended, plus one missed: the Thursday in the middle of the
    last fortnightly gap before the last day (no random draw, so nothing else moves)."""
    lived = frame.assign(status="attended")
    past = sorted(d for d in frame["day"] if d <= END_DAY)
    gaps = [a for a, b in zip(past, past[1:], strict=False) if (b - a).days == 14]
    missed = {"day": gaps[-1] + timedelta(days=7), "note": "", "status": "missed"}
    return pd.concat([lived, pd.DataFrame([missed])]).sort_values("day").reset_index(drop=True)


def session_schedule(frame: pd.DataFrame) -> dict[str, Any]:
    """Weekly from the booked session, with one date moved and one cancelled."""
    start = max(frame["day"])
    week = timedelta(days=7)
    return {
        "start": start,
        "every_weeks": 1,
        "until": start + (SCHEDULE_WEEKS - 1) * week,
        "at": "17:30",
        "moved": {(start + week).isoformat(): start + week + timedelta(days=1)},
        "cancelled": [start + 4 * week],
    }


def session_tasks(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """One to three tasks in each of the last `TASK_SESSIONS` attended sessions, by `day`: the
    earlier ones marked (done, partly, not done), the last one's partly still open. Drawn from
    a stream of its own."""
    attended = sorted(
        d for d, s in zip(frame["day"], frame["status"], strict=True) if s == "attended"
    )
    chosen = [d for d in attended if d <= END_DAY][-TASK_SESSIONS:]
    texts = list(rng.permutation(TASKS))
    rows = []
    for number, day in enumerate(chosen):
        last = number == len(chosen) - 1
        for position in range(int(rng.integers(1, 4)) if not last else 3):
            text = str(texts.pop())
            statuses = (
                ("done", "partly", "not_done", "open") if last else ("done", "partly", "not_done")
            )
            status = str(rng.choice(statuses, p=(0.3, 0.2, 0.2, 0.3) if last else (0.5, 0.3, 0.2)))
            if last and position == 0:
                status = "open"  # the week is not over: one not marked yet
            way = str(rng.choice(IN_THE_WAY)) if status in ("partly", "not_done") else ""
            rows.append(
                {
                    "day": day,
                    "position": position,
                    "text": text,
                    "status": status,
                    "what_got_in_the_way": way,
                }
            )
    return pd.DataFrame(rows)


# --- triggers ---------------------------------------------------------------------------

# Expected triggers per day by weekday (Monday first), and hour ranges with their weights.
TRIGGER_RATES = {
    "Work": ((0.6, 0.32, 0.12, 0.1, 0.08, 0.02, 0.02), (((8, 11.5), 0.78), ((13, 17), 0.22))),
    "Family": ((0.04, 0.04, 0.04, 0.04, 0.05, 0.08, 0.4), (((18, 21.5), 0.75), ((13, 17), 0.25))),
    "Partner": ((0.08,) * 7, (((19, 23), 0.82), ((8, 10), 0.18))),
    "Friends and social": (
        (0.03, 0.03, 0.03, 0.04, 0.12, 0.12, 0.04),
        (((18, 23), 0.7), ((12, 17), 0.3)),
    ),
    "Body and health": ((0.045,) * 7, (((7, 22), 1.0),)),
    "Money": ((0.03,) * 7, (((9, 21), 1.0),)),
    "News and online": ((0.045,) * 7, (((21, 24), 0.8), ((12, 14), 0.2))),
    "Memories": ((0.025,) * 7, (((22, 24), 0.5), ((15, 21), 0.5))),
    "Other": ((0.02,) * 7, (((8, 22), 1.0),)),
}


GOLDEN = (5**0.5 - 1) / 2


def new_skill_share(position: float) -> float:
    """The planted chance that a response is a new skill, from ~20% to ~70% along a gentle S-curve."""
    s = 1 / (1 + np.exp(-(position - 0.5) * 6))
    s0, s1 = 1 / (1 + np.exp(3)), 1 / (1 + np.exp(-3))
    return NEW_SKILL_FIRST + (NEW_SKILL_LAST - NEW_SKILL_FIRST) * (s - s0) / (s1 - s0)


def triggers(rng: np.random.Generator, dip: np.ndarray) -> pd.DataFrame:
    rows = []
    # Response kinds are drawn from a golden-ratio sequence rather than independent draws, so
    # each month's share of new skills stays close to the planted curve (honest but not noisy).
    draw = float(rng.random())
    for i, day in enumerate(_days()):
        position = i / (DAYS - 1)
        for category, (rates, hours) in TRIGGER_RATES.items():
            for _ in range(rng.poisson(rates[day.weekday()] * (1 + 0.25 * (dip[i] > 1)))):
                ranges, weights = zip(*hours, strict=True)
                low, high = ranges[int(rng.choice(len(ranges), p=np.array(weights) / sum(weights)))]
                p_new = max(0.05, new_skill_share(position) - (0.1 if dip[i] > 1 else 0))
                draw = (draw + GOLDEN) % 1.0
                kind = "new_skill" if draw < p_new else "other" if draw > 0.9 else "old_pattern"
                helped_mean = {"new_skill": 6.6, "old_pattern": 2.6, "other": 4.2}[kind]
                rows.append(
                    {
                        "local_time": _at(day, rng.uniform(low, high)),
                        "utc_offset_min": utc_offset_min(day),
                        "category": category,
                        "what_happened": voice.pick(rng, voice.WHAT_HAPPENED[category]),
                        "intensity": _clip_round(
                            6.8 - 1.8 * position + 0.6 * dip[i] + rng.normal(0, 1.4)
                        ),
                        "response": voice.pick(rng, voice.RESPONSES[str(kind)]),
                        "response_kind": str(kind),
                        "helped": _clip_round(helped_mean + rng.normal(0, 1.4)),
                        "note": voice.pick(rng, voice.TRIGGER_NOTES) if rng.random() < 0.15 else "",
                    }
                )
    return pd.DataFrame(rows).sort_values("local_time", kind="stable").reset_index(drop=True)


# --- practices --------------------------------------------------------------------------

# name -> (day the person starts it, usual hour range, minutes range or None when untimed)
PRACTICE_PLANS = {
    "Breathing or grounding": (0, (7, 8.5), (3, 12)),  # start set by DAILY_RUNS
    "Journaling after a session": (6, (19, 21), (10, 30)),
    "Saying no instead of people-pleasing": (20, (9, 18), None),
    "Soothing anxiety instead of numbing it": (35, (19, 22.5), (5, 20)),
    "Choosing rest over overworking": (60, (17.5, 19.5), None),
    "Checking in with my body before a decision": (90, (9, 17), (1, 5)),
    "Speaking up in a difficult conversation": (120, (10, 20), None),
    "A new communication skill": (150, (18, 21), None),
    "Rest without guilt": (180, (14, 20), (20, 90)),
    "Holding a boundary": (240, (10, 20), None),
}
# The daily practice's planted runs (days done), separated by lapses of 2-7 days; the last run reaches the end day.
DAILY_RUNS = (4, 6, 3, 9, 5, 14, 7, 21, 12, 30, 18, 58, 6, 34)
HOLIDAY_WEEKS = (date(2025, 12, 22), date(2026, 8, 10))


def practice_log(
    rng: np.random.Generator, session_days: list[date], dip: np.ndarray
) -> pd.DataFrame:
    targets = {name: target for name, _, target in DEFAULT_PRACTICES}
    rows: list[dict[str, Any]] = []
    for name, (start, hours, minutes) in PRACTICE_PLANS.items():
        if targets[name] >= DAILY:
            days = _daily_practice_days(rng)
        elif name == "Journaling after a session":
            days = [
                (d + timedelta(days=int(rng.random() < 0.3)), "done")
                for d in session_days
                if rng.random() < 0.85
            ]
        else:
            days = _weekly_practice_days(rng, start, targets[name], dip)
        first = True
        for day, status in days:
            if day > END_DAY:
                continue
            done = status == "done"
            rows.append(
                {
                    "local_time": _at(day, rng.uniform(*hours)),
                    "utc_offset_min": utc_offset_min(day),
                    "practice": name,
                    "status": status,
                    "minutes": int(rng.integers(minutes[0], minutes[1] + 1))
                    if minutes and done
                    else None,
                    "first_time": bool(first and done),
                    "note": voice.pick(
                        rng, voice.PRACTICE_NOTES[:-1] if done else voice.PRACTICE_NOTES[-1:]
                    )
                    if (rng.random() < 0.12 or not done)
                    else "",
                }
            )
            first = first and not done
    frame = pd.DataFrame(rows).astype({"minutes": "Int64"})
    return frame.sort_values("local_time", kind="stable").reset_index(drop=True)


def _daily_practice_days(rng: np.random.Generator) -> list[tuple[date, str]]:
    """Runs of DAILY_RUNS done days (with an occasional planned rest day inside), lapses between."""
    gaps = [int(rng.integers(2, 8)) for _ in DAILY_RUNS[:-1]]
    total = sum(DAILY_RUNS) + sum(gaps)
    day = END_DAY - timedelta(days=total - 1)
    result = []
    for i, run in enumerate(DAILY_RUNS):
        done = 0
        while done < run:
            if done > 2 and rng.random() < 0.06:
                result.append((day, "rest"))
            else:
                result.append((day, "done"))
                done += 1
            day += timedelta(days=1)
        if i < len(gaps):
            day += timedelta(days=gaps[i])
    shift = (result[-1][0] - END_DAY).days
    return [(d - timedelta(days=shift), s) for d, s in result]


def _weekly_practice_days(
    rng: np.random.Generator, start: int, target: int, dip: np.ndarray
) -> list[tuple[date, str]]:
    """Each ISO week: meet the target with a chance rising over the year, less in setbacks and holidays."""
    result = []
    first = FIRST_DAY + timedelta(days=start)
    week = first - timedelta(days=first.weekday())
    while week <= END_DAY:
        index = min(max((week - FIRST_DAY).days + 3, 0), DAYS - 1)
        p_meet = 0.55 + 0.35 * index / DAYS - (0.35 if dip[index] > 1 else 0)
        if week in HOLIDAY_WEEKS:
            p_meet = 0.05
        roll = rng.random()
        if roll < p_meet:
            count, rest = target + int(rng.random() < 0.25), 0
        elif roll < p_meet + 0.08:
            count, rest = target - 1, 1
        else:
            count, rest = int(rng.integers(0, target)), 0
        weekdays = sorted(rng.choice(7, size=min(count + rest, 7), replace=False))
        statuses = ["done"] * count + ["rest"] * rest
        order = rng.permutation(len(weekdays))
        for weekday, k in zip(weekdays, order, strict=True):
            day = week + timedelta(days=int(weekday))
            if day >= first:
                result.append((day, statuses[k]))
        week += timedelta(days=7)
    return result


# --- reflections ------------------------------------------------------------------------


def reflections(
    rng: np.random.Generator,
    level: np.ndarray,
    dip: np.ndarray,
    trig: pd.DataFrame,
    log: pd.DataFrame,
) -> pd.DataFrame:
    """Most weeks, on the last day of the week, answering the prompts from that week's entries."""
    rows = []
    trig_day = pd.to_datetime(trig["local_time"]).dt.date
    log_day = pd.to_datetime(log["local_time"]).dt.date
    day = FIRST_DAY + timedelta(days=(6 - FIRST_DAY.weekday()) % 7)
    while day <= END_DAY:
        i = (day - FIRST_DAY).days
        week_start = day - timedelta(days=6)
        week_dip = float(dip[max(0, i - 6) : i + 1].max())
        if rng.random() < (0.55 if week_dip > 1.5 else 0.85):
            recovering = level[i] - level[max(0, i - 14)] > 0.8
            mood = (
                "hard"
                if week_dip > 1.2 or level[i] < 4.4
                else "good"
                if recovering or level[i] > 6.0
                else "steady"
            )
            week_trig = trig[(trig_day >= week_start) & (trig_day <= day)]
            week_log = log[(log_day >= week_start) & (log_day <= day) & (log["status"] == "done")]
            rows.append({"day": day, **_reflection_text(rng, mood, week_trig, week_log)})
        day += timedelta(days=7)
    return pd.DataFrame(rows)


def _reflection_text(
    rng: np.random.Generator, mood: str, week_trig: pd.DataFrame, week_log: pd.DataFrame
) -> dict[str, str]:
    counts = week_trig["category"].value_counts()
    top = str(counts.index[0]) if len(counts) else "Work"
    practice_counts = week_log["practice"].value_counts()
    practice = str(practice_counts.index[0]) if len(practice_counts) else "Breathing or grounding"
    n_new = int((week_trig["response_kind"] == "new_skill").sum())
    facts = {
        "top": top,
        "topic": voice.TOPICS.get(top, top.lower()),
        "Topic": voice.TOPICS.get(top, top).capitalize(),
        "n_top": int(counts.iloc[0]) if len(counts) else 0,
        "n_triggers": len(week_trig),
        "n_new": n_new,
        "practice": practice,
        "practice_lower": practice[0].lower() + practice[1:],
        "n_practice_times": voice.times(
            int(practice_counts.iloc[0]) if len(practice_counts) else 0
        ),
    }
    facts["n_top_times"] = voice.times(facts.pop("n_top"))
    facts["n_new_times"] = voice.times(n_new)
    facts["n_new_times_cap"] = facts["n_new_times"].capitalize()
    detail = (
        voice.pick(rng, voice.NOTICING_DETAIL)
        if len(counts)
        else voice.pick(rng, voice.NOTICING_DETAIL[4:])
    )
    noticing = f"{voice.pick(rng, voice.NOTICING_OPEN[mood])} {detail}"
    if n_new >= 1:
        tried = voice.pick(
            rng, voice.TRIED_NEW["skill"] if n_new > 1 else voice.TRIED_NEW["skill"][2:]
        )
    else:
        tried = voice.pick(rng, voice.TRIED_NEW["none"])
    if len(practice_counts):
        tried += voice.pick(rng, voice.TRIED_NEW["practice"])
    text = {
        "noticing": noticing,
        "tried_new": tried,
        "hard_learned": f"{voice.pick(rng, voice.HARD[mood])} {voice.pick(rng, voice.LEARNED)}",
        "bring_next": voice.pick(rng, voice.BRING_NEXT) if rng.random() < 0.9 else "",
        "free_text": "",
    }
    if rng.random() < 0.2:
        text["free_text"] = voice.pick(
            rng,
            voice.CHECK_IN_NOTES["low" if mood == "hard" else "high" if mood == "good" else "mid"],
        )
    return {k: v.format(**facts) for k, v in text.items()}


# --- questionnaires ----------------------------------------------------------------------


def response_days() -> list[date]:
    """Every other Wednesday from the first one, but those in the MISSED stretch."""
    day = FIRST_DAY + timedelta(days=(2 - FIRST_DAY.weekday()) % 7)
    days = []
    while day <= END_DAY:
        if not MISSED[0] <= day <= MISSED[1]:
            days.append(day)
        day += timedelta(days=RESPONSE_EVERY)
    return days


def _spread(
    rng: np.random.Generator, raw_sum: int, weights: tuple[float, ...], cap: int
) -> list[int]:
    """Answers adding up to `raw_sum`: one point at a time to an item drawn by weight, among
    those not yet at `cap` (so heavier items tend to score higher, none past the scale)."""
    answers = [0] * len(weights)
    for _ in range(raw_sum):
        open_items = [i for i, w in enumerate(weights) if w > 0 and answers[i] < cap]
        p = np.array([weights[i] for i in open_items])
        answers[open_items[int(rng.choice(len(open_items), p=p / p.sum()))]] += 1
    return answers


def measure_responses(rng: np.random.Generator, level: np.ndarray) -> pd.DataFrame:
    """One row per response (columns day, measure, item_1..item_9, total), oldest first."""
    rows = []
    for n, day in enumerate(response_days()):
        i = (day - FIRST_DAY).days
        fortnight = float(level[max(0, i - 13) : i + 1].mean())
        for measure, (at_4, slope, sd, cap) in MEASURE_LINES.items():
            weights = ITEM_WEIGHTS[measure]
            top = sum(1 for w in weights if w > 0) * cap
            raw_sum = int(
                np.clip(np.rint(at_4 + slope * (fortnight - 4) + rng.normal(0, sd)), 0, top)
            )
            answers = _spread(rng, raw_sum, weights, cap)
            if measure == "phq9" and n == ITEM_9_ON:
                answers[8] = 1
            items = {
                f"item_{k}": (answers[k - 1] if k <= len(answers) else None) for k in range(1, 10)
            }
            total = sum(answers) * (4 if measure == "who5" else 1)
            rows.append({"day": day, "measure": measure, **items, "total": total})
    frame = pd.DataFrame(rows)
    return frame.astype({f"item_{k}": "Int64" for k in range(1, 10)})


# --- goals (Goal-Based Outcomes) ---------------------------------------------------------

GOALS = (
    # (id, words, share of the year when the rating is halfway up, first and last level)
    ("sample-goal-1", "Say no at work without apologising three times", 0.55, 2.0, 8.0),
    ("sample-goal-2", "Sleep before midnight on work nights", 0.25, 3.0, 9.5),
    ("sample-goal-3", "Call my sister once a week, even when I feel low", 0.8, 3.0, 7.0),
)
"""Goals rated at each session. Each rating follows a logistic rise (slow, then faster, then
levelling off) from its first level to its last, with noise, rounded to a whole number. Goal 2
is reached partway: at the first session after its rating reaches 9 it is marked reached and
rated no more; Goal 3 is set at that session (three goals, never more than three active)."""
GOAL_NOISE_SD = 0.6


def _rising(share: float, middle: float, low: float, high: float) -> float:
    return low + (high - low) / (1 + np.exp(-(share - middle) / 0.08))


def goal_tables(
    rng: np.random.Generator, session_days: list[date]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The goals (id, text, created, status, status_day, replaces) and their ratings (goal_id,
    day, rating), drawn from `rng` alone."""
    days = [d for d in session_days if FIRST_DAY + timedelta(days=7) <= d <= END_DAY]
    first = days[0]
    ratings, reached_on = [], None
    for goal_id, _, middle, low, high in GOALS[:2]:
        for day in days:
            share = (day - FIRST_DAY).days / (DAYS - 1)
            value = _rising(share, middle, low, high) + rng.normal(0, GOAL_NOISE_SD)
            rating = int(np.clip(np.rint(value), 0, 10))
            if goal_id == "sample-goal-2" and reached_on is not None:
                break
            if goal_id == "sample-goal-2" and rating >= 9:
                reached_on = day
            ratings.append({"goal_id": goal_id, "day": day, "rating": rating})
    goal_id, _, middle, low, high = GOALS[2]
    for day in (d for d in days if d >= reached_on):
        share = (day - FIRST_DAY).days / (DAYS - 1)
        value = _rising(share, middle, low, high) + rng.normal(0, GOAL_NOISE_SD)
        ratings.append(
            {"goal_id": goal_id, "day": day, "rating": int(np.clip(np.rint(value), 0, 10))}
        )
    goals = pd.DataFrame(
        [
            {"id": GOALS[0][0], "text": GOALS[0][1], "created": first, "status": "active"},
            {
                "id": GOALS[1][0],
                "text": GOALS[1][1],
                "created": first,
                "status": "reached",
                "status_day": reached_on,
            },
            {"id": GOALS[2][0], "text": GOALS[2][1], "created": reached_on, "status": "active"},
        ],
        columns=["id", "text", "created", "status", "status_day", "replaces"],
    )
    frame = pd.DataFrame(ratings).sort_values(["day", "goal_id"], kind="stable")
    return goals, frame.reset_index(drop=True)


# --- an ending: the same year, with therapy over two months before its last day ----------

ENDED_BEFORE_END = 62
"""The sample "after therapy has ended": its last attended session on or before this many days
before the last day is the last session of therapy (the `therapy_ended` setting)."""
FOLLOW_UP_AFTER = (30, 60)
"""Follow-up questionnaires this many days after the end (monthly, as `measures.FOLLOW_UP_DAYS`)."""
FOLLOW_UP_CHANGE = {"phq9": (1, 7), "gad7": (0, 3), "who5": (0, -2)}
"""Planted: each follow-up's raw sum against the last response on or before the end. At 60
days PHQ-9 is 7 points higher, a reliable deterioration (6 or more; NHS Talking Therapies);
GAD-7's 3 is short of its 4, WHO-5's 8 percentage points short of its 10: no reliable change."""
ENDED_PLAN = {
    "warning_signs": (
        "Dreading Monday from Sunday afternoon\n"
        "Skipping the morning breathing for more than two days\n"
        "Saying yes to every request at work"
    ),
    "what_helps": (
        "The breathing practice first thing\n"
        "A walk after lunch on work days\n"
        "Telling my partner early, not late"
    ),
    "steps": (
        "Go back to the breathing practice every morning\n"
        "Call my sister before it builds up\n"
        "Fill in the questionnaires again in two weeks\n"
        "If it is no better by then, ring the practice and ask for a review session"
    ),
}
"""My plan for after therapy as the person saved it (their own words, one line each)."""


def therapy_end(sessions_frame: pd.DataFrame) -> date:
    """The last attended session on or before `ENDED_BEFORE_END` days before the last day."""
    attended = sessions_frame.loc[sessions_frame["status"] == "attended", "day"]
    return max(d for d in attended if d <= END_DAY - timedelta(days=ENDED_BEFORE_END))


def with_ending(
    tables: dict[str, pd.DataFrame], seed: int = SEED
) -> tuple[dict[str, pd.DataFrame], date]:
    """The sample's `tables` (as generated, ending on END_DAY) after therapy has ended, and the
    day it ended (`therapy_end`). Sessions stop there (those after it, the missed one and the
    booked one among them, are left out, with their tasks), and so do the goal ratings made
    in them, the journaling after a session and the agenda items for a next session; the
    fortnightly questionnaires stop too, and two follow-ups come `FOLLOW_UP_AFTER` days after
    the end (`FOLLOW_UP_CHANGE`), drawn from a stream of their own (seed and 44). Everything
    else is the sample as it is: the person goes on logging their days."""
    tables = {name: frame.copy() for name, frame in tables.items()}
    ended = therapy_end(tables["sessions"])
    tables["sessions"] = tables["sessions"][tables["sessions"]["day"] <= ended]
    tasks = tables["session_tasks"]
    tables["session_tasks"] = tasks[tasks["day"] <= ended]
    ratings = tables["goal_ratings"]
    tables["goal_ratings"] = ratings[ratings["day"] <= ended]
    log = tables["practice_log"]
    journaling = (log["practice"] == "Journaling after a session") & (
        log["local_time"].dt.date > ended + timedelta(days=1)
    )
    tables["practice_log"] = log[~journaling]
    reflections = tables["reflections"]
    tables["reflections"] = reflections.assign(
        bring_next=reflections["bring_next"].where(reflections["day"] <= ended, "")
    )
    responses = tables["measure_responses"]
    kept = responses[responses["day"] <= ended]
    tables["measure_responses"] = pd.concat(
        [kept, follow_ups(np.random.default_rng([seed, 44]), kept, ended)], ignore_index=True
    ).astype({f"item_{k}": "Int64" for k in range(1, 10)})
    for name in tables:
        tables[name] = tables[name].reset_index(drop=True)
    return tables, ended


def follow_ups(rng: np.random.Generator, responses: pd.DataFrame, ended: date) -> pd.DataFrame:
    """The follow-up responses: per measure, the last raw sum on or before `ended` moved by
    `FOLLOW_UP_CHANGE`, spread over the items as every other response is (`_spread`)."""
    rows = []
    for number, after in enumerate(FOLLOW_UP_AFTER):
        day = ended + timedelta(days=after)
        for measure, changes in FOLLOW_UP_CHANGE.items():
            weights, cap = ITEM_WEIGHTS[measure], MEASURE_LINES[measure][3]
            scale = 4 if measure == "who5" else 1
            last = responses[responses["measure"] == measure].sort_values("day").iloc[-1]
            top = sum(1 for w in weights if w > 0) * cap
            raw_sum = int(np.clip(int(last["total"]) // scale + changes[number], 0, top))
            answers = _spread(rng, raw_sum, weights, cap)
            items = {
                f"item_{k}": (answers[k - 1] if k <= len(answers) else None) for k in range(1, 10)
            }
            rows.append({"day": day, "measure": measure, **items, "total": raw_sum * scale})
    return pd.DataFrame(rows)


# --- the whole sample -------------------------------------------------------------------


def practices_catalog() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"name": n, "description": d, "weekly_target": t, "active": True}
            for n, d, t in DEFAULT_PRACTICES
        ]
    )


def generate(seed: int = SEED) -> Sample:
    """Build the sample journal for `seed` (same seed, same tables) with its truth."""
    rng = np.random.default_rng(seed)
    setbacks = plan_setbacks(rng)
    dip = setback_dip(setbacks)
    level = trend(np.arange(DAYS) / (DAYS - 1)) - dip
    session_frame = sessions(rng)
    checks = check_ins(rng, level, dip)
    trig = triggers(rng, dip)
    log = practice_log(rng, [d for d in session_frame["day"] if d <= END_DAY], dip)
    tables = {
        "practices": practices_catalog(),
        # Sleep from a stream of its own (seed and 22): every other draw stays as it was.
        # Then the dip after sessions, from a stream of its own (seed and 33): only wellbeing on
        # those days moves. After the sleep, which is drawn as before the dip: a night's sleep
        # is not planted to follow a session.
        "check_ins": after_session_dip(
            np.random.default_rng([seed, 33]),
            with_sleep(np.random.default_rng([seed, 22]), checks),
            [d for d in session_frame["day"] if d <= END_DAY],
        ),
        "triggers": trig,
        "practice_log": log,
        "reflections": reflections(rng, level, dip, trig, log),
        "sessions": sessions_as_lived(session_frame),
        # A stream of its own (seed and 11): the tables above stay as they were.
        "measure_responses": measure_responses(np.random.default_rng([seed, 11]), level),
    }
    # Another (seed and 22) for the tasks agreed in sessions.
    tables["session_tasks"] = session_tasks(np.random.default_rng([seed, 22]), tables["sessions"])
    schedule = session_schedule(session_frame)
    # Goals from a stream of their own too (seed and 22, drawn afresh).
    tables["goals"], tables["goal_ratings"] = goal_tables(
        np.random.default_rng([seed, 22]), list(session_frame["day"])
    )
    truth = derive_truth(tables, setbacks, END_DAY, aftermath_truth())
    return Sample(tables=tables, truth=truth, schedule=schedule)


def to_csv(frame: pd.DataFrame) -> str:
    """One table as committed CSV text (the form the drift test compares)."""
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d %H:%M:%S")


def truth_json(truth: dict[str, Any]) -> str:
    return (
        json.dumps(
            truth, indent=2, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)
        )
        + "\n"
    )


def write(sample: Sample, journal_dir: Path = JOURNAL_DIR, truth_file: Path = TRUTH_FILE) -> None:
    journal_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in sample.tables.items():
        (journal_dir / f"{name}.csv").write_text(to_csv(frame), encoding="utf-8")
    truth_file.write_text(truth_json(sample.truth), encoding="utf-8")
    (journal_dir / SCHEDULE_FILE).write_text(truth_json(sample.schedule), encoding="utf-8")


def main() -> None:
    sample = generate()
    write(sample)
    rows = ", ".join(f"{name} {len(frame)}" for name, frame in sample.tables.items())
    print(f"Wrote {JOURNAL_DIR} ({rows}) and {TRUTH_FILE.name}")


if __name__ == "__main__":
    main()
