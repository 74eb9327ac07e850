"""What restoring a backup says (`analytics.words.backup_restore`), table-driven."""

from __future__ import annotations

import pytest

from analytics.words import backup_restore as words

BACKUP = "journal-2026-11-24T10-31-05-before-import.duckdb"
SAFETY = "journal-2026-12-07T13-00-00-before-backup-restore.duckdb"


@pytest.mark.parametrize(
    ("safety", "damaged", "expected"),
    [
        (None, None, f"Restored the journal from {BACKUP}."),
        (
            SAFETY,
            None,
            f"Restored the journal from {BACKUP}. The journal as it was just before is kept "
            f"as {SAFETY}.",
        ),
        (
            None,
            "/home/me/journal.duckdb.damaged-2026-12-07T13-00-00",
            f"Restored the journal from {BACKUP}. The damaged file is kept, untouched, at "
            "/home/me/journal.duckdb.damaged-2026-12-07T13-00-00.",
        ),
    ],
)
def test_a_restore_says_what_it_did_and_where_the_journal_as_it_was_is_kept(
    safety, damaged, expected
):
    assert words.restored(BACKUP, safety, damaged) == expected


@pytest.mark.parametrize(
    ("written_out", "done"), [(False, "cannot be restored"), (True, "cannot be written out")]
)
def test_a_damaged_backup_is_named_with_why_and_the_journal_untouched(written_out, done):
    said = words.damaged_backup(BACKUP, "a block cannot be read", written_out)
    assert said == (
        f"The backup {BACKUP} is damaged and {done} (a block cannot be read). Your journal was "
        "not changed; choose another backup (`between backups` lists them)."
    )
