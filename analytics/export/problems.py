"""How a refused restore says what is wrong: each problem names the file, the row and the field.

`Problem` is one reason; `RestoreError` carries all of them and means nothing was written.
Reading the zip (`analytics.export.zip_reader`) and checking its rows (`analytics.export.checks`)
both report through these, so a person sees every problem at once, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.entries import QUOTE_MAX, quoted
from analytics.words import export_zip as words

MAX_PROBLEMS_SHOWN = 20
SHOWN_CHARS = QUOTE_MAX
"""A value a message quotes is cut after this many characters (it may be a 300-digit number)."""


def shown(value: Any) -> str:
    """A value as a message quotes it, as typed (`entries.quoted`, as the journal's own
    validators do), plus what a JSON file can hold that a form cannot: a list, an object, a
    number too long even to print."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        return "a number of over 1,000 digits"  # str() of it would itself be refused
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return quoted(value)


@dataclass(frozen=True)
class Problem:
    """One reason a restore was refused: where (file, row, field) and what. A CSV's row is the
    one a spreadsheet shows (the header is row 1, as the importers count); journal.json's rows
    are counted from 1."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class RestoreError(ValueError):
    """The zip cannot be restored; nothing was written. `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            words.cannot_be_restored(
                [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]],
                len(problems) - MAX_PROBLEMS_SHOWN,
            )
        )

    def rows(self) -> list[dict[str, Any]]:
        """Every problem as a plain row (file, row, field, what is wrong), for a table on the page."""
        return [
            {"File": p.file, "Row": p.row, "Field": p.field or "", "What is wrong": p.message}
            for p in self.problems
        ]
