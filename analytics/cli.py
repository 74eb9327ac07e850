"""The `between` command (also `python -m analytics`): the journal from a terminal.

Each command is one function `run(args) -> exit code` plus one `COMMANDS` entry naming its
parser set-up, so a later command (import, export, restore, report) is one small function
and one line. Every command takes `--db PATH` (default: `BETWEEN_DB`, else the user's data
folder). Messages go to stderr; results (tables, JSON) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analytics import storage
from analytics.entries import ENTRY_LABELS, EntryKind
from analytics.paths import default_journal_path


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# --- sample -----------------------------------------------------------------------------


def _configure_sample(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD", help="the day the sample should end on (default: today)")


def run_sample(args: argparse.Namespace) -> int:
    """Write the sample journal into an empty journal file; refuse one that has entries."""
    from sample_data import load_sample

    con = storage.connect(args.db)
    try:
        if not storage.is_empty(con):
            _say(f"{args.db} already has entries, so the sample was not written (it is never mixed into a real journal). Choose a new file with --db.")
            return 1
        counts = load_sample(con, today=args.today)
    finally:
        con.close()
    written = ", ".join(f"{n} {ENTRY_LABELS[EntryKind(k)].lower()}" for k, n in counts.items())
    _say(f"Wrote the sample journal to {args.db}: {written}.")
    return 0


# --- stats ------------------------------------------------------------------------------


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_stats(args: argparse.Namespace) -> int:
    """Entries per kind with the first and last date (local days)."""
    if not Path(args.db).exists():
        _say(f"There is no journal at {args.db} yet.")
        return 1
    con = storage.connect(args.db)
    try:
        stats = storage.entry_stats(con)
    finally:
        con.close()
    rows = [
        {
            "kind": row.kind,
            "entries": int(row.entries),
            "first": None if row.entries == 0 else _iso(row.first),
            "last": None if row.entries == 0 else _iso(row.last),
        }
        for row in stats.itertuples()
    ]
    if args.json:
        print(json.dumps({"db": str(args.db), "kinds": rows}, indent=2))
        return 0
    print(f"{'kind':<14}{'entries':>8}  {'first':<10}  {'last':<10}")
    for row in rows:
        print(f"{row['kind']:<14}{row['entries']:>8}  {row['first'] or '-':<10}  {row['last'] or '-':<10}")
    return 0


def _iso(value: object) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


# --- import -----------------------------------------------------------------------------


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="FILE_OR_FOLDER", help="a Daylio CSV, a Loop export (zip, folder or Checkmarks.csv), or any CSV")
    parser.add_argument("--format", choices=("daylio", "loop", "csv"), default=None, help="the file's format (default: detected)")
    parser.add_argument("--mood-map", default=None, metavar='"label=value,..."', help="place mood labels on the 0-10 wellbeing scale, e.g. \"okay=6,anxious=3\"")
    parser.add_argument("--skip-bad-rows", action="store_true", help="import the valid rows and skip the rows with problems")
    parser.add_argument("--practices", default=None, metavar='"a,b"', help="activities or habits to import as practices (default: every Loop habit, no Daylio activity)")


def run_import(args: argparse.Namespace) -> int:
    """Preview, then import in one transaction; exit 2 naming each row and field when refused."""
    from analytics.importers.command import run

    return run(args.db, args.source, fmt=args.format, mood_map=args.mood_map, skip_bad_rows=args.skip_bad_rows, practices=args.practices)


# --- the parser -------------------------------------------------------------------------

COMMANDS: list[Command] = [
    Command("sample", "write the sample journal (a year of one person's entries) into an empty journal", _configure_sample, run_sample),
    Command("stats", "count the entries of each kind, with the first and last date", _configure_stats, run_stats),
    Command("import", "import from Daylio, Loop Habit Tracker or any CSV, after a preview, in one transaction", _configure_import, run_import),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="between",
        description="Between Sessions: your journal between therapy sessions, from the terminal.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        sub.add_argument("--db", type=Path, default=None, metavar="PATH", help="the journal file (default: $BETWEEN_DB, else the user's data folder)")
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (0 on success, 1 when refused, 2 on a usage error)."""
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_journal_path()
    try:
        return args.run(args)
    except (storage.JournalError, ValueError) as problem:
        _say(str(problem))
        return 1
