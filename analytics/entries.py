"""The kinds of entry a person logs, their allowed values, and the validators that guard them.

Validators take raw values (from a form, an importer or the CLI) and return clean ones, or
raise `InvalidEntry` naming the field and saying what is wrong. Nothing is written here:
storage calls these before it opens a transaction, so a refusal never touches the journal.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import SupportsFloat, SupportsIndex, SupportsInt

from analytics import clock


class EntryKind(StrEnum):
    """The tables a person writes to; the value is the table's name."""

    CHECK_IN = "check_ins"
    TRIGGER = "triggers"
    PRACTICE_LOG = "practice_log"
    REFLECTION = "reflections"
    SESSION = "sessions"
    MEASURE_RESPONSE = "measure_responses"
    """A filled-in questionnaire (PHQ-9, GAD-7, WHO-5): every answer and the total."""


DAY_KINDS = frozenset({EntryKind.REFLECTION, EntryKind.SESSION, EntryKind.MEASURE_RESPONSE})
"""Kinds kept by calendar day (`day`) rather than by a moment (`local_time`)."""


class ResponseKind(StrEnum):
    """How a person met a trigger."""

    NEW_SKILL = "new_skill"
    """With a skill they are practising (grounding, saying no, asking for what they need)."""
    OLD_PATTERN = "old_pattern"
    """The way they used to (shutting down, people-pleasing, numbing, snapping)."""
    OTHER = "other"
    """Neither, or they are not sure."""


RESPONSE_LABELS = {
    ResponseKind.NEW_SKILL: "A new skill",
    ResponseKind.OLD_PATTERN: "An old pattern",
    ResponseKind.OTHER: "Something else",
}


class SessionStatus(StrEnum):
    """What became of a therapy session on its date. Only an attended session happened: the
    analyses of "since the last session", the days after a session and the review count those
    alone. A session booked ahead is stored as attended (planned) until the person says otherwise."""

    ATTENDED = "attended"
    CANCELLED = "cancelled"
    MISSED = "missed"


class TaskStatus(StrEnum):
    """How a task agreed in a session went, as the person marks it on Home."""

    OPEN = "open"
    """Not marked yet."""
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


class PracticeStatus(StrEnum):
    """What a practice-log row records for its day."""

    DONE = "done"
    """The practice was done."""
    REST = "rest"
    """A planned rest or skip day: it neither breaks a streak nor adds to it."""


STATUS_LABELS = {PracticeStatus.DONE: "Done", PracticeStatus.REST: "Rest day"}
SESSION_STATUS_LABELS = {
    SessionStatus.ATTENDED: "Attended",
    SessionStatus.CANCELLED: "Cancelled",
    SessionStatus.MISSED: "Missed",
}
"""A practice-log status in the words a person chose it by."""
BOOKED_LABEL = "Booked"
"""A session dated after today, in words: stored as attended (planned, `SessionStatus`) until
the person says otherwise, but it has not happened yet."""


DAILY = 7
"""A weekly target of 7 means the practice is meant for every day."""

SCALE_MIN, SCALE_MAX = 0, 10
SHORT_TEXT_MAX = 120
LONG_TEXT_MAX = 100_000
EMOTIONS_MAX = 20
LATEST_YEAR = 9000
"""No entry or booked session lies beyond this year: date arithmetic near Python's last day (9999-12-31) would overflow."""
# A clock that is a little ahead on another device must not refuse an entry made "now".
FUTURE_TOLERANCE = timedelta(minutes=5)

DEFAULT_TRIGGER_CATEGORIES = (
    "Work",
    "Family",
    "Partner",
    "Friends and social",
    "Body and health",
    "Money",
    "News and online",
    "Memories",
    "Other",
)

DEFAULT_PRACTICES = (
    ("Saying no instead of people-pleasing", "Noticing the automatic yes and trying a kind no.", 3),
    (
        "Speaking up in a difficult conversation",
        "Saying what I think or need, even when it is hard.",
        2,
    ),
    (
        "Choosing rest over overworking",
        "Stopping at a reasonable hour; letting enough be enough.",
        3,
    ),
    (
        "Soothing anxiety instead of numbing it",
        "Meeting anxiety with care rather than scrolling or snacking it away.",
        3,
    ),
    ("Journaling after a session", "Writing down what came up while it is fresh.", 1),
    ("Breathing or grounding", "Slow breathing, 5-4-3-2-1, feet on the floor.", DAILY),
    (
        "A new communication skill",
        "I-statements, asking before assuming, repair after conflict.",
        2,
    ),
    ("Checking in with my body before a decision", "Pausing to notice what my body says first.", 3),
    ("Rest without guilt", "Resting because I need it, not because I earned it.", 2),
    ("Holding a boundary", "Keeping a limit I set, kindly and firmly.", 2),
)


class InvalidEntry(ValueError):
    """An entry that cannot be stored, with the field at fault and a message a person can act on."""

    def __init__(self, field: str, message: str, row: int | None = None):
        self.field = field
        self.message = message
        self.row = row
        where = f"Row {row}, " if row is not None else ""
        super().__init__(f"{where}{field}: {message}")

    def at_row(self, row: int) -> InvalidEntry:
        return InvalidEntry(self.field, self.message, row)


@dataclass(frozen=True)
class LocalTime:
    """A moment as the person lived it: their wall-clock time and its offset from UTC.

    Time-of-day patterns read `wall`; ordering across time zones reads `utc`.
    """

    wall: datetime
    utc_offset_min: int

    @property
    def utc(self) -> datetime:
        return (self.wall - timedelta(minutes=self.utc_offset_min)).replace(tzinfo=UTC)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(
    value: object, field: str, *, max_length: int = LONG_TEXT_MAX, required: bool = False
) -> str:
    """Text with control characters (NUL among them) removed and ends trimmed; newlines and tabs stay."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = ""
    if not isinstance(value, str):
        value = str(value)
    text = _CONTROL.sub("", value).strip()
    if required and not text:
        raise InvalidEntry(field, "is empty; please fill it in")
    if len(text) > max_length:
        raise InvalidEntry(field, f"is {len(text):,} characters long; the limit is {max_length:,}")
    return text


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters that show as nothing: the Hangul fillers and the blank Braille pattern."""


def only_invisible(text: str) -> bool:
    """True when `text` shows nothing: only spaces, format characters (zero-width space and
    joiners, the byte order mark, direction marks: Unicode category Cf) and blank letters."""
    return all(
        char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) == "Cf"
        for char in text
    )


def clean_scale(value: object, field: str, *, required: bool = True) -> float | None:
    """A 0-10 rating; fractions are allowed (imports map five moods onto the scale)."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        if required:
            raise InvalidEntry(field, f"is missing; give a number from {SCALE_MIN} to {SCALE_MAX}")
        return None
    if isinstance(value, bool):
        raise InvalidEntry(field, f"must be a number from {SCALE_MIN} to {SCALE_MAX}")
    try:
        number = _as_float(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidEntry(
            field, f"{quoted(value)} is not a number from {SCALE_MIN} to {SCALE_MAX}"
        ) from None
    if not SCALE_MIN <= number <= SCALE_MAX:
        raise InvalidEntry(
            field, f"{quoted(value)} is outside the scale {SCALE_MIN} to {SCALE_MAX}"
        )
    return number


SLEEP_HOURS_MAX = 24


def clean_sleep_hours(value: object) -> float | None:
    """Hours slept the night before the check-in: optional (None when not given, never 0),
    from 0 to 24, to the quarter hour or one decimal (7.25, 6.5, 7.3); anything finer is
    refused rather than rounded, so what is stored is what was typed."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise InvalidEntry("sleep_hours", f"must be a number of hours from 0 to {SLEEP_HOURS_MAX}")
    try:
        number = _as_float(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidEntry(
            "sleep_hours", f"{quoted(value)} is not a number of hours from 0 to {SLEEP_HOURS_MAX}"
        ) from None
    if not 0 <= number <= SLEEP_HOURS_MAX:
        raise InvalidEntry(
            "sleep_hours", f"{quoted(value)} is outside 0 to {SLEEP_HOURS_MAX} hours"
        )
    quarters, tenths = number * 4, number * 10
    if abs(quarters - round(quarters)) > 1e-9 and abs(tenths - round(tenths)) > 1e-9:
        raise InvalidEntry(
            "sleep_hours", f"{quoted(value)}: give hours to the quarter hour or one decimal"
        )
    return number


def clean_moment(
    value: object, field: str = "time", *, now: datetime | None = None, allow_future: bool = False
) -> LocalTime:
    """A timestamp as lived: an aware datetime keeps its own offset; a naive one is read as this
    machine's local time, and keeps its wall time as typed. A wall time the clock skipped (the
    hour a daylight-saving change jumps over, such as 00:30 on 7 Sep 2025 in Santiago) is kept
    as typed, with the zone's offset after the change: never moved to another hour or day."""
    if isinstance(value, LocalTime):
        moment = value
    elif isinstance(value, datetime):
        try:
            aware = value if value.tzinfo is not None else value.astimezone()
            offset = aware.utcoffset() or timedelta(0)
            if value.tzinfo is None and aware.replace(tzinfo=None) != value.replace(fold=0):
                # In a gap: the two readings of the wall time land either side of it, with the
                # offsets before and after; clocks go forward there, so "after" is the larger.
                offset = max(
                    value.replace(fold=fold).astimezone().utcoffset() or timedelta(0)
                    for fold in (0, 1)
                )
                aware = value.replace(fold=0, tzinfo=timezone(offset))
        except (
            OverflowError,
            ValueError,
        ):  # the first or last days Python can hold, in this machine's zone
            raise InvalidEntry(
                field, f"{value:%Y-%m-%d} is not a date this journal can hold"
            ) from None
        moment = LocalTime(aware.replace(tzinfo=None), int(offset.total_seconds() // 60))
    elif isinstance(value, date):
        return clean_moment(
            datetime(value.year, value.month, value.day, 12),
            field,
            now=now,
            allow_future=allow_future,
        )
    else:
        raise InvalidEntry(field, "is missing or not a date and time")
    if not -14 * 60 <= moment.utc_offset_min <= 14 * 60:
        raise InvalidEntry(field, "has a time-zone offset beyond ±14 hours")
    if moment.wall.year < 1970:
        raise InvalidEntry(field, f"{moment.wall:%Y-%m-%d} is before 1970")
    if moment.wall.year > LATEST_YEAR:
        raise InvalidEntry(field, f"{moment.wall:%Y-%m-%d} is too far ahead")
    now = now or clock.now(UTC)
    if not allow_future and moment.utc > now + FUTURE_TOLERANCE:
        raise InvalidEntry(
            field,
            f"{moment.wall:%Y-%m-%d %H:%M} is in the future; entries are for what already happened",
        )
    return moment


def clean_day(
    value: object, field: str = "date", *, today: date | None = None, allow_future: bool = False
) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise InvalidEntry(field, "is missing or not a date")
    if value.year < 1970:
        raise InvalidEntry(field, f"{value:%Y-%m-%d} is before 1970")
    if value.year > LATEST_YEAR:
        raise InvalidEntry(field, f"{value:%Y-%m-%d} is too far ahead")
    today = today or clock.today()
    if not allow_future and value > today:
        raise InvalidEntry(field, f"{value:%Y-%m-%d} is in the future")
    return value


def clean_emotions(value: object) -> str:
    """Emotions as one comma-separated string: a list or a comma string, each word trimmed, duplicates dropped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list | tuple | set | frozenset):
        parts = [str(v) for v in value]
    else:
        raise InvalidEntry("emotions", "must be words separated by commas")
    seen: dict[str, None] = {}
    for part in parts:
        word = clean_text(part, "emotions", max_length=40)
        if word:
            seen.setdefault(word, None)
    if len(seen) > EMOTIONS_MAX:
        raise InvalidEntry("emotions", f"has {len(seen)} emotions; the limit is {EMOTIONS_MAX}")
    return ", ".join(seen)


def clean_response_kind(value: object, *, required: bool = False) -> str:
    """One of `ResponseKind`. Empty is "other" (not sure) unless `required`, when it is refused:
    a form never assumes how a person met a trigger."""
    if required and not value:
        raise InvalidEntry(
            "response_kind",
            "is not chosen yet; choose how you met it (a new skill, an old pattern, or "
            "something else)",
        )
    kind = value or ResponseKind.OTHER
    try:
        if not isinstance(kind, str):
            raise ValueError(kind)  # only text names a kind (as `ResponseKind(kind)` refuses 5)
        return ResponseKind(kind).value
    except ValueError:
        allowed = ", ".join(k.value for k in ResponseKind)
        raise InvalidEntry("response_kind", f"{quoted(value)} is not one of {allowed}") from None


def clean_weekly_target(value: object) -> int:
    target = _whole_number(value, "weekly_target", "is not a whole number of times a week")
    if not 1 <= target <= DAILY:
        raise InvalidEntry(
            "weekly_target", f"{quoted(value)} is not between 1 and {DAILY} times a week"
        )
    return target


def clean_minutes(value: object) -> int | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    minutes = _whole_number(value, "minutes", "is not a whole number of minutes")
    if not 0 <= minutes <= 24 * 60:
        raise InvalidEntry("minutes", f"{quoted(value)} is not between 0 and 1440")
    return minutes


def clean_offset(value: object, field: str = "utc_offset_min") -> int:
    """A UTC offset in whole minutes (its range is checked by `clean_moment`)."""
    return _whole_number(value, field, "is not a whole number of minutes from UTC")


def clean_amount(value: object) -> float | None:
    """A practice's measured amount (pages, kilometres): any finite number, or None when missing."""
    if value is None or value == "" or isinstance(value, bool):
        if isinstance(value, bool):
            raise InvalidEntry("amount", f"{quoted(value)} is not a number")
        return None
    try:
        amount = _as_float(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidEntry("amount", f"{quoted(value)} is not a number") from None
    if math.isnan(amount):
        return None
    if math.isinf(amount):
        raise InvalidEntry("amount", "is infinite; give a number")
    return amount


def _whole_number(value: object, field: str, message: str) -> int:
    """`value` as an int; a fraction, an infinity, a truth value or text that is not a whole number is refused."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = _as_int(value)
        if not isinstance(value, str) and number != value:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise InvalidEntry(field, f"{quoted(value)} {message}") from None
    return number


def _as_float(value: object) -> float:
    """`float(value)` for a raw value of any type: what `float` cannot read raises TypeError or
    ValueError, as `float` itself does, for the validators to turn into their own refusal."""
    if isinstance(value, str | bytes | bytearray | SupportsFloat | SupportsIndex):
        return float(value)
    raise TypeError(f"not a number: {type(value).__name__}")


def _as_int(value: object) -> int:
    """`int(value)` for a raw value of any type, refused as `_as_float` refuses."""
    if isinstance(value, str | bytes | bytearray | SupportsInt | SupportsIndex):
        return int(value)
    raise TypeError(f"not a number: {type(value).__name__}")


QUOTE_MAX = 20
"""A value quoted in a message is cut after this many characters, then "…"."""


def quoted(value: object) -> str:
    """A value as a message quotes it: text as typed, in quotes; a number in its shortest exact
    form (10.0000001, never rounded to 10); cut after `QUOTE_MAX` characters with "…" (it may
    be a 300-digit number or a whole paragraph). Newlines and control characters are escaped."""
    if isinstance(value, str):
        return repr(value if len(value) <= QUOTE_MAX else value[:QUOTE_MAX] + "…")
    text = repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX] + "…"
