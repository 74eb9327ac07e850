"""What restoring a backup says (`analytics.export.backups`): what was done, where the journal
as it was is kept, and why a damaged backup was refused. The backups' names are file names the
app gave them (the time and the reason), never typed text."""

from __future__ import annotations


def restored(backup: str, safety_backup: str | None, damaged_kept_at: str | None) -> str:
    """ "Restored the journal from journal-….duckdb." then, when there is one, the backup of the
    journal taken just before (by its file name), and where a damaged journal was kept."""
    parts = [f"Restored the journal from {backup}."]
    if safety_backup:
        parts.append(f"The journal as it was just before is kept as {safety_backup}.")
    if damaged_kept_at:
        parts.append(f"The damaged file is kept, untouched, at {damaged_kept_at}.")
    return " ".join(parts)


def damaged_backup(backup: str, reason: str, written_out: bool = False) -> str:
    """A damaged backup, refused by name with the first line of what went wrong (`reason`),
    restored or `written_out` as an export: the journal was not changed either way."""
    done = "written out" if written_out else "restored"
    return (
        f"The backup {backup} is damaged and cannot be {done} ({reason}). Your journal was "
        "not changed; choose another backup (`between backups` lists them)."
    )
