"""`between backups` and `between restore-backup`: the journal's automatic backups."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analytics.cli.common import Command, _say, add_force_argument
from analytics.words import backup_list, written

# --- backups ----------------------------------------------------------------------------


def _configure_backups(parser: argparse.ArgumentParser) -> None:
    from analytics.cli.data import add_export_password_argument

    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--export",
        type=Path,
        default=None,
        metavar="FILE.zip",
        help=(
            "write a backup as an export zip, to keep off this machine (restore it with "
            "`between restore`); the newest, or the one --backup names"
        ),
    )
    parser.add_argument(
        "--backup",
        default=None,
        metavar="NAME",
        help="with --export: the backup to write, as the list names it (default: the newest)",
    )
    add_export_password_argument(parser, "the zip --export writes")
    add_force_argument(parser, "--export")


def run_backups(args: argparse.Namespace) -> int:
    """List the journal's backups, newest first (name, time, why, size); or write one out (--export)."""
    from analytics.export.backups import backups_dir, list_backups

    if args.export is not None:
        return _export_backup(args)
    if args.backup or args.password or args.force:
        _say("--backup, --password and --force go with --export FILE.zip.")
        return 2
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
        _say(backup_list.no_backups(args.db))
        return 0
    for backup in found:
        print(f"{backup.name}  {backup.size_bytes / 1_000_000:8.1f} MB  {backup.reason_label}")
    _say(backup_list.backups_listed(len(found), backups_dir(args.db)))
    return 0


def _export_backup(args: argparse.Namespace) -> int:
    from analytics.cli.data import export_password
    from analytics.export.backups import BackupRefused, export_backup
    from analytics.export.files import check_out_path

    if args.json:
        _say("--json lists the backups; it does not go with --export.")
        return 2
    check_out_path(args.export, args.db, force=args.force, option="--export")
    password = export_password() if args.password else None
    if args.password and password is None:
        return 2
    try:
        exported = export_backup(
            args.db, args.backup, args.export, password=password, replace=args.force
        )
    except BackupRefused as refused:
        _say(str(refused))
        return 1
    _say(written.backup_exported(exported.name, bool(password), args.export))
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
        "list the journal's backups (taken before upgrades, imports and restores that could "
        "lose entries), or write "
        "one as an export zip to keep off this machine (--export, --password)",
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
