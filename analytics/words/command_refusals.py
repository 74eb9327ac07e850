"""Why a `between` command did nothing: no journal or file to read, dates that hold no days,
a journal the sample may not be mixed into, an answer that was not saved. Each says what was
left untouched, and, where there is one, what to do instead."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def no_journal(db: Path) -> str:
    """ "There is no journal at /home/me/journal.duckdb yet." """
    return f"There is no journal at {db} yet."


def no_file(path: Path) -> str:
    """ "There is no file at export.zip." """
    return f"There is no file at {path}."


def sample_not_mixed_in(db: Path) -> str:
    """`between sample` into a journal that has entries: refused, never mixed in."""
    return (
        f"{db} already has entries, so the sample was not written (it is never mixed into a "
        "real journal). Choose a new file with --db."
    )


def brief_end_in_future(end: date) -> str:
    """`between report --to` a day after today."""
    return f"--to {end} is in the future; a brief covers days already lived."


def brief_period_reversed(start: date, end: date) -> str:
    """`between report --from` a day after `--to`."""
    return f"--from {start} is after --to {end}: that period has no days."


def brief_nothing_logged(start: date, end: date) -> str:
    """A brief's period with no entries (sessions aside): nothing to write."""
    return (
        f"Nothing is logged from {start} to {end}, so there is no brief to write. Choose "
        "other dates with --from and --to."
    )


def not_saved(field: str, problem: str) -> str:
    """An answer refused by the journal's checks (`field`, and its `InvalidEntry` message):
    "item_3: 4 is not between 0 and 3. Nothing was saved." """
    return f"{field}: {problem}. Nothing was saved."
