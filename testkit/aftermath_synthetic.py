"""Synthetic journals with a planted (or no) dip in the days after each session, for
tests/test_aftermath.py (small, fixed seed) and bench/aftermath_bench.py (full size).

A journal: 180-365 days; the outcome AR(1) around 6 on the 0-10 scale with persistence
0.3-0.6 and a day-to-day SD of 1.7 points (as testkit/patterns_synthetic.py); a session every 7
or 14 days from a random first day; 20% of days not logged. A dip journal has the outcome
lowered by one size (1.0-1.5 points) on days 1 and 2 after every session; a no-dip journal
has nothing planted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

DAYS = (180, 365)
PERSISTENCE = (0.3, 0.6)
SD = 1.7
MISSING = 0.2
DIP = (1.0, 1.5)
DIP_DAYS = (1, 2)
START = date(2025, 1, 1)


@dataclass(frozen=True)
class Journal:
    days: pd.DataFrame
    sessions: list[date]
    dip: float
    """Points lowered on days 1 and 2 after a session (0: no dip)."""


def journal(rng: np.random.Generator, dip: bool, n_days: int | None = None) -> Journal:
    n = int(n_days or rng.integers(DAYS[0], DAYS[1] + 1))
    rho = rng.uniform(*PERSISTENCE)
    noise = np.empty(n)
    noise[0] = rng.normal(0, SD)
    shocks = rng.normal(0, SD * np.sqrt(1 - rho**2), n)
    for t in range(1, n):
        noise[t] = rho * noise[t - 1] + shocks[t]
    y = 6.0 + noise
    every = int(rng.choice([7, 14]))
    first = int(rng.integers(0, every))
    positions = list(range(first, n, every))
    size = float(rng.uniform(*DIP)) if dip else 0.0
    for p in positions:
        for k in DIP_DAYS:
            if p + k < n:
                y[p + k] -= size
    y[rng.random(n) < MISSING] = np.nan
    dates = [START + timedelta(days=i) for i in range(n)]
    return Journal(
        pd.DataFrame({"date": dates, "wellbeing": y}),
        [START + timedelta(days=p) for p in positions],
        size,
    )


@dataclass(frozen=True)
class Rates:
    dip_found: float
    """Dip journals where day 1 or day 2 is claimed lower (and nothing claimed higher)."""
    no_dip_with_claim: float
    wrong_sign: float
    """Dip journals with any claim higher than usual on days 1-2."""
    other_days: float
    """Dip journals with a claim on the session's day or day 3 (where nothing was planted),
    either sign: Benjamini-Hochberg lets through more there once days 1-2 are found."""
    journals: int


def rates(journals: int, seed: int, method, n_days: int | None = None) -> Rates:
    rng = np.random.default_rng(seed)
    found = wrong = null_claims = other = 0
    for _ in range(journals):
        j = journal(rng, dip=True, n_days=n_days)
        r = method(j.days, j.sessions)
        dip_rows = r[r["day_after"].isin(DIP_DAYS) & r["claimed"]]
        wrong_here = bool((dip_rows["difference"] > 0).any())
        wrong += wrong_here
        other += bool(r.loc[r["claimed"], "day_after"].isin([0, 3]).any())
        found += bool((dip_rows["difference"] < 0).any()) and not wrong_here
        n = journal(rng, dip=False, n_days=n_days)
        null_claims += bool(method(n.days, n.sessions)["claimed"].any())
    return Rates(
        found / journals, null_claims / journals, wrong / journals, other / journals, journals
    )
