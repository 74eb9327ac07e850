"""The `between` command (also `python -m analytics`): the journal from a terminal.

Each command is one function `run(args) -> exit code` plus one `Command` entry naming its
parser set-up, kept with its group: `journal.py` (app, sample, stats), `measures.py`
(measure: a questionnaire from the terminal), `data.py` (import, export, restore), `report.py`
(report), `backups.py` (backups, restore-backup), `phone.py` (pair, reminders, and the set-up
of `app --phone`). Every command
takes `--db PATH` (default: `BETWEEN_DB`, else the user's data folder), added here, and a
journal fault exits 2 with its explanation, handled here. Messages go to stderr; results
(tables, JSON) to stdout.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from analytics import storage
from analytics.cli import backups, data, journal, measures, phone, report
from analytics.cli.common import Command, _day, _say
from analytics.paths import default_journal_path
from analytics.storage.faults import JournalFault, explain, is_fault

__all__ = ["COMMANDS", "Command", "_day", "_say", "build_parser", "main"]

# The order is the order of `between --help`.
COMMANDS: list[Command] = [
    *journal.COMMANDS,
    *measures.COMMANDS,
    *data.COMMANDS,
    *report.COMMANDS,
    *backups.COMMANDS,
    *phone.COMMANDS,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="between",
        description="Between Sessions: your journal between therapy sessions, from the terminal.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        sub.add_argument(
            "--db",
            type=Path,
            default=None,
            metavar="PATH",
            help="the journal file (default: $BETWEEN_DB, else the user's data folder)",
        )
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (0 on success, 1 when refused, 2 on a usage error)."""
    args = build_parser().parse_args(argv)
    args.db_given = args.db is not None
    if args.db is None:
        args.db = default_journal_path()
    try:
        return _run(args)
    finally:
        notice = storage.take_permission_notice(args.db)
        if notice:
            _say(notice)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except (JournalFault, duckdb.Error, OSError) as problem:
        if not isinstance(problem, JournalFault) and not is_fault(problem):
            raise
        _say(str(explain(problem, args.db)))
        return 2
    except (storage.JournalError, ValueError) as problem:
        _say(str(problem))
        return 1
