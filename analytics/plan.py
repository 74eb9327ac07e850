"""My plan for after therapy: a relapse-prevention plan drafted from the person's own journal,
which they then edit (issue 22, section 4).

The draft states facts, each with its n and its dates, never a cause. "Came before" is about
timing only: "In the 3 days before 4 of my 6 setbacks I logged a Work trigger", beside how
often any 3 days of the journal held one, so the person can judge whether it stands out.

- **Warning signs:** for each trigger category, the setbacks (`setbacks.find_setbacks`, the
  Progress page's setbacks over the whole history) with a trigger of it logged in the
  `BEFORE_DAYS` days before the setback began, and the share of all such stretches of the
  journal that held one; the setbacks with no practice logged in those days, likewise; how deep
  the setbacks went and how long they took to ease. What happened before them (the triggers'
  own descriptions) is private text: printed only when ticked in.
- **What helps:** the practices kept (done on some of the last `KEPT_DAYS` days), the patterns
  claimed over those days (`patterns.patterns_view` over every outcome, one false discovery
  rate: claimed patterns only), and the trigger categories met with a new skill.
- **What to do if the signs come back:** the person's own steps, and the crisis lines of their
  region (`safety.help_lines`).

The person's own words (their additions to each part and their steps) are kept in settings
(`PLAN_SETTINGS`) and are private text, like notes and reflections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics import patterns, safety
from analytics.dates import DateRange
from analytics.per_version_cache import Kept
from analytics.setbacks import recovery
from analytics.storage.journal import journal_version
from analytics.storage.rows import (
    PLAN_STEPS_SETTING,
    PLAN_WARNING_SIGNS_SETTING,
    PLAN_WHAT_HELPS_SETTING,
)
from analytics.text import shorten
from analytics.words import plan as words
from analytics.words.phrases import ME, Voice

BEFORE_DAYS = 3
"""A trigger "came before" a setback when logged in this many days before its first day."""
KEPT_DAYS = patterns.MIN_SPAN_DAYS
"""Practices kept and patterns: the last this many days up to today (the Patterns page's span)."""
MOST_CATEGORIES = 4
"""At most this many trigger categories are named under warning signs, most frequent first."""
MOST_LISTED = 5
"""At most this many practices kept, and trigger categories met with a new skill, are named."""
SITUATIONS_PER_SETBACK = 3

WARNING_SIGNS = "Warning signs"
WHAT_HELPS = "What helps"
IF_SIGNS_COME_BACK = "What to do if the signs come back"
PLAN_TITLE = "My plan for after therapy"


@dataclass(frozen=True)
class PlanEdits:
    """What the person wrote into their plan: lines of their own for each part."""

    warning_signs: str = ""
    what_helps: str = ""
    steps: str = ""

    @staticmethod
    def from_settings(settings: dict[str, str]) -> PlanEdits:
        return PlanEdits(
            settings.get(PLAN_WARNING_SIGNS_SETTING, ""),
            settings.get(PLAN_WHAT_HELPS_SETTING, ""),
            settings.get(PLAN_STEPS_SETTING, ""),
        )


def own_lines(text: str) -> tuple[str, ...]:
    """The person's text as lines, blank ones dropped, bullets they typed taken off."""
    return tuple(
        line.strip().lstrip("-*•").strip() for line in text.splitlines() if line.strip(" -*•")
    )


@dataclass(frozen=True)
class PlanDraft:
    """The plan drafted from the journal up to `made_on`."""

    made_on: date
    setbacks: int
    warning_signs: tuple[str, ...]
    situations: tuple[str, ...]
    """What happened before the setbacks, in the person's words (private text)."""
    what_helps: tuple[str, ...]
    crisis_lines: tuple[str, ...]


# --- warning signs ------------------------------------------------------------------------


def _days_with(days: pd.Series, first: date, last: date) -> np.ndarray:
    """A boolean per calendar day of [first, last]: whether `days` holds that day."""
    flags = np.zeros((last - first).days + 1, dtype=bool)
    for day in set(days):
        position = (day - first).days
        if 0 <= position < flags.size:
            flags[position] = True
    return flags


def _before(flags: np.ndarray, position: int) -> bool:
    return bool(flags[max(position - BEFORE_DAYS, 0) : max(position, 0)].any())


def _any_stretch_share(flags: np.ndarray) -> float | None:
    """The share of every `BEFORE_DAYS`-day stretch of the journal holding a flagged day."""
    if flags.size < BEFORE_DAYS:
        return None
    window = np.convolve(flags.astype(int), np.ones(BEFORE_DAYS, dtype=int), mode="valid")
    return float((window > 0).mean())


def setback_starts(setbacks: pd.DataFrame) -> list[date]:
    return [pd.Timestamp(s).date() for s in setbacks["start"]] if len(setbacks) else []


def triggers_before(
    starts: Sequence[date], trigger_days: pd.DataFrame, first: date, last: date
) -> pd.DataFrame:
    """Per trigger category: `before` (setbacks with one logged in the `BEFORE_DAYS` days before
    their first day), `setbacks`, `share` (of every such stretch of [first, last] holding one).
    `trigger_days`: a `day` and a `category` column. Most setbacks first, then by name."""
    rows = []
    for category, group in trigger_days.groupby("category", sort=True):
        flags = _days_with(group["day"], first, last)
        before = sum(_before(flags, (start - first).days) for start in starts)
        rows.append(
            {
                "category": category,
                "before": before,
                "setbacks": len(starts),
                "share": _any_stretch_share(flags),
            }
        )
    frame = pd.DataFrame(rows, columns=["category", "before", "setbacks", "share"])
    return frame.sort_values(["before", "category"], ascending=[False, True], kind="stable")


def warning_sign_lines(
    setbacks: pd.DataFrame,
    trigger_days: pd.DataFrame,
    practice_days: pd.Series,
    first: date | None,
    last: date,
    voice: Voice = ME,
) -> tuple[str, ...]:
    """The warning signs drafted from the journal (see the module docstring), in `voice`."""
    starts = setback_starts(setbacks)
    if first is None or not starts:
        return (words.no_setback(voice, first),)
    n = len(starts)
    lines = [words.setbacks_found(voice, starts, first, last)]
    table = triggers_before(starts, trigger_days, first, last)
    # A sign only where it came before setbacks more often than it falls in any stretch of as
    # many days: a category logged before 2 of 6 setbacks but in 44% of all stretches is no
    # sign, however often it is logged.
    before = table[table["before"] > 0]
    stands_out = before[before["before"] / n > before["share"].fillna(1.0)]
    for row in stands_out.head(MOST_CATEGORIES).itertuples():
        lines.append(
            words.trigger_before(
                voice, BEFORE_DAYS, int(row.before), n, str(row.category), row.share
            )
        )
    if len(before) > len(stands_out):
        others = len(before) - len(stands_out)
        lines.append(words.other_categories_before(voice, BEFORE_DAYS, others))
    if first is not None:
        practised = _days_with(practice_days, first, last)
        without = sum(not _before(practised, (s - first).days) for s in starts)
        if without and len(practice_days):
            quiet = _any_stretch_share(~practised)
            lines.append(words.no_practice_before(voice, BEFORE_DAYS, without, n, quiet))
    depths = setbacks["depth"].astype(float)
    eased = [float(d) for d in setbacks["recovery_days"].dropna()]
    depth = float(np.median(depths)) if n > 1 else float(depths.iloc[0])
    lines.append(words.lowest(voice, n, depth, recovery(eased)))
    return tuple(lines)


def situations_before(setbacks: pd.DataFrame, triggers: pd.DataFrame) -> tuple[str, ...]:
    """What the person wrote about the triggers logged in the days before each setback (their
    own words: private text), the latest setbacks first."""
    lines = []
    for start in reversed(setback_starts(setbacks)):
        near = triggers[
            (triggers["day"] >= start - timedelta(days=BEFORE_DAYS)) & (triggers["day"] < start)
        ]
        for row in near.head(SITUATIONS_PER_SETBACK).itertuples():
            text = str(row.what_happened or "").strip()
            if text:
                lines.append(words.situation(start, str(row.category), row.day, shorten(text, 200)))
    return tuple(lines)


# --- what helps ---------------------------------------------------------------------------


def kept_practice_lines(done: pd.DataFrame, looked_at: DateRange, voice: Voice = ME) -> list[str]:
    """Practices done on some of the days looked at, most days first. `done`: `day`, `practice`
    (one row per practice done, a day counted once)."""
    inside = done[(done["day"] >= looked_at.start) & (done["day"] <= looked_at.end)]
    days = inside.drop_duplicates(["practice", "day"]).groupby("practice")["day"].count()
    days = days.sort_values(ascending=False, kind="stable")
    if days.empty:
        return [words.no_practice_kept(looked_at.days, looked_at.end)]
    lines = [
        words.practice_kept(str(name), int(k), looked_at.days, looked_at.end)
        for name, k in days.head(MOST_LISTED).items()
    ]
    if len(days) > MOST_LISTED:
        lines.append(words.other_practices(len(days) - MOST_LISTED))
    return lines


def new_skill_lines(triggers: pd.DataFrame, voice: Voice = ME) -> list[str]:
    """Trigger categories met with a new skill at least once: "I met 12 of my 20 Work triggers
    with a new skill (from 3 Jan 2026 to 1 Dec 2026)."""
    lines = []
    for category, group in triggers.groupby("category", sort=True):
        k = int((group["response_kind"] == "new_skill").sum())
        if k:
            lines.append(
                (
                    k,
                    words.new_skill(
                        voice, k, len(group), str(category), group["day"].min(), group["day"].max()
                    ),
                )
            )
    # Most met first; the sort is stable, so ties keep the categories' order by name.
    ranked = [line[0].upper() + line[1:] for _, line in sorted(lines, key=lambda x: -x[0])]
    if len(ranked) > MOST_LISTED:
        rest = len(ranked) - MOST_LISTED
        ranked = ranked[:MOST_LISTED] + [words.other_new_skill(rest)]
    return ranked


def what_helps_lines(
    done: pd.DataFrame,
    triggers: pd.DataFrame,
    pattern_lines: Sequence[str],
    looked_at: DateRange,
    voice: Voice = ME,
) -> tuple[str, ...]:
    lines = kept_practice_lines(done, looked_at, voice)
    lines += list(pattern_lines)
    if not pattern_lines:
        lines.append(words.no_pattern(looked_at.label()))
    lines += new_skill_lines(triggers, voice)
    return tuple(lines)


# --- from the journal ---------------------------------------------------------------------


_DRAFTS: Kept[PlanDraft] = Kept(8)
_DRAFT_TABLES = (
    "check_ins",
    "triggers",
    "practice_log",
    "practices",
    "sessions",
    "measure_responses",
    "settings",
)
"""What a draft reads: setbacks (check-ins, sessions), triggers and practices over the whole
history, the patterns of the last days, the crisis region (settings)."""


def draft_plan(con, today: date, voice: Voice = ME) -> PlanDraft:
    """The plan drafted from the whole journal up to `today`, in `voice` (ME for the PDF,
    YOU on the page). Kept per journal version: the page reruns on every keystroke, and a
    draft reads every trigger and practice ever logged (about 330 ms of processor time on ten
    years). Treat it as read-only."""
    key = (journal_version(con, _DRAFT_TABLES), today, voice)
    return _DRAFTS.get(key, lambda: _draft_plan(con, today, voice))


def _draft_plan(con, today: date, voice: Voice) -> PlanDraft:
    from analytics import progress, storage
    from analytics.storage import progress_queries

    span = progress_queries.check_in_span(con)
    first = span[0] if span else None
    sessions = storage.session_days(con)
    setbacks = (
        progress.progress_view(con, first, today, sessions).setbacks
        if first is not None and first <= today
        else pd.DataFrame(columns=["start", "depth", "recovery_days"])
    )
    triggers = _dated(storage.list_entries(con, "triggers", None, today, limit=10**9))
    logged = _dated(storage.list_entries(con, "practice_log", None, today, limit=10**9))
    done = logged[logged["status"] == "done"] if len(logged) else logged
    looked_at = DateRange(today - timedelta(days=KEPT_DAYS - 1), today)
    view = patterns.patterns_view(con, looked_at, patterns.OUTCOMES)
    region = storage.get_setting(con, safety.CRISIS_REGION_SETTING)
    return PlanDraft(
        made_on=today,
        setbacks=len(setbacks),
        warning_signs=warning_sign_lines(
            setbacks,
            triggers[["day", "category"]] if len(triggers) else _no_triggers(),
            done["day"] if len(done) else pd.Series([], dtype=object),
            first,
            today,
            voice,
        ),
        situations=situations_before(setbacks, triggers) if len(triggers) else (),
        what_helps=what_helps_lines(
            done if len(done) else pd.DataFrame(columns=["day", "practice"]),
            triggers if len(triggers) else _no_triggers(),
            patterns.sentences(view.results, voice) if view.state == "ready" else [],
            view.looked_at,
            voice,
        ),
        crisis_lines=tuple(safety.help_lines(region)),
    )


def _no_triggers() -> pd.DataFrame:
    return pd.DataFrame(columns=["day", "category", "response_kind", "what_happened"])


def _dated(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries with their local `day`, oldest first."""
    if entries.empty:
        return entries.assign(day=pd.Series([], dtype=object))
    entries = entries.assign(day=[pd.Timestamp(t).date() for t in entries["local_time"]])
    return entries.iloc[::-1].reset_index(drop=True)


def plan_edits(con) -> PlanEdits:
    from analytics import storage

    return PlanEdits.from_settings(storage.settings(con))


def save_edits(con, edits: PlanEdits) -> None:
    """Keep the person's own words, all three in one transaction, each checked as a setting
    (`rows.setting_row`: at most `rows.PLAN_TEXT_MAX` characters); `InvalidEntry` writes nothing."""
    from analytics.storage import rows, transaction
    from analytics.storage.measure_queries import upsert_setting

    values = {
        PLAN_WARNING_SIGNS_SETTING: edits.warning_signs,
        PLAN_WHAT_HELPS_SETTING: edits.what_helps,
        PLAN_STEPS_SETTING: edits.steps,
    }
    checked = [rows.setting_row({"key": k, "value": v}) for k, v in values.items()]
    with transaction(con):
        for row in checked:
            upsert_setting(con, row["key"], row["value"])
