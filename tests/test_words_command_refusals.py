"""Why a `between` command did nothing (`analytics.words.command_refusals`) and what
`between backups` says beside its list (`analytics.words.backup_list`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics.words import backup_list, command_refusals

DB = Path("j.duckdb")
START, END = date(2026, 3, 1), date(2026, 3, 10)


def test_the_refusals_name_what_was_left_untouched():
    assert command_refusals.no_journal(DB) == "There is no journal at j.duckdb yet."
    assert command_refusals.no_file(Path("x.zip")) == "There is no file at x.zip."
    assert command_refusals.sample_not_mixed_in(DB) == (
        "j.duckdb already has entries, so the sample was not written (it is never mixed into "
        "a real journal). Choose a new file with --db."
    )
    assert command_refusals.not_saved("item_3", "4 is not between 0 and 3") == (
        "item_3: 4 is not between 0 and 3. Nothing was saved."
    )


def test_the_brief_period_refusals_name_the_dates():
    assert command_refusals.brief_end_in_future(END) == (
        "--to 2026-03-10 is in the future; a brief covers days already lived."
    )
    assert command_refusals.brief_period_reversed(END, START) == (
        "--from 2026-03-10 is after --to 2026-03-01: that period has no days."
    )
    # One day is a period too: its start and end are the same day.
    assert command_refusals.brief_nothing_logged(START, START) == (
        "Nothing is logged from 2026-03-01 to 2026-03-01, so there is no brief to write. "
        "Choose other dates with --from and --to."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 backup in b. Restore one with `between restore-backup NAME`."),
        (2, "2 backups in b. Restore one with `between restore-backup NAME`."),
    ],
)
def test_backups_listed_counts_them(n, expected):
    assert backup_list.backups_listed(n, Path("b")) == expected


def test_no_backups_says_when_they_are_taken():
    assert backup_list.no_backups(DB) == (
        "There are no backups of j.duckdb yet. One is taken before each upgrade of the journal, "
        "and before each import or restore that changes it, except an import into a journal with "
        "no entries yet, which has nothing to lose."
    )


def test_the_backups_page_says_when_they_are_kept_without_every_import():
    # It said a copy "is kept before every upgrade, and before every import and restore that
    # changes something": the first import into a journal with no entries takes none.
    said = backup_list.where_kept("b", 10)
    assert "except an import into a journal with no entries yet" in said
    assert said.endswith("in b. The newest 10 are kept; they never leave this machine.")
