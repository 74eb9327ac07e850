"""`between app --phone` (its set-up), `between pair` and `between reminders`: the person's own
phone, paired on the home network, and reminders for their own calendar."""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics import clock, outcomes, storage
from analytics.cli.common import Command, _say, add_force_argument
from analytics.words import pairing, written
from serving import phone
from serving.serve import (
    DEFAULT_PORT,
    NETWORK_WARNING,
    UNSPECIFIED_ADDRESSES,
    is_loopback,
    streamlit_command,
)


def prepare_phone(args: argparse.Namespace) -> list[str] | None:
    """The home address, certificate and pairing secret for `between app --phone`; prints the
    warning; returns the command to run, or None. The pairing link and its QR code are printed
    by the server once it holds its port (`say_pairing_link`, from server.py): never a link to
    a port another program holds."""
    wanted = args.phone
    if wanted in (None, "auto") or wanted.strip().lower() in UNSPECIFIED_ADDRESSES:
        try:
            address = phone.home_address()
        except phone.NoHomeAddress as problem:
            _say(str(problem))
            return None
    else:
        address = wanted.strip().strip("[]")
    try:
        import ipaddress

        ipaddress.ip_address(address)
    except ValueError:
        _say(pairing.not_an_address(address))
        return None
    if is_loopback(address):
        _say(pairing.this_computer_alone(address))
        return None
    folder = phone.folder_for(args.db)
    certificate = phone.ensure_certificate(folder, address)
    phone.ensure_secret(folder)
    port = args.port or DEFAULT_PORT
    _say("WARNING: " + NETWORK_WARNING.format(address=phone.served_url(address, port)))
    if certificate.made:
        _say(pairing.certificate_made(address, folder))
    _say(pairing.link_follows(port))
    return streamlit_command(address, port, (certificate.cert_file, certificate.key_file))


def say_pairing_link(journal: Path, address: str, port: int) -> None:
    """The pairing link and its QR code, for the terminal: said by the server (server.py) once
    it holds `port`, so the link names the port the app serves on."""
    secret = phone.current_secret(phone.folder_for(journal))
    if secret is None:
        return
    link = phone.pairing_link(address, port, secret)
    _say(
        "\nTo pair your phone, scan this code with its camera (or open the link below). The "
        "phone will warn once that the certificate is not trusted: it is this computer's own.\n"
    )
    _say(phone.qr_text(link))
    _say(f"Pairing link: {link}")
    _say("Anyone with this link can open your journal. `between pair --new` locks out old links.\n")


# --- pair -------------------------------------------------------------------------------


def _configure_pair(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new",
        action="store_true",
        help="replace the pairing secret: every device paired with the old one is locked out",
    )


def run_pair(args: argparse.Namespace) -> int:
    running = phone.running_journal()
    journal = Path(args.db)
    if args.new and running is not None and not getattr(args, "db_given", True):
        # Without --db: the journal the running app serves, whichever that is.
        journal = running
    folder = phone.folder_for(journal)
    if args.new:
        phone.new_secret(folder)
        # Named, because the secret belongs to one journal's folder: an app started with
        # another --db keeps the secret beside its own journal.
        serves = running is not None and phone.folder_for(running) == folder
        _say(pairing.new_secret(journal, folder, running, serves))
        return 0
    if phone.current_secret(folder) is None:
        _say("No device is paired yet: `between app --phone` makes the pairing link.")
    else:
        _say(
            "There is a pairing secret; `between app --phone` shows its link. "
            "`between pair --new` replaces it and locks out every paired device."
        )
    return 0


# --- reminders --------------------------------------------------------------------------


def _configure_reminders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE.ics", help="where to write the calendar"
    )
    parser.add_argument(
        "--time",
        default="20:00",
        metavar="HH:MM",
        help="when the daily check-in reminder rings (default 20:00)",
    )
    add_force_argument(parser, "--out")


def run_reminders(args: argparse.Namespace) -> int:
    """Write the reminders calendar: the daily check-in, each session with its evening-before
    reminder. Import it into your phone's calendar; re-importing updates the same events."""
    from analytics.export.files import check_out_path, write_whole_file
    from analytics.export.reminders import build_reminders, parse_time
    from analytics.sessions import calendar_cancelled, calendar_sessions

    try:
        at = parse_time(args.time)
    except ValueError as problem:
        _say(f"--time: {problem}")
        return 2
    path = check_out_path(args.out, args.db, force=args.force)
    if Path(args.db).exists():
        with storage.open_to_read(args.db, note=_say) as con:
            sessions = calendar_sessions(con)
            due = outcomes.due_days(con, clock.today())
            every = outcomes.reminder_every(con, clock.today())
            cancelled = calendar_cancelled(con)
    else:
        sessions, due, every, cancelled = [], [], None, []
    write_whole_file(path, build_reminders(sessions, at, due, every, cancelled), replace=args.force)
    moved = sum(1 for *_, moved_to in cancelled if moved_to is not None)
    _say(written.reminders_written(path, at, len(sessions), len(cancelled), due, every, moved))
    return 0


COMMANDS: list[Command] = [
    Command(
        "pair",
        "about pairing your phone; --new replaces the pairing secret and locks out old devices",
        _configure_pair,
        run_pair,
    ),
    Command(
        "reminders",
        "write a calendar file (.ics) of check-in and session reminders for your own calendar",
        _configure_reminders,
        run_reminders,
    ),
]
