"""What an import says about the file it read (`analytics.importers`): which column was read as
what, how the files were read, the preview `between import` prints and what was written.
What is wrong with a file is in `words.import_problems`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from analytics.entries import EntryKind, quoted
from analytics.text import closed_bidi
from analytics.words import phrases
from analytics.words.nouns import NOUNS


def columns_read(read: list[tuple[str, str]], unread: list[str]) -> str:
    """Which column fills which field, and the columns left unread, so a person who did not
    choose them (`between import` guesses from the names) sees what was read: "Columns read:
    date from 'Day', wellbeing from 'wellbeing'. Not read: 'mood'." """
    said = "Columns read: " + phrases.join([f"{what} from {quoted(c)}" for what, c in read]) + "."
    if unread:
        said += " Not read: " + phrases.join([quoted(c) for c in unread]) + "."
    return said


# --- how the files were read ----------------------------------------------------------------


def read_as_cp1252(path: str) -> str:
    """A file with no UTF-8 beyond ASCII, read as Windows-1252 (`importers.decode`)."""
    return f"{path} is not UTF-8: it was read as Windows-1252 (Western European)."


def bytes_not_utf8(path: str, bad: int) -> str:
    """A file read as UTF-8 with `bad` (1 or more) bytes that are not UTF-8."""
    these = "byte in it is" if bad == 1 else "bytes in it are"
    return f"{path} was read as UTF-8, but {bad:,} {these} not UTF-8; {_rows_holding(bad)}"


def nul_bytes(path: str, nuls: int) -> str:
    """A file holding `nuls` (1 or more) NUL bytes, each named in the row that holds it."""
    return (
        f"{path} holds {phrases.count(nuls, 'NUL (zero) byte')}, which text never holds; "
        f"{_rows_holding(nuls)}"
    )


def _rows_holding(n: int) -> str:
    # One byte is in one row; more may share a row, so "the rows" says no number.
    if n == 1:
        return "the row holding it is listed as a problem."
    return "the rows holding them are listed as problems."


def dates_read_as(fmt: str) -> str:
    """The date format an any-CSV import guessed for its date column."""
    return f"Dates read as {fmt}."


# --- the preview `between import` prints ----------------------------------------------------


@dataclass(frozen=True)
class PreviewFacts:
    """What an import's preview found, as `between import` prints it: `rows_read` of the file
    in format `source`; `new` (heading of an entry kind, new entries) for each kind with some;
    the days of the first and last; `duplicates` already in the journal; `placed` mood labels
    (label, wellbeing, rows) and `unplaced` ones (label, rows); `new_practices` (name, weekly
    target); and the plan's notes, each already a sentence."""

    rows_read: int
    source: str
    new: tuple[tuple[str, int], ...] = ()
    first: date | None = None
    last: date | None = None
    duplicates: int = 0
    placed: tuple[tuple[str, float, int], ...] = ()
    unplaced: tuple[tuple[str, int], ...] = ()
    new_practices: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()


def preview_lines(facts: PreviewFacts) -> list[str]:
    """The preview in lines of plain text, each detail indented under the first: "Read 3 rows
    (daylio).", "  Check-ins: 3 new", "  From 2026-11-01 to 2026-11-03", ..."""
    lines = [f"Read {phrases.count(facts.rows_read, 'row')} ({facts.source})."]
    lines += [f"  {heading}: {n:,} new" for heading, n in facts.new]
    if facts.first and facts.last:
        lines.append(f"  {days_covered(facts.first, facts.last, '%Y-%m-%d')}")
    if facts.duplicates:
        lines.append(f"  Already in your journal: {facts.duplicates:,}")
    lines += [
        f"  Mood {label!r} -> wellbeing {value:g} ({phrases.count(rows, 'row')})"
        for label, value, rows in facts.placed
    ]
    lines += [
        f"  Mood {label!r} needs a place on the 0-10 scale ({phrases.count(rows, 'row')})"
        for label, rows in facts.unplaced
    ]
    if facts.new_practices:
        practices = ", ".join(
            f"{closed_bidi(name)} ({target}x a week)" for name, target in facts.new_practices
        )
        lines.append(f"  New practices: {practices}")
    lines += [f"  {note}" for note in facts.notes]
    return lines


def days_covered(first: date, last: date, fmt: str) -> str:
    """The days a preview's entries fall on, with the dates in `fmt` (the command's ISO dates,
    the page's "1 Nov 2026"): "From 2026-11-01 to 2026-11-03", or "On 2026-11-01" for one day."""
    if first == last:
        return f"On {first.strftime(fmt)}"
    return f"From {first.strftime(fmt)} to {last.strftime(fmt)}"


def already_imported(entries: int) -> str:
    """The Import page's preview of `entries` (1 or more) an earlier import brought."""
    if entries == 1:
        return (
            "1 entry is already in your journal from an earlier import; it will be left as it is."
        )
    return (
        f"{entries:,} entries are already in your journal from an earlier import; they will be "
        "left as they are."
    )


def no_rows() -> str:
    """A file with a header (or nothing to read at all) and no row below it."""
    return "Nothing to import: the file has no rows below its header."


# --- what an import wrote -------------------------------------------------------------------


def import_summary(
    added: Mapping[EntryKind, int],
    practices_created: Sequence[str],
    skipped_rows: int,
    duplicates: int,
    rows_read: int | None = None,
) -> str:
    """What an import wrote, and what it left: entries added by kind, practices created,
    `duplicates` already in the journal (left as they were) and the `skipped_rows` with problems,
    of the file's `rows_read` (None: not known). When nothing was added it says why: already
    there, every row had a problem, or the file has no rows."""
    if not sum(added.values()) and not practices_created:
        if rows_read == 0:
            return no_rows()
        if skipped_rows and not duplicates:
            return "Nothing was added: " + _skipped_of(skipped_rows, rows_read)
        parts = [
            "Nothing new to add: everything in this file is already in your journal."
            if not skipped_rows
            else "Nothing new to add."
        ]
    else:
        said = [phrases.count(n, NOUNS[k].one, NOUNS[k].many) for k, n in added.items() if n]
        parts = [f"Added {', '.join(said) or 'no entries'}."]
        if practices_created:
            names = ", ".join(map(closed_bidi, practices_created))
            parts.append(f"New practices: {names}.")
    if duplicates:
        left = "was left as it was." if duplicates == 1 else "were left as they were."
        parts.append(f"{phrases.count(duplicates, 'entry')} already in your journal {left}")
    if skipped_rows:
        were = "was" if skipped_rows == 1 else "were"
        parts.append(f"{phrases.count(skipped_rows, 'row')} with problems {were} skipped.")
    return " ".join(parts)


def _skipped_of(skipped: int, rows: int | None) -> str:
    # Rows, not problems: one row may hold several; and a file's other rows may hold no entry.
    if rows is None:
        were = "was" if skipped == 1 else "were"
        return f"{phrases.count(skipped, 'row')} with problems {were} skipped."
    if skipped >= rows:
        if rows == 1:
            return "the file's one row had a problem and was skipped."
        return f"all {rows:,} rows of the file had problems and were skipped."
    rest = rows - skipped
    has = "has" if rest == 1 else "have"
    were = "was" if skipped == 1 else "were"
    return (
        f"{skipped:,} of the {rows:,} rows of the file had problems and {were} skipped; "
        f"the {'other' if rest == 1 else f'other {rest:,}'} {has} nothing to import."
    )


def writing(entries: int) -> str:
    """What `between import` says while it writes: "Writing 1 entry..." (`entries` 1 or more:
    with nothing to write it says nothing before the summary)."""
    return f"Writing {phrases.count(entries, 'entry')}..."
