"""Sentences about therapy sessions as the Entries page lists them."""

from __future__ import annotations

from analytics.words import phrases
from analytics.words.nouns import NOUNS

_SESSION = NOUNS["sessions"]


def sessions_listed(in_range: int, booked: int, range_label: str, limit: int | None = None) -> str:
    """What the Therapy sessions tab lists, both numbers said: "3 therapy sessions from 26 Oct –
    24 Nov 2026, and 2 booked ahead, newest first." No booking says "none booked
    ahead". `limit` is the table's limit when the list was cut there: the count of the range is
    then not known, and the sentence says the newest so many (and how many of them lie ahead)."""
    ahead = "none" if booked == 0 else f"{booked:,}"
    if limit is not None:
        return (
            f"The newest {limit:,} {_SESSION.many}, {ahead} of them booked ahead and the "
            f"rest from {range_label}, newest first."
        )
    listed = phrases.count(in_range, _SESSION.one, _SESSION.many).capitalize()
    return f"{listed} from {range_label}, and {ahead} booked ahead, newest first."
