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
from datetime import date, timedelta
from pathlib import Path

import duckdb

from analytics import storage
from analytics.entries import ENTRY_LABELS, EntryKind
from analytics.paths import default_journal_path
from analytics.storage.faults import JournalFault, explain, is_fault


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
    parser.add_argument(
        "--today",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the sample should end on (default: today)",
    )


def run_sample(args: argparse.Namespace) -> int:
    """Write the sample journal into an empty journal file; refuse one that has entries."""
    from sample_data import load_sample

    con = storage.connect(args.db)
    try:
        if not storage.is_empty(con):
            _say(
                f"{args.db} already has entries, so the sample was not written (it is never mixed into a real journal). Choose a new file with --db."
            )
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
        print(
            f"{row['kind']:<14}{row['entries']:>8}  {row['first'] or '-':<10}  {row['last'] or '-':<10}"
        )
    return 0


def _iso(value: object) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


# --- import -----------------------------------------------------------------------------


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        metavar="FILE_OR_FOLDER",
        help="a Daylio CSV, a Loop export (zip, folder or Checkmarks.csv), or any CSV",
    )
    parser.add_argument(
        "--format",
        choices=("daylio", "loop", "csv"),
        default=None,
        help="the file's format (default: detected)",
    )
    parser.add_argument(
        "--mood-map",
        default=None,
        metavar='"label=value,..."',
        help='place mood labels on the 0-10 wellbeing scale, e.g. "okay=6,anxious=3"',
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the valid rows and skip the rows with problems",
    )
    parser.add_argument(
        "--practices",
        default=None,
        metavar='"a,b"',
        help="activities or habits to import as practices (default: every Loop habit, no Daylio activity)",
    )


def run_import(args: argparse.Namespace) -> int:
    """Preview, then import in one transaction; exit 2 naming each row and field when refused."""
    from analytics.importers.command import run

    return run(
        args.db,
        args.source,
        fmt=args.format,
        mood_map=args.mood_map,
        skip_bad_rows=args.skip_bad_rows,
        practices=args.practices,
    )


# --- export and restore -----------------------------------------------------------------


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.zip",
        help="where to write the zip (CSV per table, journal.json, manifest.json)",
    )
    parser.add_argument(
        "--from",
        dest="start",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="only entries from this day (default: the first)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="only entries up to this day (default: the last)",
    )


def run_export(args: argparse.Namespace) -> int:
    """Write the journal (or the entries between --from and --to) as a zip."""
    from analytics.dates import DateRange
    from analytics.export import write_export

    if not Path(args.db).exists():
        _say(f"There is no journal at {args.db} yet.")
        return 1
    con = storage.connect(args.db)
    try:
        chosen = None
        if args.start or args.end:
            stats = storage.entry_stats(con)
            first, last = stats["first"].dropna(), stats["last"].dropna()
            start = args.start or (_as_date(first.min()) if len(first) else args.end)
            end = args.end or max(date.today(), _as_date(last.max()) if len(last) else date.today())
            if start > end:
                _say(f"--from {start} is after --to {end}.")
                return 2
            chosen = DateRange(start, end)
        path = write_export(con, args.out, chosen)
    finally:
        con.close()
    _say(f"Wrote {'the whole journal' if chosen is None else chosen.label()} to {path}.")
    return 0


def _as_date(value: object) -> date:
    return date.fromisoformat(_iso(value))


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        type=Path,
        metavar="FILE.zip",
        help="a zip made by `between export` or the Export & restore page",
    )
    parser.add_argument("--dry-run", action="store_true", help="only show what would be added")


def run_restore(args: argparse.Namespace) -> int:
    """Check the zip, show what it adds, and restore it in one transaction (exit 2 naming each problem)."""
    from analytics.export import RestoreError, plan_restore, read_export, restore

    if not args.source.is_file():
        _say(f"There is no file at {args.source}.")
        return 1
    con = storage.connect(args.db)
    try:
        export = read_export(args.source, target=con)
        plan = plan_restore(con, export) if args.dry_run else restore(con, export)
    except RestoreError as refused:
        _say(str(refused))
        return 2
    finally:
        con.close()
    print(f"{'table':<20}{'in file':>9}{'added':>9}{'already':>9}")
    for change in plan.changes:
        print(f"{change.table:<20}{change.in_file:>9}{change.to_add:>9}{change.already_there:>9}")
    verb = "Would add" if args.dry_run else "Added"
    _say(
        f"{verb} {plan.entries_to_add} entries to {args.db}"
        + (" (nothing was written)." if args.dry_run else ".")
    )
    return 0


# --- backups ----------------------------------------------------------------------------


def _configure_backups(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_backups(args: argparse.Namespace) -> int:
    """List the journal's backups, newest first (name, time, why, size)."""
    from analytics.backups import backups_dir, list_backups

    found = list_backups(args.db)
    if args.json:
        rows = [{"name": b.name, "taken_at": b.taken_at.isoformat(), "reason": b.reason, "bytes": b.size_bytes} for b in found]
        print(json.dumps({"db": str(args.db), "folder": str(backups_dir(args.db)), "backups": rows}, indent=2))
        return 0
    if not found:
        _say(f"There are no backups of {args.db} yet (they are taken before every upgrade, import and restore).")
        return 0
    for backup in found:
        print(f"{backup.name}  {backup.size_bytes / 1_000_000:8.1f} MB  {backup.reason_label}")
    _say(f"{len(found)} backups in {backups_dir(args.db)}. Restore one with `between restore-backup NAME`.")
    return 0


def _configure_restore_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="a backup's file name, as `between backups` lists it")


def run_restore_backup(args: argparse.Namespace) -> int:
    """Restore the journal from one of its backups (the current journal is backed up first)."""
    from analytics.backups import BackupRefused, restore_backup

    try:
        result = restore_backup(args.db, args.name)
    except BackupRefused as refused:
        _say(str(refused))
        return 1
    _say(result.summary())
    return 0


# --- report -----------------------------------------------------------------------------


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        choices=("last-session",),
        default=None,
        help="review the days since the last therapy session before today (the default)",
    )
    parser.add_argument("--from", dest="start", type=_day, default=None, metavar="YYYY-MM-DD", help="first day of the period (instead of --since)")
    parser.add_argument("--to", dest="end", type=_day, default=None, metavar="YYYY-MM-DD", help="last day of the period (default with --from: today)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE.pdf", help="where to write the brief (default: a name carrying the dates)")
    parser.add_argument("--include-private", action="store_true", help="quote your notes and reflections (left out by default)")
    parser.add_argument("--include-agenda", action="store_true", help="add the questions to bring, from your reflections")
    parser.add_argument("--no-charts", action="store_true", help="words and figures only")


def run_report(args: argparse.Namespace) -> int:
    """Write the PDF session brief for the period since the last session, or --from/--to."""
    from analytics import review
    from analytics.brief import BriefChoices, brief_file_name
    from analytics.session_brief import session_brief_pdf

    today = date.today()
    if args.since and (args.start or args.end):
        _say("Choose either --since last-session or --from/--to, not both.")
        return 2
    if args.end and args.end > today:
        _say(f"--to {args.end} is in the future; a brief covers days already lived.")
        return 2
    if not Path(args.db).exists():
        _say(f"There is no journal at {args.db} yet.")
        return 1
    con = storage.connect(args.db)
    try:
        sessions = storage.session_days(con)
        if args.start or args.end:
            end = args.end or today
            start = args.start or end - timedelta(days=review.NO_SESSION_DAYS - 1)
            if start > end:
                _say(f"--from {start} is after --to {end}: that period has no days.")
                return 2
            choice = review.choose_dates(sessions, start, end)
        else:
            choice = review.choose_period(sessions, today)
        period = choice.period
        if not _has_entries(con, period.start, period.end):
            _say(f"Nothing is logged from {period.start} to {period.end}, so there is no brief to write. Choose other dates with --from and --to.")
            return 2
        choices = BriefChoices(include_private_text=args.include_private, include_agenda=args.include_agenda, include_charts=not args.no_charts)
        pdf = session_brief_pdf(review.session_review(con, choice, today), choices, made_on=today)
    finally:
        con.close()
    out = args.out or Path(brief_file_name(period))
    out.write_bytes(pdf)
    kept = "with your notes and reflections" if args.include_private else "private notes and reflections left out"
    _say(f"Wrote the brief for {period.label()} ({kept}) to {out}.")
    return 0


def _has_entries(con: storage.Connection, start: date, end: date) -> bool:
    return any(len(storage.list_entries(con, kind, start, end, limit=1)) for kind in EntryKind if kind is not EntryKind.SESSION)


# --- the parser -------------------------------------------------------------------------

# --- app ----------------------------------------------------------------------------------


def _configure_app(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--network",
        metavar="ADDRESS",
        default=None,
        help=(
            "listen on ADDRESS (for example 0.0.0.0) instead of this machine only; anyone on that "
            "network could then open your journal, so a warning is printed"
        ),
    )
    parser.add_argument("--port", type=int, default=None, help="the port (default: Streamlit's 8501)")


def run_app(args: argparse.Namespace) -> int:
    """Start the app on this machine only, or, when asked with --network, elsewhere with a warning."""
    import os
    import subprocess

    from analytics.serve import APP_FILE, NETWORK_WARNING, is_loopback, streamlit_command

    address = args.network or "localhost"
    if not is_loopback(address):
        _say("WARNING: " + NETWORK_WARNING.format(address=address))
    environment = {**os.environ, "BETWEEN_DB": str(args.db)}
    return subprocess.call(streamlit_command(address, args.port), env=environment, cwd=APP_FILE.parent)


COMMANDS: list[Command] = [
    Command(
        "app",
        "open the app in your browser (on this machine only, unless --network is given)",
        _configure_app,
        run_app,
    ),
    Command(
        "sample",
        "write the sample journal (a year of one person's entries) into an empty journal",
        _configure_sample,
        run_sample,
    ),
    Command(
        "stats",
        "count the entries of each kind, with the first and last date",
        _configure_stats,
        run_stats,
    ),
    Command(
        "import",
        "import from Daylio, Loop Habit Tracker or any CSV, after a preview, in one transaction",
        _configure_import,
        run_import,
    ),
    Command(
        "export",
        "write the journal (or a range of it) as a zip of CSV files plus journal.json",
        _configure_export,
        run_export,
    ),
    Command(
        "restore",
        "restore a journal from an export zip: into an empty journal, or merged without duplicates",
        _configure_restore,
        run_restore,
    ),
    Command("report", "write a PDF session brief: the period since the last session (or --from/--to), private text left out unless asked", _configure_report, run_report),
    Command("backups", "list the journal's backups (taken before every upgrade, import and restore)", _configure_backups, run_backups),
    Command("restore-backup", "restore the journal from one of its backups; the current journal is backed up first", _configure_restore_backup, run_restore_backup),
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
    if args.db is None:
        args.db = default_journal_path()
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
