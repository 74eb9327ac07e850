"""`between report`: the PDF session brief for a period."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from analytics import storage
from analytics.cli.common import Command, _say, add_period_arguments
from analytics.entries import EntryKind

# --- report -----------------------------------------------------------------------------


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        choices=("last-session",),
        default=None,
        help="review the days since the last therapy session before today (the default)",
    )
    add_period_arguments(
        parser,
        from_help="first day of the period (instead of --since)",
        to_help="last day of the period (default with --from: today)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE.pdf",
        help="where to write the brief (default: a name carrying the dates)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the file at --out if it already exists"
    )
    parser.add_argument(
        "--include-private",
        action="store_true",
        help="quote your notes and reflections (left out by default)",
    )
    parser.add_argument(
        "--include-agenda",
        action="store_true",
        help="add the questions to bring, from your reflections",
    )
    parser.add_argument("--no-charts", action="store_true", help="words and figures only")


def run_report(args: argparse.Namespace) -> int:
    """Write the PDF session brief for the period since the last session, or --from/--to."""
    from analytics import review
    from analytics.export.brief import BriefChoices, brief_file_name
    from analytics.export.files import check_out_path, write_whole_file
    from analytics.export.session_brief import session_brief_pdf

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
    if args.out is not None:
        check_out_path(args.out, args.db, force=args.force)
    with storage.open_to_read(args.db, note=_say) as con:
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
            _say(
                f"Nothing is logged from {period.start} to {period.end}, so there is no brief to write. Choose other dates with --from and --to."
            )
            return 2
        choices = BriefChoices(
            include_private_text=args.include_private,
            include_agenda=args.include_agenda,
            include_charts=not args.no_charts,
        )
        pdf = session_brief_pdf(review.session_review(con, choice, today), choices, made_on=today)
    out = check_out_path(args.out or Path(brief_file_name(period)), args.db, force=args.force)
    write_whole_file(out, pdf, replace=args.force)
    kept = (
        "with your notes and reflections"
        if args.include_private
        else "private notes and reflections left out"
    )
    _say(f"Wrote the brief for {period.label()} ({kept}) to {out}.")
    return 0


def _has_entries(con: storage.Connection, start: date, end: date) -> bool:
    return any(
        len(storage.list_entries(con, kind, start, end, limit=1))
        for kind in EntryKind
        if kind is not EntryKind.SESSION
    )


COMMANDS: list[Command] = [
    Command(
        "report",
        "write a PDF session brief: the period since the last session (or --from/--to), private text left out unless asked",
        _configure_report,
        run_report,
    ),
]
