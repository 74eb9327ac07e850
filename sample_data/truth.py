"""The planted truth of the sample journal, derived from its tables by the documented rules.

The generator plants setbacks directly (their dates are part of the plan); everything else in
the truth (streaks, trigger patterns, monthly new-skill share) is *computed* here from the
tables, so it stays right after `load_sample` shifts the dates (a shift moves weekdays, ISO
weeks and month boundaries).

Rules, which the analytics under test must agree with:
- Streak of a daily practice (weekly target 7): consecutive days with a log; a 'rest' day
  neither breaks the run nor adds to it; the end day is still open, so no log on it does not
  break the run. Length = days done.
- Streak of a weekly practice (target t < 7): consecutive ISO weeks (Monday to Sunday) with at
  least t 'done' logs; a week short of t but with done + rest >= t neither breaks nor adds;
  the week holding the end day is still open, so falling short in it does not break the run.
  Length = weeks.
- Time of day from the local wall clock: night 00-05, morning 05-12, afternoon 12-17,
  evening 17-22, night 22-24.
- Sleep: a night is the first given value of its day's check-ins (`sleep_queries.NIGHTS`);
  `sleep` counts the nights given and the check-in days, and planted `higher_with_wellbeing`
  (hours and quality both follow the day's wellbeing).
- The days after a session (`aftermath`): planted, not computed: wellbeing lower by `dip`
  points on `days_after` (1 and 2) after each attended session (and in the session's evening,
  from `session_evening_from_hour`), and back by the day after.
- Questionnaires: the measures in use are all three; per measure, the count, the first and
  last total, and the longest gap between two consecutive responses (the missed stretch);
  `item_9_above_0` lists the days PHQ-9 item 9 was above 0 (planted: one, early on).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pandas as pd

from analytics.entries import DAILY

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def time_of_day(hour: int) -> str:
    """The band of the day an hour (0-23, local wall clock) falls in."""
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def streaks(done: set[date], rest: set[date], weekly_target: int, end_day: date) -> tuple[int, int]:
    """(longest, current) streak of one practice by the module's rules; 0s when never done."""
    if not done:
        return 0, 0
    if weekly_target >= DAILY:
        return _daily_streaks(done, rest, end_day)
    return _weekly_streaks(done, rest, weekly_target, end_day)


def _daily_streaks(done: set[date], rest: set[date], end_day: date) -> tuple[int, int]:
    longest = run = 0
    day = min(done)
    while day <= end_day:
        if day in done:
            run += 1
        elif day not in rest and day != end_day:
            run = 0
        longest = max(longest, run)
        day += timedelta(days=1)
    return longest, run


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekly_streaks(
    done: set[date], rest: set[date], target: int, end_day: date
) -> tuple[int, int]:
    done_per_week = Counter(_week(d) for d in done if d <= end_day)
    rest_per_week = Counter(_week(d) for d in rest if d <= end_day)
    longest = run = 0
    week, last_week = _week(min(done)), _week(end_day)
    while week <= last_week:
        n_done, n_rest = done_per_week[week], rest_per_week[week]
        if n_done >= target:
            run += 1
        elif n_done + n_rest < target and week != last_week:
            run = 0
        longest = max(longest, run)
        week += timedelta(days=7)
    return longest, run


def practice_truth(
    practices: pd.DataFrame, log: pd.DataFrame, end_day: date
) -> dict[str, dict[str, Any]]:
    """Per practice name: weekly target, unit, first day, longest and current streak, done and rest counts."""
    days = pd.to_datetime(log["local_time"]).dt.date
    result = {}
    for row in practices.itertuples():
        mine = log["practice"] == row.name
        done = set(days[mine & (log["status"] == "done")])
        rest = (
            set(days[mine & (log["status"] == "rest")]) - done
        )  # a day both done and rested counts as done
        longest, current = streaks(done, rest, int(row.weekly_target), end_day)
        result[row.name] = {
            "weekly_target": int(row.weekly_target),
            "unit": "days" if int(row.weekly_target) >= DAILY else "weeks",
            "first_day": min(done) if done else None,
            "longest_streak": longest,
            "current_streak": current,
            "done": len(done),
            "rest": len(rest),
        }
    return result


def trigger_truth(triggers: pd.DataFrame) -> dict[str, Any]:
    """The top category with its peak weekday and time of day, peaks of the planted categories, monthly new-skill share."""
    when = pd.to_datetime(triggers["local_time"])
    frame = triggers.assign(
        weekday=when.dt.day_of_week.map(lambda i: WEEKDAYS[i]),
        band=when.dt.hour.map(time_of_day),
        month=when.dt.strftime("%Y-%m"),
        new_skill=triggers["response_kind"] == "new_skill",
    )
    counts = frame["category"].value_counts()
    per_category = {}
    for category in ("Work", "Family", "Partner"):
        mine = frame[frame["category"] == category]
        per_category[category] = {
            "count": len(mine),
            "peak_weekday": mine["weekday"].value_counts().idxmax(),
            "peak_time_of_day": mine["band"].value_counts().idxmax(),
        }
    top = str(counts.idxmax())
    by_month = frame.groupby("month")["new_skill"].agg(["mean", "size"])
    helped = frame.groupby("response_kind")["helped"].mean()
    return {
        "count": len(frame),
        "top_category": top,
        "top_category_count": int(counts.max()),
        "peak_weekday": frame.loc[frame["category"] == top, "weekday"].value_counts().idxmax(),
        "peak_time_of_day": frame.loc[frame["category"] == top, "band"].value_counts().idxmax(),
        "categories": per_category,
        "monthly_new_skill_share": {m: round(float(r["mean"]), 3) for m, r in by_month.iterrows()},
        "monthly_count": {m: int(r["size"]) for m, r in by_month.iterrows()},
        "mean_helped": {k: round(float(v), 2) for k, v in helped.items()},
        "first_month_new_skill_share": round(float(by_month["mean"].iloc[0]), 3),
        "last_month_new_skill_share": round(float(by_month["mean"].iloc[-1]), 3),
    }


def derive_truth(
    tables: dict[str, pd.DataFrame],
    setbacks: list[dict[str, Any]],
    end_day: date,
    aftermath: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole truth for tables ending on `end_day`, with the planted `setbacks` (dates as
    `date`) and the planted dip after sessions (`aftermath`, left out when None)."""
    frame = tables["sessions"]
    if "status" in frame:  # only attended sessions happened (or are still planned)
        frame = frame[frame["status"] == "attended"]
    sessions = pd.to_datetime(frame["day"]).dt.date
    return {
        "end_day": end_day,
        "first_day": min(pd.to_datetime(tables["check_ins"]["local_time"]).dt.date),
        "setbacks": setbacks,
        "sessions": {
            "count_past": int((sessions <= end_day).sum()),
            "last": max(d for d in sessions if d <= end_day),
            "upcoming": min((d for d in sessions if d > end_day), default=None),
        },
        "practices": practice_truth(tables["practices"], tables["practice_log"], end_day),
        "triggers": trigger_truth(tables["triggers"]),
        "measures": measure_truth(tables["measure_responses"]),
        "session_tasks": task_truth(tables.get("session_tasks")),
        **sleep_truth(tables["check_ins"]),
        "rows": {name: len(frame) for name, frame in tables.items()},
        **({"aftermath": aftermath} if aftermath else {}),
    }


def measure_truth(responses: pd.DataFrame) -> dict[str, Any]:
    """What the questionnaire series holds, by the rules in the module docstring."""
    by_measure: dict[str, Any] = {}
    for measure in ("phq9", "gad7", "who5"):
        rows = responses[responses["measure"] == measure].sort_values("day")
        days = list(rows["day"])
        gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
        longest = max(gaps, default=0)
        by_measure[measure] = {
            "count": len(rows),
            "first_total": int(rows["total"].iloc[0]) if len(rows) else None,
            "last_total": int(rows["total"].iloc[-1]) if len(rows) else None,
            "longest_gap_days": longest,
            "longest_gap_after": days[gaps.index(longest)] if gaps else None,
        }
    phq9 = responses[responses["measure"] == "phq9"]
    return {
        "in_use": ["phq9", "gad7", "who5"],
        "item_9_above_0": sorted(phq9.loc[phq9["item_9"] > 0, "day"]),
        **by_measure,
    }


def task_truth(tasks: pd.DataFrame | None) -> dict[str, Any]:
    """The tasks agreed in the last session that has any: its day and the count per mark."""
    if tasks is None or tasks.empty:
        return {}
    last = max(tasks["day"])
    marks = tasks.loc[tasks["day"] == last, "status"].value_counts()
    return {
        "last_day": last,
        "last_counts": {s: int(marks.get(s, 0)) for s in ("done", "partly", "not_done", "open")},
        "total": len(tasks),
    }


def sleep_truth(check_ins: pd.DataFrame) -> dict[str, Any]:
    """The sleep the check-ins give, by the rules in the module docstring; {} before sleep."""
    if "sleep_hours" not in check_ins:
        return {}
    day = pd.to_datetime(check_ins["local_time"]).dt.date
    nights = check_ins.assign(day=day).groupby("day")[["sleep_hours", "sleep_quality"]].first()
    given = nights.notna().any(axis=1)
    return {
        "sleep": {
            "check_in_days": int(day.nunique()),
            "nights": int(given.sum()),
            "nights_with_hours": int(nights["sleep_hours"].notna().sum()),
            "nights_with_quality": int(nights["sleep_quality"].notna().sum()),
            "mean_hours": round(float(nights["sleep_hours"].mean()), 2),
            "mean_quality": round(float(nights["sleep_quality"].mean()), 2),
            "higher_with_wellbeing": True,
        }
    }
