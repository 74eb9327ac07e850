"""`between report`: the PDF session brief for a period."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from analytics import clock, storage
from analytics import sessions as session_dates
from analytics.cli.common import (
    Command,
    _say,
    add_force_argument,
    add_period_arguments,
    new_password,
)
from analytics.entries import EntryKind
from analytics.words import command_help, command_refusals, written

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
    add_force_argument(parser, "--out")
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
    parser.add_argument(
        "--without-item-9",
        action="store_true",
        help=(
            "take your answer to PHQ-9 item 9 out of the brief (it is in by default, being "
            "safety-relevant; the brief then says it was taken out)"
        ),
    )
    parser.add_argument(
        "--password",
        action="store_true",
        help=command_help.lock_brief(PASSWORD_VARIABLE),
    )


# The one way besides the prompt to hand over the password (for scripts); a value on the command
# line would show in `ps` and in the shell history.
PASSWORD_VARIABLE = "BETWEEN_BRIEF_PASSWORD"


def _brief_password() -> str | None:
    """The password from $BETWEEN_BRIEF_PASSWORD, or asked twice at a prompt; None if refused."""
    return new_password(
        PASSWORD_VARIABLE,
        "the brief",
        nothing="no brief",
        advice="Choose one you can tell your therapist.",
    )


def run_report(args: argparse.Namespace) -> int:
    """Write the PDF session brief for the period since the last session, or --from/--to."""
    from analytics import review
    from analytics.export.brief import BriefChoices, brief_file_name
    from analytics.export.files import check_out_path, write_whole_file
    from analytics.export.session_brief import session_brief_pdf

    today = clock.today()
    if args.since and (args.start or args.end):
        _say("Choose either --since last-session or --from/--to, not both.")
        return 2
    if args.end and args.end > today:
        _say(command_refusals.brief_end_in_future(args.end))
        return 2
    if not Path(args.db).exists():
        _say(command_refusals.no_journal(args.db))
        return 1
    if args.out is not None:
        check_out_path(args.out, args.db, force=args.force)
    password = _brief_password() if args.password else None
    if args.password and password is None:
        return 2
    with storage.open_to_read(args.db, note=_say) as con:
        sessions = session_dates.review_dates(con, today)
        if args.start or args.end:
            end = args.end or today
            start = args.start or end - timedelta(days=review.NO_SESSION_DAYS - 1)
            if start > end:
                _say(command_refusals.brief_period_reversed(start, end))
                return 2
            choice = review.choose_dates(sessions, start, end)
        else:
            choice = review.choose_period(sessions, today)
        period = choice.period
        if not _has_entries(con, period.start, period.end):
            _say(command_refusals.brief_nothing_logged(period.start, period.end))
            return 2
        choices = BriefChoices(
            include_private_text=args.include_private,
            include_agenda=args.include_agenda,
            include_charts=not args.no_charts,
            include_item_9=not args.without_item_9,
        )
        # The command has no choice to put the patterns in, so they are not looked for.
        r = review.session_review(con, choice, today, with_patterns=choices.include_patterns)
        pdf = session_brief_pdf(r, choices, made_on=today, password=password)
    out = check_out_path(args.out or Path(brief_file_name(period)), args.db, force=args.force)
    write_whole_file(out, pdf, replace=args.force)
    _say(written.brief_written(period.label(), args.include_private, bool(password), out))
    return 0


def _has_entries(con: storage.Connection, start: date, end: date) -> bool:
    return any(
        len(storage.list_entries(con, kind, start, end, limit=1))
        for kind in EntryKind
        if kind is not EntryKind.SESSION
    )


# --- plan -------------------------------------------------------------------------------

PLAN_FILE_NAME = "my-plan-for-after-therapy.pdf"


def _configure_plan(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE.pdf",
        help=command_help.plan_out(PLAN_FILE_NAME),
    )
    add_force_argument(parser, "--out")
    parser.add_argument(
        "--include-private",
        action="store_true",
        help=(
            "print your own words: your steps, what you added, what you wrote about the "
            "triggers before a setback (left out by default)"
        ),
    )


def run_plan(args: argparse.Namespace) -> int:
    """Write "My plan for after therapy" as a PDF: drafted from the journal, with the person's
    own words only when asked (`--include-private`)."""
    from analytics import plan
    from analytics.export.files import check_out_path, write_whole_file
    from analytics.export.plan_pdf import plan_pdf

    today = clock.today()
    if not Path(args.db).exists():
        _say(command_refusals.no_journal(args.db))
        return 1
    if args.out is not None:
        check_out_path(args.out, args.db, force=args.force)
    with storage.open_to_read(args.db, note=_say) as con:
        draft = plan.draft_plan(con, today)
        edits = plan.plan_edits(con)
    pdf = plan_pdf(draft, edits, include_private_text=args.include_private, made_on=today)
    out = check_out_path(args.out or Path(PLAN_FILE_NAME), args.db, force=args.force)
    write_whole_file(out, pdf, replace=args.force)
    _say(written.plan_written(args.include_private, out))
    return 0


COMMANDS: list[Command] = [
    Command(
        "report",
        "write a PDF session brief: the period since the last session (or --from/--to), private text left out unless asked",
        _configure_report,
        run_report,
    ),
    Command(
        "plan",
        "write 'My plan for after therapy' as a PDF, drafted from your journal; your own words left out unless asked",
        _configure_plan,
        run_plan,
    ),
]
