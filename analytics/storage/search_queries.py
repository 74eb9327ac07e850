"""The query behind search: every piece of text the person typed, matched by words.

One row per matching field (a trigger whose description and note both match is two hits),
newest first. Each word must appear in the same field, in any case and any order; a word is
matched as typed (`contains`, not LIKE, so `%` and `_` are plain characters). Only the `limit`
newest rows leave DuckDB; `total` counts every match.
"""

from __future__ import annotations

import pandas as pd

from analytics.entries import EntryKind
from analytics.storage.journal import Connection

# (entry kind, table, field, day expression, moment expression): every free-text field.
SEARCHED: tuple[tuple[EntryKind, str, str, str, str], ...] = (
    (EntryKind.CHECK_IN, "check_ins", "note", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.CHECK_IN, "check_ins", "emotions", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.TRIGGER, "triggers", "what_happened", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.TRIGGER, "triggers", "response", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.TRIGGER, "triggers", "note", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.PRACTICE_LOG, "practice_log", "note", "CAST(local_time AS DATE)", "local_time"),
    (EntryKind.REFLECTION, "reflections", "noticing", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.REFLECTION, "reflections", "tried_new", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.REFLECTION, "reflections", "hard_learned", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.REFLECTION, "reflections", "bring_next", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.REFLECTION, "reflections", "free_text", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.REFLECTION, "reflections", "stirred_up", "day", "CAST(day AS TIMESTAMP)"),
    (EntryKind.SESSION, "sessions", "note", "day", "CAST(day AS TIMESTAMP)"),
)
GOAL = "goals"
"""The kind of a hit in a goal's words (goals are not an `EntryKind`: they are set, rated and
ended on the Goals page, not logged)."""
GOAL_SEARCHED = ((GOAL, "goals", "text", "created", "CAST(created AS TIMESTAMP)"),)
"""A goal's words, on the day it was set (a goal changed into another is a goal of its own,
with its own words and day)."""


def matching_texts(con: Connection, words: list[str], limit: int) -> tuple[pd.DataFrame, int]:
    """The newest `limit` fields holding every one of `words` (already lower-cased, at least
    one), as columns kind, id, day, field, text; and how many fields match in all."""
    if not words:
        raise ValueError("search needs at least one word")
    condition = " AND ".join("contains(lower(text), ?)" for _ in words)
    texts = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, id, {day} AS day, {moment} AS moment, "
        f"'{field}' AS field, {field} AS text FROM {table} WHERE {field} <> ''"
        for kind, table, field, day, moment in (*SEARCHED, *GOAL_SEARCHED)
    )
    frame = con.execute(
        f"""SELECT kind, id, day, field, text, count(*) OVER () AS total
            FROM ({texts}) WHERE {condition}
            ORDER BY moment DESC, kind, field LIMIT ?""",
        [*words, limit],
    ).df()
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    return frame.drop(columns="total"), total
