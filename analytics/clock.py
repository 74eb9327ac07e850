"""The app's one clock: every "today" and "now" in the app and its tests is read here.

Why one clock: the pages, the brief and the checks that refuse entries "in the future" all
depend on the date, so a test written on one day can fail on another. With every reading of
the time going through `today()` and `now()`, a test (or a person reproducing a report) sets
`BETWEEN_NOW` and the whole app, including a server started as a child process, lives on that
moment. tests/test_clock.py fails if `date.today()` or `datetime.now()` appear anywhere else.

`BETWEEN_NOW` is an ISO date and time: "2027-01-07T23:30" is a wall-clock time in the machine's
time zone; "2027-01-07T23:30+01:00" an instant. A plain date means noon of that day. The clock
stands still while it is set, so a run that starts at 23:30 does not cross midnight halfway.

Durations (how long a backup has lain, a pause after wrong guesses) are measured with
`time.time()`/`time.monotonic()` against real file times, not with this clock.

Imports nothing of ours, so every layer, storage included, may use it.
"""

from __future__ import annotations

import functools
import os
from datetime import date, datetime, tzinfo

ENV = "BETWEEN_NOW"


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{ENV}={text!r} is not a date and time such as 2027-01-07T23:30"
        ) from None
    if len(text.strip()) == 10:  # a plain date: noon, safely inside the day in every zone
        moment = moment.replace(hour=12)
    return moment


def frozen() -> datetime | None:
    """The moment the clock is set to, or None when it follows the machine's clock."""
    text = os.environ.get(ENV, "")
    return _parsed(text) if text.strip() else None


def now(tz: tzinfo | None = None) -> datetime:
    """Like `datetime.now(tz)`: naive local wall-clock time without `tz`, aware with it."""
    moment = frozen()
    if moment is None:
        return datetime.now(tz)
    if tz is None:
        # An instant is shown as this machine's wall-clock time, as datetime.now() would.
        return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment
    # A naive setting is this machine's wall-clock time (astimezone() reads it as local).
    return moment.astimezone(tz)


def today() -> date:
    """Today's local date, as `date.today()` would give it."""
    return now().date()
