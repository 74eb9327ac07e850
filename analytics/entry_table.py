"""Entries as the Entries page lists them: the person's words for coded values.

Storage keeps `new_skill` and `rest`; a person chose "A new skill" and "Rest day", so the list
shows those. A questionnaire response reads "PHQ-9 · 12 (moderate)", and each answer is the
label the person chose ("More than half the days"), not its number. Dates and times stay date-typed (so the table still sorts by time); the page
formats them with `DAY_FORMAT` and `TIME_FORMAT` (moment.js patterns, Streamlit's own).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from analytics import clock
from analytics.entries import (
    BOOKED_LABEL,
    RESPONSE_LABELS,
    SESSION_STATUS_LABELS,
    STATUS_LABELS,
    SessionStatus,
)
from analytics.measures import MEASURES

DAY_FORMAT = "ddd D MMM YYYY"
"""A day as a person reads it: "Thu 3 Dec 2026"."""
TIME_FORMAT = "ddd D MMM YYYY, HH:mm"
"""A moment as a person reads it: "Thu 3 Dec 2026, 09:30"."""
BLANK = ""
"""What a table shows for an unanswered optional field (no sleep hours, no anxiety, no
description): nothing. Passed as `st.dataframe`'s `placeholder`, Streamlit's documented text for
missing values (by default a grey "None", whatever a Styler's display value says); the column
keeps its numbers, so it still sorts as numbers."""
WORDS: dict[str, dict[Any, str]] = {  # StrEnum keys: a stored code finds its words
    "response_kind": RESPONSE_LABELS,
    "status": {**STATUS_LABELS, **SESSION_STATUS_LABELS},
}
"""Columns whose stored codes are shown in words, and the words for each code."""


def in_words(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """`frame` (from `storage.list_entries`) with coded columns replaced by their labels.

    A code without a label (from a newer version of the app) is shown as it is stored. A session
    dated after `today` (`clock.today()` when None) and stored as attended is booked: it reads
    "Booked", not "Attended" (`booked_sessions`).
    Questionnaire responses (columns `measure`, `total`, `item_1`...) get a `questionnaire` column
    in words (`response_words`) and their answers as labels; an item the measure lacks is blank.
    """
    if "measure" in frame and "total" in frame:
        frame = _responses_in_words(frame)
    booked = booked_sessions(frame, clock.today() if today is None else today)
    shown = frame.assign(
        **{
            column: frame[column].map(lambda code, words=words: words.get(code, code))
            for column, words in WORDS.items()
            if column in frame
        }
    )
    if booked.any():
        shown.loc[booked, "status"] = BOOKED_LABEL
    return shown


def booked_count(frame: pd.DataFrame, today: date) -> int:
    """How many of `frame`'s rows are sessions booked ahead of `today` (`booked_sessions`)."""
    return int(booked_sessions(frame, today).sum())


def ahead_count(frame: pd.DataFrame, today: date) -> int:
    """How many of `frame`'s rows are sessions dated after `today`, booked or not (a session
    ahead can be stored cancelled)."""
    if "status" not in frame or "day" not in frame:
        return 0
    return int((pd.to_datetime(frame["day"]).dt.date > today).sum())


def booked_sessions(frame: pd.DataFrame, today: date) -> pd.Series:
    """Which rows are sessions booked ahead: dated after `today` and stored as attended (a
    booked session is stored so until the person says otherwise; `SessionStatus`). Only a
    session has the status attended, so a practice log's rows are never booked."""
    if "status" not in frame or "day" not in frame:
        return pd.Series(False, index=frame.index)
    days = pd.to_datetime(frame["day"]).dt.date
    return (frame["status"] == SessionStatus.ATTENDED.value) & (days > today)


def with_blanks(frame: pd.DataFrame) -> pd.DataFrame | Styler:
    """The table with its numbers shown as given ("4", "7.5"), never "4.000000", when an
    optional number (anxiety, minutes...) is unanswered; the values stay numbers, so the column
    still sorts as numbers. The blank itself is the table's `placeholder` (`BLANK`): a Styler's
    display value for a missing cell is not shown by `st.dataframe`."""
    numbers = [c for c in frame.columns if frame[c].dtype.kind in "fiu"]
    if not any(frame[c].isna().any() for c in numbers):
        return frame
    # Every number column, not only those with a blank: a Styler shows the others with six
    # decimals ("6.000000") otherwise.
    return frame.style.format(lambda v: "" if pd.isna(v) else f"{v:g}", subset=numbers)


def response_words(measure: str, total: Any) -> str:
    """One response as a person reads it: "PHQ-9 · 12 of 27 (moderate)", "WHO-5 · 64 of 100
    (good)", as the Log page and the Measures page say it."""
    m = MEASURES.get(measure)
    if m is None or total is None or pd.isna(total):
        return f"{measure} · {total}"
    return f"{m.name} · {int(total)} of {m.max_total} ({m.band_of(int(total))})"


def answer_words(measure: str, answer: Any) -> str | None:
    """An item's answer as the label it was chosen by ("Several days"); None when blank."""
    if answer is None or pd.isna(answer):
        return None
    m = MEASURES.get(measure)
    labels = {value: label for label, value in m.choices} if m else {}
    return labels.get(int(answer), str(answer))


def _responses_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    items = [column for column in frame.columns if column.startswith("item_")]
    words = {
        "questionnaire": [
            response_words(measure, total)
            for measure, total in zip(frame["measure"], frame["total"], strict=True)
        ],
        **{
            column: [
                answer_words(measure, answer)
                for measure, answer in zip(frame["measure"], frame[column], strict=True)
            ]
            for column in items
        },
    }
    columns = [c for c in frame.columns if c not in ("measure", "total", *items)]
    at = columns.index("day") + 1 if "day" in columns else 0
    ordered = [*columns[:at], "questionnaire", *items, *columns[at:]]
    return frame.assign(**words)[ordered]


def item_help(column: str) -> str:
    """What item `column` ("item_3") asks in each measure that has it, for a column's tooltip."""
    number = int(column.removeprefix("item_"))
    return "\n".join(
        f"{m.name}: {m.items[number - 1]}" for m in MEASURES.values() if number <= len(m.items)
    )
