"""What `between backups` says beside its list of the journal's automatic backups."""

from __future__ import annotations

from pathlib import Path

from analytics.words import phrases


def no_backups(db: Path) -> str:
    """No backup taken yet, and when they are taken."""
    return (
        f"There are no backups of {db} yet (they are taken before every upgrade, import "
        "and restore)."
    )


def backups_listed(n: int, folder: Path) -> str:
    """ "1 backup in FOLDER. Restore one with `between restore-backup NAME`." (`n` >= 1)."""
    return (
        f"{phrases.count(n, 'backup')} in {folder}. Restore one with `between restore-backup NAME`."
    )
