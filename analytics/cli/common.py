"""What every `between` command shares: the `Command` entry, date arguments, messages."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from analytics.words import command_help, password_prompts


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
    parser.add_argument("--force", action="store_true", help=command_help.replace_file(option))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _iso(value: object) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def new_password(variable: str, what: str, nothing: str, advice: str) -> str | None:
    """A new password for `what` ("the brief"): from $`variable`, else asked twice at a prompt;
    None (after saying why, and that `nothing` was written) when it is empty or the two differ.

    Never from the command line, where `ps` and the shell history would show it.
    """
    if variable in os.environ:
        password = os.environ[variable]
        if not password:
            _say(password_prompts.empty_variable(variable, what))
            return None
        return password
    password = _asked(f"Password for {what}: ")
    if not password:
        _say(password_prompts.empty(nothing, advice))
        return None
    if _asked("The same password again: ") != password:
        _say(password_prompts.differ(nothing))
        return None
    return password


def given_password(variable: str, what: str) -> str | None:
    """The password of `what` (a locked file): from $`variable`, else asked once at a prompt;
    None when it is empty."""
    password = os.environ.get(variable)
    if password is None:
        password = _asked(f"Password for {what}: ")
    return password or None


def _asked(prompt: str) -> str:
    """What the person typed at a prompt that does not show it; empty when there is nobody to
    ask (no input at all: a script, or input from /dev/null)."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)  # end the prompt's line
        return ""
