"""What every `between` command shares: the `Command` entry, date arguments, messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


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


def add_period_arguments(parser: argparse.ArgumentParser, from_help: str, to_help: str) -> None:
    """`--from` and `--to` dates (into `args.start` and `args.end`), for commands that take a period."""
    for flag, dest, text in (("--from", "start", from_help), ("--to", "end", to_help)):
        parser.add_argument(
            flag, dest=dest, type=_day, default=None, metavar="YYYY-MM-DD", help=text
        )


def add_force_argument(parser: argparse.ArgumentParser, option: str) -> None:
    """`--force`: replace the file that `option` names if it already exists (never without it)."""
    parser.add_argument(
        "--force", action="store_true", help=f"replace the file at {option} if it already exists"
    )


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _iso(value: object) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]
