"""`make test-clock`: the whole suite with the clock moved, to show no test depends on the date
or the hour (issue 19). Runs pytest once per moment, each in a process of its own with
BETWEEN_NOW set, and prints one line per moment; exits non-zero if any run failed.

The moments: a month and a year from today, the next 29 February, each at 00:30 and at 23:30
(the first and last half hour of a day, where a "today" read twice or in UTC goes wrong).
Extra pytest arguments pass through: `python -m tests.moved_clock -m "not browser"`.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import sys
import time
from datetime import date, timedelta

from analytics import clock

PARALLEL = ("-n", "auto", "--dist", "loadscope")


def next_leap_day(after: date) -> date:
    year = after.year
    while not (calendar.isleap(year) and date(year, 2, 29) > after):
        year += 1
    return date(year, 2, 29)


def moments(today: date) -> list[str]:
    days = [today + timedelta(days=31), today + timedelta(days=365), next_leap_day(today)]
    return [f"{day.isoformat()}T{hour}" for day in days for hour in ("00:30", "23:30")]


def main(argv: list[str]) -> int:
    failed = []
    for moment in moments(clock.today()):
        started = time.monotonic()
        done = subprocess.run(
            # On every core, as `make test` runs (the workers inherit BETWEEN_NOW).
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PARALLEL, *argv],
            env={**os.environ, clock.ENV: moment},
            capture_output=True,
            text=True,
        )
        summary = (
            done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
        )
        print(f"{clock.ENV}={moment}: {summary} ({time.monotonic() - started:.0f} s)", flush=True)
        if done.returncode != 0:
            failed.append(moment)
            print(done.stdout[-4000:])
    print("every moment passed" if not failed else f"failed at: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
