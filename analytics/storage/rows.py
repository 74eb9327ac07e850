"""From raw values to the columns of one row, per entry kind.

Each `*_row` function validates with `analytics.entries` and returns a dict keyed by column
name, ready to insert. Adding, editing, importing and restoring all go through these, so a
value the Log page refuses is refused by an import too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from analytics import clock
from analytics.entries import (
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    LocalTime,
    PracticeStatus,
    SessionStatus,
    TaskStatus,
    clean_amount,
    clean_day,
    clean_emotions,
    clean_minutes,
    clean_moment,
    clean_offset,
    clean_response_kind,
    clean_scale,
    clean_sleep_hours,
    clean_text,
    only_invisible,
    quoted,
)
from analytics.gbo import GOAL_TEXT_MAX, GoalStatus, clean_rating, clean_status
from analytics.measures import MAX_ITEMS, MEASURES, check_difficulty, measure_of, score
from analytics.safety import CRISIS_REGION_SETTING, CRISIS_REGIONS
from analytics.schedule import SCHEDULE_SETTING, SCHEDULE_TEXT_MAX, clean_schedule_text

Row = dict[str, Any]


def _moment_columns(raw: Mapping[str, Any], now: datetime | None) -> Row:
    if "local_time" in raw and "when" not in raw:
        wall = raw["local_time"]
        if hasattr(wall, "to_pydatetime"):
            wall = wall.to_pydatetime()
        offset = raw.get("utc_offset_min")
        if offset is None:
            moment = clean_moment(wall, now=now)
        else:
            if not isinstance(wall, datetime):
                raise InvalidEntry("local_time", "is missing or not a date and time")
            moment = clean_moment(
                LocalTime(wall.replace(tzinfo=None), clean_offset(offset)), now=now
            )
    else:
        moment = clean_moment(raw.get("when"), now=now)
    return {"local_time": moment.wall, "utc_offset_min": moment.utc_offset_min}


def check_in_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    return {
        **_moment_columns(raw, now),
        "wellbeing": clean_scale(raw.get("wellbeing"), "wellbeing"),
        "anxiety": clean_scale(raw.get("anxiety"), "anxiety", required=False),
        "energy": clean_scale(raw.get("energy"), "energy", required=False),
        "emotions": clean_emotions(raw.get("emotions")),
        "note": clean_text(raw.get("note"), "note"),
        **sleep_columns(raw),
    }


def sleep_columns(raw: Mapping[str, Any]) -> Row:
    """The optional sleep of a check-in (schema VERSION_9): `sleep_hours` (0-24, to the
    quarter hour or one decimal) and `sleep_quality` (0-10), each None when not given. DuckDB
    cannot add a column with a CHECK, so these are the only checks the values get."""
    return {
        "sleep_hours": clean_sleep_hours(raw.get("sleep_hours")),
        "sleep_quality": clean_scale(raw.get("sleep_quality"), "sleep_quality", required=False),
    }


def trigger_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    return {
        **_moment_columns(raw, now),
        "category": clean_text(
            raw.get("category"), "category", max_length=SHORT_TEXT_MAX, required=True
        ),
        "what_happened": clean_text(raw.get("what_happened"), "what_happened"),
        "intensity": clean_scale(raw.get("intensity"), "intensity"),
        "response": clean_text(raw.get("response"), "response"),
        "response_kind": clean_response_kind(raw.get("response_kind")),
        "helped": clean_scale(raw.get("helped"), "helped", required=False),
        "note": clean_text(raw.get("note"), "note"),
    }


def practice_log_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """`practice_id` must already be resolved; storage looks names up before calling this."""
    status = raw.get("status") or PracticeStatus.DONE
    try:
        status = PracticeStatus(status).value
    except ValueError:
        raise InvalidEntry("status", f"{quoted(status)} is not 'done' or 'rest'") from None
    amount = clean_amount(raw.get("amount"))
    return {
        **_moment_columns(raw, now),
        "practice_id": clean_text(
            raw.get("practice_id"), "practice", max_length=SHORT_TEXT_MAX, required=True
        ),
        "minutes": clean_minutes(raw.get("minutes")),
        "note": clean_text(raw.get("note"), "note"),
        "first_time": bool(raw.get("first_time") or False),
        "status": status,
        "amount": amount,
    }


def reflection_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    row = {
        "day": clean_day(raw.get("day"), "day", today=(now or clock.now()).date()),
        **{field: clean_text(raw.get(field), field) for field in REFLECTION_PROMPTS},
        "free_text": clean_text(raw.get("free_text"), "free_text"),
        "stirred_up": clean_text(raw.get("stirred_up"), "stirred_up"),
    }
    if not any(row[field] for field in REFLECTION_FIELDS):
        raise InvalidEntry("reflection", "is empty; answer at least one prompt")
    return row


def session_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    # A therapy session may be booked ahead, so its date may lie in the future. Without a
    # status (the Log page's default, an export from before schema version 8) it was attended.
    status = raw.get("status") or SessionStatus.ATTENDED
    try:
        status = SessionStatus(status).value
    except ValueError:
        raise InvalidEntry(
            "status", f"{quoted(status)} is not 'attended', 'cancelled' or 'missed'"
        ) from None
    return {
        "day": clean_day(raw.get("day"), "day", allow_future=True),
        "note": clean_text(raw.get("note"), "note"),
        "status": status,
    }


def session_task_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """One task agreed in a session: its `text` (`task_text`), `status` and the optional
    `what_got_in_the_way`. Adding, rewording and restoring a task all go through here."""
    position = raw.get("position")
    return {
        "session_id": clean_text(
            raw.get("session_id"), "session", max_length=SHORT_TEXT_MAX, required=True
        ),
        "position": 0 if position is None or position != position else int(position),
        "text": task_text(raw.get("text")),
        **task_mark(raw),
        "practice_id": clean_text(raw.get("practice_id"), "practice_id", max_length=SHORT_TEXT_MAX)
        or None,
    }


_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
"""What `str.splitlines` breaks at and `clean_text` keeps (it drops the other control breaks)."""


def task_text(value: object) -> str:
    """A task's words: one line (a task is a sentence, and each line of the box a new session's
    tasks are typed in is a task of its own), up to `TASK_TEXT_MAX` characters, and something to
    read: text of only invisible characters (a zero-width space, say) is refused as empty."""
    text = clean_text(value, "task", max_length=TASK_TEXT_MAX, required=True)
    if not _LINE_BREAKS.isdisjoint(text):
        raise InvalidEntry(
            "task", "runs over more than one line; a task is one line, so put it in one sentence"
        )
    if only_invisible(text):
        raise InvalidEntry(
            "task", "holds only invisible characters (such as a zero-width space); please type it"
        )
    return text


def task_mark(raw: Mapping[str, Any]) -> Row:
    """How a task went: its `status` and the optional `what_got_in_the_way`. Marking a task
    checks only these, so a task stored before `task_text`'s rule can still be marked."""
    status = raw.get("status") or TaskStatus.OPEN
    try:
        status = TaskStatus(status).value
    except ValueError:
        raise InvalidEntry(
            "status", f"{quoted(status)} is not 'open', 'done', 'partly' or 'not_done'"
        ) from None
    return {
        "status": status,
        "what_got_in_the_way": clean_text(
            raw.get("what_got_in_the_way"), "what_got_in_the_way", max_length=1000
        ),
    }


TASK_TEXT_MAX = 240
"""A task is a sentence ("Say no once to my manager this week"), not a note."""


ITEM_COLUMNS = tuple(f"item_{i}" for i in range(1, MAX_ITEMS + 1))
"""A questionnaire response's answers, one column per item; NULL past the measure's last item."""


def measure_response_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """The columns of one response from `measure`, `day` and `answers` (a list) or `item_1`...
    columns; the total is always recomputed from the answers (a given `total` must agree).
    Raises `InvalidEntry`."""
    m = measure_of(raw.get("measure"))
    answers = raw.get("answers")
    if answers is None:
        columns = [f"item_{i}" for i in range(1, len(m.items) + 1)]
        answers = [raw.get(column) for column in columns]
        for column in ITEM_COLUMNS[len(m.items) :]:
            if not _is_blank(raw.get(column)):
                raise InvalidEntry(column, f"{m.name} has only {len(m.items)} items")
    result = score(m.key, answers)  # score refuses anything but a list of answers
    row: Row = {
        "day": clean_day(raw.get("day"), "day", today=(now or clock.now()).date()),
        "measure": m.key,
    }
    for i, column in enumerate(ITEM_COLUMNS):
        row[column] = result.answers[i] if i < len(result.answers) else None
    given_total = raw.get("total")
    if not _is_blank(given_total) and given_total != result.total:
        raise InvalidEntry(
            "total",
            f"{quoted(given_total)} does not match the answers, which add up to {result.total}",
        )
    row["total"] = result.total
    row["difficulty"] = check_difficulty(m.key, raw.get("difficulty"))
    return row


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


MEASURES_IN_USE_SETTING = "measures_in_use"
"""The questionnaires the person uses: measure keys separated by commas ("" = none)."""


def _measure_keys(value: str) -> str:
    keys = {measure_of(part).key for part in value.split(",") if part.strip()}
    return ",".join(key for key in MEASURES if key in keys)


COURSE_START_SETTING = "course_start"
"""The day the person's current course of therapy began ("I started a new course of therapy"),
as YYYY-MM-DD; absent: the first session or first questionnaire response, whichever is earlier."""


def _course_start(value: str) -> str:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidEntry("value", f"{quoted(value)} is not a date (YYYY-MM-DD)") from None
    return clean_day(day, "value").isoformat()


THERAPY_ENDED_SETTING = "therapy_ended"
"""The day of the last session of therapy ("therapy has ended"), as YYYY-MM-DD; absent or "":
therapy is going on. After it, questionnaire reminders are monthly."""


def _therapy_ended(value: str) -> str:
    return _course_start(value) if value.strip() else ""


PLAN_WARNING_SIGNS_SETTING = "plan_warning_signs"
PLAN_WHAT_HELPS_SETTING = "plan_what_helps"
PLAN_STEPS_SETTING = "plan_steps"
PLAN_SETTINGS = (PLAN_WARNING_SIGNS_SETTING, PLAN_WHAT_HELPS_SETTING, PLAN_STEPS_SETTING)
"""The person's own words in "My plan for after therapy" (`analytics.plan`): free text."""
PLAN_TEXT_MAX = 4_000

CALENDAR_WITHDRAWN_SETTING = "calendar_withdrawn"
"""The dates whose session event the calendar file must now mark cancelled although no
session on them says "cancelled": a booked session deleted or moved to another day, and the
dates a shortened or removed schedule no longer holds (`analytics.sessions.calendar_cancelled`).
Without it such a date was simply left out of the next file, and a calendar that had imported
it kept the session. Comma-separated YYYY-MM-DD, the newest `WITHDRAWN_MAX`."""
WITHDRAWN_MAX = 600
"""The most withdrawn dates kept: more than ten years of weekly sessions."""


def clean_withdrawn(value: str) -> str:
    """`CALENDAR_WITHDRAWN_SETTING`'s value: each a date, sorted, each once, the newest kept."""
    days = set()
    for part in filter(None, (p.strip() for p in value.split(","))):
        try:
            days.add(date.fromisoformat(part))
        except ValueError:
            raise InvalidEntry("value", f"{quoted(part)} is not a date (YYYY-MM-DD)") from None
    return ",".join(d.isoformat() for d in sorted(days)[-WITHDRAWN_MAX:])


SETTING_MAX_LENGTH = {
    **dict.fromkeys(PLAN_SETTINGS, PLAN_TEXT_MAX),
    SCHEDULE_SETTING: SCHEDULE_TEXT_MAX,
    CALENDAR_WITHDRAWN_SETTING: (len("2026-12-07") + 1) * WITHDRAWN_MAX,
}
"""Settings that hold the person's own words are longer than a choice (`SHORT_TEXT_MAX`)."""

SETTING_CLEANERS: dict[str, Callable[[str], str]] = {
    MEASURES_IN_USE_SETTING: _measure_keys,
    COURSE_START_SETTING: _course_start,
    SCHEDULE_SETTING: clean_schedule_text,
    CRISIS_REGION_SETTING: lambda value: (
        value
        if value in CRISIS_REGIONS
        else _refuse("value", f"{quoted(value)} is not one of {', '.join(sorted(CRISIS_REGIONS))}")
    ),
    THERAPY_ENDED_SETTING: _therapy_ended,
    **dict.fromkeys(PLAN_SETTINGS, lambda value: value),
    CALENDAR_WITHDRAWN_SETTING: clean_withdrawn,
}
"""Every setting this version knows, and how its value is checked."""


def _refuse(field: str, message: str) -> str:
    raise InvalidEntry(field, message)


def setting_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """One setting (`key`, `value`) as stored; `InvalidEntry` for a key this version does not
    know or a value it cannot use (a measure or a region it does not have)."""
    key = clean_text(raw.get("key"), "key", max_length=SHORT_TEXT_MAX, required=True)
    if key not in SETTING_CLEANERS:
        raise InvalidEntry("key", f"{quoted(key)} is not a setting this version knows")
    longest = SETTING_MAX_LENGTH.get(key, SHORT_TEXT_MAX)
    value = clean_text(raw.get("value"), "value", max_length=longest)
    try:
        value = SETTING_CLEANERS[key](value)
    except InvalidEntry as problem:
        raise InvalidEntry("value", problem.message) from None
    return {"key": key, "value": value}


def goal_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """One goal (`analytics.gbo`): its words, the day it was set, and where it stands. A goal
    that is not active says the day it was reached, changed or let go (`status_day`, not before
    it was set); an active one has none. `replaces`: the goal a changed wording took over from.
    Raises `InvalidEntry` naming the field."""
    today = (now or clock.now()).date()
    created = clean_day(raw.get("created"), "created", today=today)
    status = clean_status(raw.get("status"))
    status_day = raw.get("status_day")
    if status == GoalStatus.ACTIVE:
        if status_day is not None and not _is_blank(status_day):
            raise InvalidEntry("status_day", "is given, but the goal is still active")
        status_day = None
    else:
        status_day = clean_day(status_day, "status_day", today=today)
        if status_day < created:
            raise InvalidEntry(
                "status_day",
                f"{status_day:%Y-%m-%d} is before the goal was set ({created:%Y-%m-%d})",
            )
    replaces = clean_text(raw.get("replaces"), "replaces", max_length=SHORT_TEXT_MAX) or None
    return {
        "text": clean_text(raw.get("text"), "text", max_length=GOAL_TEXT_MAX, required=True),
        "created": created,
        "status": status,
        "status_day": status_day,
        "replaces": replaces,
    }


def goal_rating_row(raw: Mapping[str, Any], now: datetime | None = None) -> Row:
    """One rating of one goal on one day: 0 (not at all close) to 10 (reached), whole numbers.
    Whether the goal exists is storage's check (`goal_queries`). Raises `InvalidEntry`."""
    return {
        "goal_id": clean_text(
            raw.get("goal_id"), "goal_id", max_length=SHORT_TEXT_MAX, required=True
        ),
        "day": clean_day(raw.get("day"), "day", today=(now or clock.now()).date()),
        "rating": clean_rating(raw.get("rating")),
    }


REFLECTION_PROMPTS = {
    "noticing": "What am I noticing?",
    "tried_new": "Where did I try something new?",
    "hard_learned": "What felt hard, and what did I learn?",
    "bring_next": "What do I bring to my next session?",
}
STIRRED_UP_PROMPT = "What got stirred up?"
"""The optional prompt of a reflection on the day after a session (`aftermath.is_day_after_session`)."""
REFLECTION_FIELDS = (*REFLECTION_PROMPTS, "free_text", "stirred_up")
"""Every answer a reflection can hold: at least one is needed."""

ROW_BUILDERS: dict[EntryKind, Callable[[Mapping[str, Any], datetime | None], Row]] = {
    EntryKind.CHECK_IN: check_in_row,
    EntryKind.TRIGGER: trigger_row,
    EntryKind.PRACTICE_LOG: practice_log_row,
    EntryKind.REFLECTION: reflection_row,
    EntryKind.SESSION: session_row,
    EntryKind.MEASURE_RESPONSE: measure_response_row,
}
