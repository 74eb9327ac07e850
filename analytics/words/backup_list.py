"""What `between backups` says beside its list of the journal's automatic backups."""

from __future__ import annotations

from pathlib import Path

from analytics.words import phrases

WHEN_TAKEN = (
    "One is taken before each upgrade of the journal, and before each import or restore that "
    "changes it, except an import into a journal with no entries yet, which has nothing to lose."
)
"""When backups are taken (`export.backups`, `importers.apply`): true of the first import into
a new journal too, which takes none (found by the walk: "before every import" was untrue)."""


def no_backups(db: Path) -> str:
    """No backup taken yet, and when they are taken."""
    return f"There are no backups of {db} yet. {WHEN_TAKEN}"


def where_kept(folder: str, keep: int) -> str:
    """The Backups page's opening line: when backups are taken, where and how many are kept."""
    return (
        f"A whole copy of your journal is kept before each upgrade, and before each import or "
        f"restore that changes it (except an import into a journal with no entries yet), in "
        f"{folder}. The newest {keep:,} are kept; they never leave this machine."
    )


def no_backups_yet() -> str:
    """What the Backups page says before the first backup, beside its button to take one."""
    return f"No backups yet. {WHEN_TAKEN} You can take one now."


def backups_listed(n: int, folder: Path) -> str:
    """ "1 backup in FOLDER. Restore one with `between restore-backup NAME`." (`n` >= 1)."""
    return (
        f"{phrases.count(n, 'backup')} in {folder}. Restore one with `between restore-backup NAME`."
    )
