"""What an import's preview says about the file it read (`analytics.importers`)."""

from __future__ import annotations

from analytics.entries import quoted
from analytics.words import phrases


def columns_read(read: list[tuple[str, str]], unread: list[str]) -> str:
    """Which column fills which field, and the columns left unread, so a person who did not
    choose them (`between import` guesses from the names) sees what was read: "Columns read:
    date from 'Day', wellbeing from 'wellbeing'. Not read: 'mood'." """
    said = "Columns read: " + phrases.join([f"{what} from {quoted(c)}" for what, c in read]) + "."
    if unread:
        said += " Not read: " + phrases.join([quoted(c) for c in unread]) + "."
    return said
