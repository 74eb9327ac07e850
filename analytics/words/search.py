"""What a search found, in one sentence that states the count (`analytics.search`)."""

from __future__ import annotations


def found(words: tuple[str, ...], total: int, shown: int) -> str:
    """ "Nothing in your journal holds “boss”.", "1 place in your journal holds “boss”.",
    "240 places in your journal hold “boss”, newest first. The newest 200 are shown." """
    quoted = " ".join(words)
    if total == 0:
        return f"Nothing in your journal holds “{quoted}”."
    if total == 1:
        return f"1 place in your journal holds “{quoted}”."
    newest = f" The newest {shown} are shown." if shown < total else ""
    return f"{total:,} places in your journal hold “{quoted}”, newest first.{newest}"
