"""`between import`, `between export` and `between restore`: data into and out of the journal."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from analytics import clock, storage
from analytics.cli.common import (
    Command,
    _iso,
    _say,
    add_force_argument,
    add_period_arguments,
    given_password,
    new_password,
)
from analytics.words import command_help, command_refusals, password_prompts, written

# The one way besides the prompt to hand over an export's password (for scripts); a value on the
# command line would show in `ps` and in the shell history.
EXPORT_PASSWORD_VARIABLE = "BETWEEN_EXPORT_PASSWORD"
PASSWORD_ADVICE = (
    "Choose a long one, such as four or more words that do not go together, and keep it "
    "somewhere other than the file."
)


def add_export_password_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """`--password`: lock `what` with a password, asked at a prompt or read from the variable."""
    parser.add_argument(
        "--password",
        action="store_true",
        help=command_help.lock_with_password(what, EXPORT_PASSWORD_VARIABLE),
    )


def export_password() -> str | None:
    """A new password for an export: $BETWEEN_EXPORT_PASSWORD, or asked twice; None if refused."""
    return new_password(
        EXPORT_PASSWORD_VARIABLE, "the export", nothing="nothing", advice=PASSWORD_ADVICE
    )


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
    parser.add_argument(
        "--problems",
        default=None,
        type=Path,
        metavar="FILE",
        help="write every problem, one a line, to FILE (only you can read it); the screen shows the first 20",
    )
    add_force_argument(parser, "--problems")


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
        problems_file=args.problems,
        force=args.force,
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
    add_force_argument(parser, "--out")
    add_period_arguments(
        parser,
        from_help="only entries from this day (default: the first)",
        to_help="only entries up to this day (default: the last)",
    )
    add_export_password_argument(parser, "the zip")


def run_export(args: argparse.Namespace) -> int:
    """Write the journal (or the entries between --from and --to) as a zip."""
    from analytics.dates import DateRange
    from analytics.export import write_export
    from analytics.export.files import check_out_path

    if not Path(args.db).exists():
        _say(command_refusals.no_journal(args.db))
        return 1
    check_out_path(args.out, args.db, force=args.force)
    password = export_password() if args.password else None
    if args.password and password is None:
        return 2
    with storage.open_to_read(args.db, note=_say) as con:
        chosen = None
        if args.start or args.end:
            stats = storage.entry_stats(con)
            first, last = stats["first"].dropna(), stats["last"].dropna()
            start = args.start or (_as_date(first.min()) if len(first) else args.end)
            end = args.end or max(
                clock.today(), _as_date(last.max()) if len(last) else clock.today()
            )
            if start > end:
                _say(f"--from {start} is after --to {end}.")
                return 2
            chosen = DateRange(start, end)
        path = write_export(con, args.out, chosen, replace=args.force, password=password)
    period = None if chosen is None else chosen.label()
    _say(written.export_written(period, bool(password), path))
    return 0


def _as_date(value: object) -> date:
    return date.fromisoformat(_iso(value))


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        type=Path,
        metavar="FILE.zip",
        help=command_help.restore_source(EXPORT_PASSWORD_VARIABLE),
    )
    parser.add_argument("--dry-run", action="store_true", help="only show what would be added")


RESTORE_TRIES = 3


def _restore_password(source: Path) -> str | None:
    """The password of the locked export `source`: $BETWEEN_EXPORT_PASSWORD, or asked at a
    prompt (again after a wrong one, `RESTORE_TRIES` times in all); None, said why, if none opens it."""
    from analytics.export.zip_reader import password_opens

    from_variable = EXPORT_PASSWORD_VARIABLE in os.environ
    for _ in range(1 if from_variable else RESTORE_TRIES):
        password = given_password(EXPORT_PASSWORD_VARIABLE, source.name)
        if password is None:
            _say(password_prompts.none_given(source.name))
            return None
        if password_opens(source, password):
            return password
        variable = EXPORT_PASSWORD_VARIABLE if from_variable else None
        _say(password_prompts.does_not_open(source.name, variable))
    _say("Nothing was changed.")
    return None


def run_restore(args: argparse.Namespace) -> int:
    """Check the zip, show what it adds, and restore it in one transaction (exit 2 naming each problem)."""
    from analytics.export import RestoreError, plan_refusal, plan_restore, read_export, restore
    from analytics.export.zip_reader import is_locked_export

    if not args.source.is_file():
        _say(command_refusals.no_file(args.source))
        return 1
    password = None
    # Asked before the journal is opened, so the app is not kept out while the prompt waits.
    if is_locked_export(args.source):
        password = _restore_password(args.source)
        if password is None:
            return 2
    con = storage.connect(args.db)
    try:
        export = read_export(args.source, target=con, password=password)
        plan = plan_restore(con, export) if args.dry_run else restore(con, export)
        refusal = plan_refusal(con, plan) if args.dry_run else None
        if refusal is not None:  # a dry run says what the restore would refuse
            raise refusal
    except RestoreError as refused:
        _say(str(refused))
        return 2
    finally:
        con.close()
    print(f"{'table':<20}{'in file':>9}{'added':>9}{'already':>9}")
    for change in plan.changes:
        print(f"{change.table:<20}{change.in_file:>9}{change.to_add:>9}{change.already_there:>9}")
    if plan.catalog_changes:
        print(plan.catalog_heading())
        for line in plan.catalog_lines():
            print(f"  {line}")
    _say(written.restored(plan.entries_to_add, args.db, args.dry_run))
    return 0


COMMANDS: list[Command] = [
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
]
