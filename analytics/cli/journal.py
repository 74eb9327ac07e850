"""`between app`, `between sample` and `between stats`: open, fill and count the journal."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analytics import storage
from analytics.cli.common import Command, _day, _iso, _say
from analytics.measures import MEASURES
from analytics.words import command_refusals, written

# --- app ----------------------------------------------------------------------------------


def _configure_app(parser: argparse.ArgumentParser) -> None:
    reach = parser.add_mutually_exclusive_group()
    reach.add_argument(
        "--phone",
        metavar="ADDRESS",
        nargs="?",
        const=AUTO_ADDRESS,
        default=None,
        help=(
            "also open the journal to your own phone on the home network: HTTPS on this "
            "computer's home address (or ADDRESS), for devices paired with the link shown"
        ),
    )
    reach.add_argument(
        "--network",
        dest="phone",
        metavar="ADDRESS",
        help="the same as --phone ADDRESS (pairing and HTTPS are always on off this machine)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="the port (default 8501); the app never moves to another when it is taken",
    )


AUTO_ADDRESS = "auto"


def run_app(args: argparse.Namespace) -> int:
    """Start the app on this machine only, or, with --phone, for paired devices on the home
    network too (HTTPS, pairing secret, a warning in the terminal and the app)."""
    import contextlib
    import os

    from serving.serve import (
        APP_FILE,
        DEFAULT_PORT,
        app_environment,
        port_taken_hint,
        streamlit_command,
    )

    # Absolute: the server runs in the app's own folder, not where the command was typed.
    environment = app_environment(os.environ, str(Path(args.db).resolve()))
    if args.phone is None:
        command = streamlit_command("localhost", args.port)
    else:
        from analytics.cli.phone import prepare_phone

        prepared = prepare_phone(args)
        if prepared is None:
            return 1
        command = prepared
    from serving.serve import run_until_stopped

    status, stopped_by = run_until_stopped(command, env=environment, cwd=APP_FILE.parent)
    if stopped_by is not None:  # Ctrl+C, kill, a closed terminal: the server has stopped too
        with contextlib.suppress(OSError):  # a closed terminal cannot be written to
            _say(
                "Stopped."
                + (" The journal is no longer reachable from the network." if args.phone else "")
            )
        return 128 + stopped_by
    if status == 1:  # how Streamlit ends when it cannot start, a taken port among the reasons
        _say(port_taken_hint(args.port or DEFAULT_PORT))
    return status


# --- sample -----------------------------------------------------------------------------


def _configure_sample(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the sample should end on (default: today)",
    )
    parser.add_argument(
        "--ended",
        action="store_true",
        help="the sample after therapy has ended: sessions stop two months before its last "
        "day, with a saved plan and follow-up questionnaires",
    )


def run_sample(args: argparse.Namespace) -> int:
    """Write the sample journal into an empty journal file; refuse one that has entries."""
    from sample_data import load_sample

    con = storage.connect(args.db)
    try:
        if not storage.is_empty(con):
            _say(command_refusals.sample_not_mixed_in(args.db))
            return 1
        counts = load_sample(con, today=args.today, ended=args.ended)
    finally:
        con.close()
    _say(written.sample_written(args.ended, args.db, counts))
    return 0


# --- stats ------------------------------------------------------------------------------


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_stats(args: argparse.Namespace) -> int:
    """Entries per kind with the first and last date (local days), then the latest score of each
    questionnaire the person uses."""
    if not Path(args.db).exists():
        _say(command_refusals.no_journal(args.db))
        return 1
    with storage.open_to_read(args.db, note=_say) as con:
        stats = storage.entry_stats(con)
        in_use = storage.measures_in_use(con) or []
        latest = storage.latest_responses(con)
    rows = [
        {
            "kind": row.kind,
            "entries": int(row.entries),
            "first": None if row.entries == 0 else _iso(row.first),
            "last": None if row.entries == 0 else _iso(row.last),
        }
        for row in stats.itertuples()
    ]
    scores = [
        {
            "measure": key,
            "day": _iso(latest[key][0]) if key in latest else None,
            "total": latest[key][1] if key in latest else None,
            "band": MEASURES[key].band_of(latest[key][1]) if key in latest else None,
        }
        for key in in_use
    ]
    if args.json:
        print(json.dumps({"db": str(args.db), "kinds": rows, "latest": scores}, indent=2))
        return 0
    print(f"{'kind':<18}{'entries':>8}  {'first':<10}  {'last':<10}")
    for row in rows:
        print(
            f"{row['kind']:<18}{row['entries']:>8}  {row['first'] or '-':<10}  {row['last'] or '-':<10}"
        )
    if scores:
        print()
        print(f"{'latest':<18}{'score':>10}  {'band':<17}  {'day':<10}")
        for key, score in zip(in_use, scores, strict=True):
            m = MEASURES[key]
            if score["total"] is None:
                print(f"{m.name:<18}{'-':>10}  {'not answered yet':<17}  {'-':<10}")
                continue
            # As the app says it: "64 of 100", "12 of 27" (a WHO-5 score is not a percentage).
            shown = f"{score['total']} of {m.max_total}"
            print(f"{m.name:<18}{shown:>10}  {score['band']:<17}  {score['day']:<10}")
    return 0


COMMANDS: list[Command] = [
    Command(
        "app",
        "open the app in your browser (on this machine only, unless --phone is given)",
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
        "count the entries of each kind, with the first and last date, and the latest score of "
        "each questionnaire in use",
        _configure_stats,
        run_stats,
    ),
]
