"""What is said of an export zip a person chose to restore (`analytics.export.zip_reader`,
`analytics.export.problems`): where it came from, and why it cannot be restored.

A refusal's words follow the file's name (and its row and field, `problems.Problem`): "is not
valid CSV near line 4 (…)". Every refusal ends with the journal untouched, and says so once,
at the head of the list (`cannot_be_restored`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.dates import DateRange
from analytics.text import closed_bidi
from analytics.words import phrases


def exported_on(
    made: date, version: str | None, period: DateRange | None, whole_journal: bool
) -> str:
    """Where the file came from: "Exported on 3 Dec 2026 by Between Sessions 0.9.0: 2 Nov – 1
    Dec 2026." (`whole_journal`: an export of everything; `period` None otherwise: the file
    names a range that cannot be read). The version is the file's own text, closed."""
    if whole_journal:
        covered = "the whole journal"
    elif period is None:
        covered = "an unnamed range"
    else:
        covered = period.label()
    said = closed_bidi(version) if version else "an unknown version"
    return f"Exported on {made:%-d %b %Y} by Between Sessions {said}: {covered}."


def mib(n_bytes: int) -> int:
    """Whole mebibytes, as a limit is said ("32 MiB")."""
    return n_bytes >> 20


def too_big(limit_bytes: int, found_unpacking: bool) -> str:
    """One file of the zip past the limit on a member: found from the zip's own table
    ("would unpack to …"), or while it was being unpacked (`found_unpacking`: its table said
    less)."""
    unpacks = "unpacks" if found_unpacking else "would unpack"
    return f"{unpacks} to more than {mib(limit_bytes)} MiB; it is not part of a journal export"


def more_than_memory(limit_bytes: int) -> str:
    """The zip as a whole unpacks to more than this computer can check now: not refused as
    hostile (it may be a person's own large export), with what to try."""
    return (
        f"unpacks to more than {mib(limit_bytes):,} MiB, more than this computer has the memory "
        "to check now; if it is an export of yours, close other programs and try again"
    )


def too_many_files(n: int) -> str:
    """ "holds 1,001 files; it is not a journal export"."""
    return f"holds {phrases.count(n, 'file')}; it is not a journal export"


def damaged_inside(checksum_differs: bool) -> str:
    """A file of the zip that cannot be unpacked: its contents do not match its checksum, or
    the unpacking itself failed."""
    why = "its contents do not match its checksum" if checksum_differs else "it cannot be unpacked"
    return f"is damaged inside the zip ({why})"


def not_valid_csv(line: int, why: str) -> str:
    """ "is not valid CSV near line 4 (…)": `why` is the reader's first line."""
    return f"is not valid CSV near line {line} ({why})"


def no_rows_for(table: str) -> str:
    """`journal.json` without a list for a table (named as the file names it)."""
    return f"has no list of rows for {table!r}"


def cells_against_header(cells: int, header: int) -> str:
    """A CSV row whose cells do not line up with the header: "has 1 cell where the header has
    5"."""
    return f"has {phrases.count(cells, 'cell')} where the header has {header}"


def named_twice(shown_name: str, positions: Sequence[int]) -> str:
    """A column the header row names more than once (`shown_name` as a message quotes it), with
    the columns it is at (counted from 1): a cell is read by its column's name, so one of the
    two would be read as the other."""
    return (
        f"the header row names the column {shown_name} more than once "
        f"(columns {phrases.join(str(p) for p in positions)}), so which one to read is unclear"
    )


def cannot_be_restored(problems: Sequence[str], more: int) -> str:
    """The head of every refusal and its problems, one a line ("- reflections.csv, row 4,
    day: …"), and "… and 12 more" past those shown (`more`: how many are not shown)."""
    shown = "\n".join(f"- {problem}" for problem in problems)
    tail = f"\n- … and {more} more" if more > 0 else ""
    return f"This file cannot be restored, and your journal was not changed:\n{shown}{tail}"
