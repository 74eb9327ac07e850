"""`between backups` and `between restore-backup`: the journal's automatic backups."""

from __future__ import annotations

import argparse
import json

from analytics.cli.common import Command, _say

# --- backups ----------------------------------------------------------------------------


def _configure_backups(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_backups(args: argparse.Namespace) -> int:
    """List the journal's backups, newest first (name, time, why, size)."""
    from analytics.export.backups import backups_dir, list_backups

    found = list_backups(args.db)
    if args.json:
        rows = [
            {
                "name": b.name,
                "taken_at": b.taken_at.isoformat(),
                "reason": b.reason,
                "bytes": b.size_bytes,
            }
            for b in found
        ]
        print(
            json.dumps(
                {"db": str(args.db), "folder": str(backups_dir(args.db)), "backups": rows}, indent=2
            )
        )
        return 0
    if not found:
        _say(
            f"There are no backups of {args.db} yet (they are taken before every upgrade, import and restore)."
        )
        return 0
    for backup in found:
        print(f"{backup.name}  {backup.size_bytes / 1_000_000:8.1f} MB  {backup.reason_label}")
    _say(
        f"{len(found)} backups in {backups_dir(args.db)}. Restore one with `between restore-backup NAME`."
    )
    return 0


def _configure_restore_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", metavar="NAME", help="a backup's file name, as `between backups` lists it"
    )


def run_restore_backup(args: argparse.Namespace) -> int:
    """Restore the journal from one of its backups (the current journal is backed up first)."""
    from analytics.export.backups import BackupRefused, restore_backup

    try:
        result = restore_backup(args.db, args.name)
    except BackupRefused as refused:
        _say(str(refused))
        return 1
    _say(result.summary())
    return 0


COMMANDS: list[Command] = [
    Command(
        "backups",
        "list the journal's backups (taken before every upgrade, import and restore)",
        _configure_backups,
        run_backups,
    ),
    Command(
        "restore-backup",
        "restore the journal from one of its backups; the current journal is backed up first",
        _configure_restore_backup,
        run_restore_backup,
    ),
]
