"""What is wrong with an imported file, in words a person can act on (`analytics.importers`).

Each function returns the message of one problem or refusal; the format module that found it
names the row and the field (`InvalidEntry(field, message, row)`), so "Row 4, time: '25:00'
is not a time like 20:39 or 8:39 PM" still says where (principle 2). A cell is quoted as
typed (`entries.quoted`); the importer has shown each byte that was not UTF-8 as U+FFFD first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.entries import quoted
from analytics.words import phrases


def more_problems(rest: int) -> str:
    """What a problem list cut at its limit says of the problems left out (1 or more)."""
    return f"… and {rest:,} more {phrases.plural(rest, 'problem')}"


# --- a file too large, a record that stops the reader ------------------------------------


def too_big(name: str, size: int, max_bytes: int) -> str:
    """A file (or a zip's or a folder's contents) over the import's limit, in MB to one
    decimal: "data.csv is 51.2 MB; files over 50 MB are refused (…)". A size that rounds to
    the limit is "just over 50 MB", never "50.0 MB" beside "over 50 MB are refused"."""
    limit = max_bytes // 1024 // 1024
    mb = round(size / 1024 / 1024, 1)
    shown = f"{mb:.1f} MB" if mb > limit else f"just over {limit} MB"
    return (
        f"{name} is {shown}; files over {limit} MB are refused (a tracker export is much "
        "smaller, so this is probably not one)."
    )


def not_csv(error: object) -> str:
    """A record Python's `csv` reader could not read, with its reason as it gave it."""
    return f"could not be read as CSV ({error})"


def not_read_to_the_end(why: str, lines: int) -> str:
    """A record that stopped the reader, and the lines after it that were never read as rows:
    `why` is the stop's reason ("opens a quote (\") that is never closed"); `lines` counts the
    non-blank lines from that record to the end of the file (1 or more)."""
    were = "was" if lines == 1 else "were"
    return (
        f"{why}, so the {phrases.count(lines, 'line')} from here to the end of the file {were} "
        "not read; fix the file and import it again"
    )


# --- a cell holding a byte that is not text -----------------------------------------------


def nul_byte(cell: str) -> str:
    """A cell holding a NUL (zero) byte, shown as U+FFFD in `cell`."""
    return (
        f"{quoted(cell)} holds a NUL byte (a zero byte, shown as \ufffd), which text never "
        "holds. Delete it in the file, or skip this row"
    )


def not_utf8_byte(cell: str) -> str:
    """A cell holding a byte that is not UTF-8 in a file read as UTF-8, shown as U+FFFD."""
    return (
        f"{quoted(cell)} holds a byte that is not UTF-8 (shown as \ufffd); the rest of the file "
        "is UTF-8. Retype that character in the file, or skip this row"
    )


# --- a row of the wrong width -------------------------------------------------------------


def missing_cells(has: int, of: int, noun: str = "column") -> str:
    """A row shorter than its header, said of the first field it lacks: "is missing: the row
    has 3 of 5 columns" (Loop's rows count habits). `of` is the header's width, `has` < `of`."""
    return f"is missing: the row has {has:,} of {phrases.count(of, noun)}"


def too_many_cells(has: int, header: int, noun: str = "column", why: str = "") -> str:
    """A row wider than its header: "has 6 columns; the header has 5", with `why` in
    brackets when it is known ("a cell holding the delimiter needs quotes around it")."""
    because = f" ({why})" if why else ""
    return f"has {phrases.count(has, noun)}; the header has {header:,}{because}"


DELIMITER_NEEDS_QUOTES = "a cell holding the delimiter needs quotes around it"
"""Why an any-CSV row is wider than its header: an unquoted delimiter shifts every later cell."""


# --- a cell that cannot be read as what its column holds ----------------------------------


def not_a_tracker_date(day: date) -> str:
    """A date before 1970 or after 2100, which no tracker wrote (a garbled year)."""
    return f"{day:%Y-%m-%d} is not a date a tracker could have written"


def not_a_readable_date(text: str) -> str:
    """A Daylio date in no form the importer reads (its months and weekdays in any language
    `importers.locale_names` knows)."""
    return f"{quoted(text)} is not a date Between Sessions can read"


def weekday_mismatch(weekday: str, day: date) -> str:
    """A Daylio row whose weekday is not that of its date."""
    return f"{quoted(weekday)} does not match {day:%Y-%m-%d}, which was a {day:%A}"


def not_a_time(text: str) -> str:
    """A time cell that is no time of day in a format the importers read."""
    return f"{quoted(text)} is not a time like 20:39 or 8:39 PM"


def not_a_loop_date(text: str) -> str:
    """A Loop row's date in neither of the formats Loop writes."""
    return f"{quoted(text)} is not a date like 2023-04-04 or 04-04-23"


def not_in_date_format(text: str, fmt: str) -> str:
    """A date cell of an any-CSV file that the chosen (or guessed) `fmt` does not read."""
    return f"{quoted(text)} does not match the format {fmt}"


def no_known_date_format(column: str, sampled: int, cut: bool = False) -> str:
    """No known date format reads a single one of the `sampled` (1 or more) dates of `column`
    looked at: the first `GUESS_SAMPLE` filled ones when `cut`, else every filled one. Said of
    the column, not of a row: where the person chooses the format is said by the command
    (`date_format_refusal`) and the page (its chooser)."""
    if sampled == 1 and not cut:
        return f"the one date in {quoted(column)} is in no date format Between Sessions knows"
    which = f"the first {sampled:,}" if cut else f"the {sampled:,}"
    return f"none of {which} dates in {quoted(column)} is in a date format Between Sessions knows"


DATE_FORMAT_CHOOSER = "Choose the format the dates are in under Date format, above."
"""What the Import page says beside `no_known_date_format`: the page has the chooser."""


def no_such_column(name: str) -> str:
    """A mapping names a column the file's header does not have."""
    return f"no column named {quoted(name)} in this file"


def neither_done_nor_rest(text: str) -> str:
    """A practice cell of an any-CSV file that is neither a done nor a rest mark."""
    return f"{quoted(text)} is neither done (1, yes, x) nor rest (rest, skip) nor empty"


def mood_not_placed(label: str) -> str:
    """A Daylio mood label that has no value on the 0-10 wellbeing scale yet."""
    return f"{quoted(label)} has no place on the wellbeing scale yet; give it a value from 0 to 10"


def frequency_not_a_number(habit: str) -> str:
    """A Loop habit whose frequency cannot be read: its target is guessed instead."""
    return (
        f"the frequency of {quoted(habit)} is not a number; its target is guessed from the "
        "checkmarks"
    )


def not_a_checkmark(text: str, path: str | None = None) -> str:
    """A Loop cell that is not a checkmark value, naming the file when a habit has its own."""
    where = f" in {path}" if path is not None else ""
    return f"{quoted(text)}{where} is not a checkmark value"


def value_missing(path: str) -> str:
    """A row of a habit's own Checkmarks.csv with a date and no value."""
    return f"value is missing in {path}"


# --- what `between import` says when it refuses --------------------------------------------


def journal_not_opened(error: object) -> str:
    """The journal file could not be opened, with the storage layer's reason."""
    return f"The journal cannot be opened: {error}"


def lines_not_read_refusal(lines: int) -> str:
    """`between import` refuses a file whose last `lines` could not be read as rows, even with
    --skip-bad-rows: skipping rows never drops the rest of a file."""
    return (
        f"Import refused: {phrases.count(lines, 'line')} at the end of the file could not be read "
        "as rows (the problem above says where). Nothing was written. Fix the file and import "
        "it again; --skip-bad-rows skips rows, never the rest of a file."
    )


def problems_found(problems: int, rows: int) -> str:
    """How many problems in how many rows: "1 problem in 1 row"; `rows` counts the rows named
    (a problem with the whole file names none): "1 problem with the whole file"."""
    if rows == 0:
        return f"{phrases.count(problems, 'problem')} with the whole file"
    return f"{phrases.count(problems, 'problem')} in {phrases.count(rows, 'row')}"


def problems_listed(problems: int, rows: int, shown: int) -> str:
    """The Import page's heading over its problem table: how many, in how many rows (none: the
    whole file), and which are listed (the first `shown` when there are more)."""
    by = "by row and field" if rows else "by field"
    if problems == 1:
        listed = f"It is listed below {by}."
    elif problems <= shown:
        listed = f"Each is listed below {by}."
    else:
        listed = f"The first {shown:,} are listed below {by}."
    return f"{problems_found(problems, rows)}. {listed}"


def _fix(problems: int) -> str:
    return "Fix it" if problems == 1 else "Fix them"


def problems_refusal(problems: int, rows: int) -> str:
    """`between import` refuses a file with `problems` in `rows` unless told to skip them."""
    return (
        f"Import refused: {problems_found(problems, rows)}. Nothing was written. "
        f"{_fix(problems)}, or add --skip-bad-rows to import only the valid rows."
    )


def whole_file_refusal(problems: int) -> str:
    """`between import` refuses a file with `problems` (1 or more) that are not in any one row
    (its columns cannot be read as the import needs), even with --skip-bad-rows."""
    these, it = ("That problem is", "it") if problems == 1 else ("Those problems are", "them")
    return (
        f"Import refused: {these} with the whole file, not with a row, so --skip-bad-rows "
        f"cannot skip {it}. Nothing was written."
    )


def date_format_refusal() -> str:
    """What `between import` (which has no option for a date format) says the person can do
    when no known format reads the dates."""
    return (
        "between import has no option to choose a date format: change the dates in the file "
        "to a form like 2026-11-01, or import it on the Import page (between app), where you "
        "can choose the format."
    )


def mood_map_hint(labels: list[str]) -> str:
    """How to give the first unplaced mood labels a place on the scale, as an example."""
    example = ", ".join(f"{label}=5" for label in labels)
    return (
        f'Give these moods a place on the scale with --mood-map "{example}" (0 = worst, 10 = best).'
    )


def problems_written(problems: int, path: object) -> str:
    """Where --problems wrote the whole problem list (one line each; empty when none)."""
    if not problems:
        return f"No problems: {path} is empty."
    if problems == 1:
        return f"The one problem is in {path}."
    return f"All {problems:,} problems are in {path}."


# --- a whole file refused (`ImportRefused`) ------------------------------------------------


def broken_utf16(name: str) -> str:
    """A file with a UTF-16 mark whose bytes are not UTF-16."""
    return f"{name} is not readable text (broken UTF-16)."


def not_a_text_file(name: str) -> str:
    """A file with too many NUL bytes to be text (`importers.NUL_SHARE`)."""
    return f"{name} is not a text file, so it cannot be a CSV export."


def unknown_encoding(name: str) -> str:
    """A file that no encoding the importers know reads."""
    return f"{name} is not readable text (unknown encoding); export it again as UTF-8 CSV."


def bad_header_byte(row: int, column: int, cell: str, nul: bool) -> str:
    """A header cell holding a NUL byte (`nul`) or a byte that is not UTF-8 (shown as U+FFFD in
    `cell`): its columns cannot be named, so no row is read."""
    what = "a NUL (zero) byte" if nul else "a byte that is not UTF-8"
    return (
        f"Row {row}, the header, holds {what} in column {column} ({quoted(cell)}, shown with "
        "\ufffd), so its columns cannot be named. Retype that column name in the file and import "
        "it again."
    )


def named_twice(row: int, spellings: Sequence[str], columns: Sequence[int]) -> str:
    """A header naming one column more than once, in one spelling or in several ('Mood' and
    'mood'), at `columns` (two or more, 1-based)."""
    written = "" if len(spellings) == 1 else f", as {phrases.join(map(quoted, spellings))}"
    where = phrases.join(str(i) for i in columns)
    return (
        f"Row {row}, the header, names the column {quoted(spellings[0])} more than once"
        f"{written} (columns {where}), so which one to read is unclear. Rename or remove the "
        "extra column in the file and import it again."
    )


def zip_unreadable(name: str, error: object) -> str:
    """A file that starts as a zip and cannot be opened as one."""
    return f"{name} looks like a zip file but cannot be opened: {error}"


def no_csv_files(name: str) -> str:
    """A zip holding no CSV, TSV or TXT file."""
    return f"{name} holds no CSV files."


def contents_of(name: str) -> str:
    """What a zip's size is said of: its contents, unpacked."""
    return f"The contents of {name}"


def the_folder(name: str) -> str:
    """What a folder's size or contents are said of."""
    return f"The folder {name}"


def folder_without_csv(path: object) -> str:
    """A folder with no CSV, TSV or TXT file anywhere under it."""
    return f"{the_folder(str(path))} holds no CSV files."


def does_not_exist(path: object) -> str:
    """A path to import that is no file or folder."""
    return f"{path} does not exist."


def lines_not_read(lines: int) -> str:
    """The import refuses a file whose last `lines` could not be read as rows, even when asked to
    skip bad rows (the page's words; `lines_not_read_refusal` is the command's)."""
    return (
        f"{phrases.count(lines, 'line')} at the end of the file could not be read as rows (see "
        "the problem list); fix the file and import it again."
    )


def problems_to_fix(problems: int, rows: int) -> str:
    """The import refuses `problems` in `rows` unless the person chose to skip those rows."""
    if rows == 0:
        return f"{problems_found(problems, rows)}; {_fix(problems).lower()} first."
    those = "that row" if rows == 1 else "those rows"
    return f"{problems_found(problems, rows)}; {_fix(problems).lower()}, or choose to skip {those}."


def daylio_columns_missing(missing: Sequence[str]) -> str:
    """A Daylio header without the columns a row is read from."""
    return f"This Daylio file has no {', '.join(missing)} column, so it cannot be read."


def not_daylio(columns: int) -> str:
    """A file without Daylio's header whose width is none of Daylio's own."""
    return (
        f"This file has no Daylio header and {phrases.count(columns, 'column')}; Daylio writes 7 "
        "to 9. Choose 'Any CSV' to map its columns yourself."
    )


def loop_file_empty(path: str) -> str:
    """A Loop Checkmarks.csv with no line."""
    return f"{path} is empty."


def not_loop_checkmarks(path: str) -> str:
    """A file whose first column is not Loop's Date."""
    return f"{path} does not start with a Date column, so it is not a Loop Checkmarks.csv."


def one_file_only(format_name: str, files: int) -> str:
    """A format that reads one CSV given a zip or folder of `files` (0, or 2 and more)."""
    return f"A {format_name} import reads one CSV file; this holds {phrases.count(files, 'file')}."


def not_label_value(part: str) -> str:
    """A --mood-map part that is not `label=value`."""
    return f'--mood-map: {quoted(part)} is not label=value (e.g. "okay=6")'


def mood_value_not_a_number(value: str, label: str) -> str:
    """A --mood-map value that is not a number."""
    return f"--mood-map: {quoted(value)} for {quoted(label)} is not a number"


def mood_value_off_the_scale(value: str, label: str) -> str:
    """A --mood-map value outside the 0-10 wellbeing scale."""
    return f"--mood-map: {quoted(value)} for {quoted(label)} is outside the 0-10 scale"
