"""Synthetic journals with a planted truth, for measuring `analytics.patterns`.

Each journal (`journal(rng, linked)`):
- 90-365 calendar days, about 20% of them with nothing logged (the outcome is NaN);
- the outcome is AR(1) around 5.5 with persistence rho drawn from 0.3-0.6 and a stationary
  day-to-day SD of 1.7 points on the 0-10 scale (the daily mean of a few check-ins);
- `FACTORS` factors, each done in runs: a two-state Markov chain whose "on" runs last
  1/(1 - stay_on) days on average (2-5 days) and whose share of days is 20-50%;
- with `linked`, one or two factors move the outcome by `EFFECTS` points (1.0-1.5, either
  sign), on the same day (lag 0) or the day after (lag 1); the rest have no link at all.

`Truth.links` maps factor -> (lag, effect). `rates(journals)` measures the three goals.
`oracle_plain` is the ceiling for the plain mean difference: what it finds when handed the
true variance, which no method has.

`null_journal(rng, kind)` makes journals with no link at all from processes the method was
not tuned on (`NULL_KINDS`: a wandering level, a year-long rise, setbacks, persistence over two
days, heavy-tailed days, long runs, and practices taken up while wellbeing rises), and
`null_rates` measures how often they still get a claim.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

FACTORS = 6
MISSING = 0.2
PERSISTENCE = (0.3, 0.6)
SD = 1.7
EFFECTS = (1.0, 1.5)
LARGER_EFFECTS = (1.5, 2.0)
"""Links about one day-to-day SD: what the bench also measures, for comparison."""
LENGTH = (90, 365)


@dataclass(frozen=True)
class Truth:
    links: dict[str, tuple[int, float]]
    rho: float


def markov_runs(rng: np.random.Generator, n: int, mean_run: float, share: float) -> np.ndarray:
    """`n` days of a factor done in runs: a two-state Markov chain whose "on" runs last
    `mean_run` days on average and which spends `share` of the days on."""
    stay_on = 1 - 1 / mean_run
    # Off runs long enough that the chain spends `share` of days on.
    start_on = (1 - stay_on) * share / (1 - share)
    on = np.zeros(n, dtype=bool)
    on[0] = rng.random() < share
    draws = rng.random(n)
    for t in range(1, n):
        on[t] = draws[t] < (stay_on if on[t - 1] else start_on)
    return on


def _runs(rng: np.random.Generator, n: int) -> np.ndarray:
    return markov_runs(rng, n, rng.uniform(2, 5), rng.uniform(0.2, 0.5))


def journal(
    rng: np.random.Generator,
    linked: bool,
    days: int | None = None,
    effects: tuple[float, float] = EFFECTS,
) -> tuple[pd.DataFrame, Truth]:
    """One synthetic days table (`day`, `wellbeing`, factor columns `f0`...) and its truth."""
    n = int(days or rng.integers(LENGTH[0], LENGTH[1] + 1))
    rho = float(rng.uniform(*PERSISTENCE))
    shocks = rng.normal(0, SD * np.sqrt(1 - rho**2), n)
    noise = np.empty(n)
    noise[0] = rng.normal(0, SD)
    for t in range(1, n):
        noise[t] = rho * noise[t - 1] + shocks[t]
    factors = {f"f{i}": _runs(rng, n) for i in range(FACTORS)}
    links: dict[str, tuple[int, float]] = {}
    if linked:
        for name in rng.choice(list(factors), size=int(rng.integers(1, 3)), replace=False):
            links[str(name)] = (
                int(rng.integers(0, 2)),
                float(rng.choice([-1, 1]) * rng.uniform(*effects)),
            )
    outcome = 5.5 + noise
    for name, (lag, effect) in links.items():
        shifted = np.zeros(n)
        shifted[lag:] = factors[name][: n - lag]
        outcome += effect * shifted
    outcome[rng.random(n) < MISSING] = np.nan
    frame = pd.DataFrame(
        {"day": pd.date_range("2026-01-01", periods=n, freq="D"), "wellbeing": outcome, **factors}
    )
    return frame, Truth(links, rho)


def oracle_plain(frame: pd.DataFrame, truth: Truth) -> pd.DataFrame:
    """The plain difference (mean with minus without, as `analytics.patterns` counts days)
    tested with its exact variance under the journal's true AR(1) noise, c' Sigma c with
    Sigma_ij = SD^2 rho^|t_i - t_j| over the logged days, a normal p-value and the same
    Benjamini-Hochberg rate. No estimate is this good: it bounds what any interval around the
    plain difference can find."""
    from analytics import patterns

    y = frame["wellbeing"].to_numpy(dtype="float64")
    n = y.size
    rows = []
    for factor in (c for c in frame.columns if c.startswith("f")):
        raw = frame[factor].to_numpy(dtype=bool)
        for lag in patterns.LAGS:
            x = np.zeros(n, dtype=bool)
            x[lag:] = raw[: n - lag]
            valid = np.zeros(n, dtype=bool)
            valid[lag:] = np.maximum.accumulate(raw)[: n - lag]
            valid &= np.isfinite(y)
            on, off = valid & x, valid & ~x
            difference, p = np.nan, np.nan
            if on.sum() >= patterns.MIN_DAYS and off.sum() >= patterns.MIN_DAYS:
                difference = y[on].mean() - y[off].mean()
                t = np.flatnonzero(valid)
                c = np.where(x[t], 1 / on.sum(), -1 / off.sum())
                variance = SD**2 * c @ (truth.rho ** np.abs(t[:, None] - t[None, :])) @ c
                p = float(math.erfc(abs(difference) / np.sqrt(2 * variance)))
            rows.append({"factor": factor, "lag": lag, "difference": difference, "p": p})
    result = pd.DataFrame(rows)
    return result.assign(claimed=patterns.benjamini_hochberg(result["p"].to_numpy()))


NULL_KINDS = {
    "drift": "AR(1) plus a slowly wandering level (random walk, 0.15 points a day)",
    "trend": "AR(1) plus a steady rise or fall of 0.5-1.5 points over the journal",
    "setbacks": "AR(1) plus setbacks every 20-60 days, 2-3.5 points deep, recovering over 4-14 days",
    "two-day persistence": "AR(2): 0.3 of yesterday and 0.4 of the day before",
    "heavy tails": "AR(1) with Student t(3) day-to-day shocks",
    "long runs": "practices done in runs of 5-12 days",
    "taken up while rising": (
        "every practice taken up over the journal (share 10% -> 50%) while wellbeing rises 3 points"
    ),
}
"""No-link processes outside the one `journal` draws from, for `null_rates`."""


def _long_runs(rng: np.random.Generator, n: int, share: np.ndarray) -> np.ndarray:
    stay_on = 1 - 1 / rng.uniform(5, 12)
    on = np.zeros(n, dtype=bool)
    draws = rng.random(n)
    for t in range(1, n):
        start_on = (1 - stay_on) * share[t] / (1 - share[t])
        on[t] = draws[t] < (stay_on if on[t - 1] else start_on)
    return on


def null_journal(rng: np.random.Generator, kind: str) -> pd.DataFrame:
    """A days table with no link between any factor and the outcome, from `NULL_KINDS[kind]`."""
    n = int(rng.integers(LENGTH[0], LENGTH[1] + 1))
    rho = float(rng.uniform(*PERSISTENCE))
    scale = SD * np.sqrt(1 - rho**2)
    shocks = rng.normal(0, scale, n)
    if kind == "heavy tails":
        shocks = rng.standard_t(3, n) * scale / np.sqrt(3)
    noise = np.zeros(n)
    noise[0] = rng.normal(0, SD)
    for t in range(1, n):
        noise[t] = rho * noise[t - 1] + shocks[t]
    if kind == "two-day persistence":
        shocks = rng.normal(0, 1.2, n)
        for t in range(2, n):
            noise[t] = 0.3 * noise[t - 1] + 0.4 * noise[t - 2] + shocks[t]
    elif kind == "drift":
        noise += np.cumsum(rng.normal(0, 0.15, n))
    elif kind == "trend":
        noise += np.linspace(-1, 1, n) * rng.uniform(0.5, 1.5) * rng.choice([-1, 1])
    elif kind == "setbacks":
        t = 0
        while (t := t + int(rng.integers(20, 60))) < n:
            length = int(rng.integers(4, 15))
            dip = rng.uniform(2, 3.5) * np.linspace(1, 0, length)[: n - t]
            noise[t : t + dip.size] -= dip
            t += length
    elif kind == "taken up while rising":
        noise += np.linspace(0, 3, n)
    elif kind != "long runs":
        assert kind in NULL_KINDS, kind
    if kind == "long runs":
        factors = {
            f"f{i}": _long_runs(rng, n, np.full(n, rng.uniform(0.2, 0.5))) for i in range(FACTORS)
        }
    elif kind == "taken up while rising":
        share = np.linspace(0.1, 0.5, n)
        factors = {f"f{i}": _long_runs(rng, n, share) for i in range(FACTORS)}
    else:
        factors = {f"f{i}": _runs(rng, n) for i in range(FACTORS)}
    outcome = 5.5 + noise
    outcome[rng.random(n) < MISSING] = np.nan
    days = pd.date_range("2026-01-01", periods=n, freq="D")
    return pd.DataFrame({"day": days, "wellbeing": outcome, **factors})


def null_rates(
    kind: str, journals: int, seed: int, method: Callable[[pd.DataFrame], pd.DataFrame]
) -> tuple[float, float]:
    """(share of `kind` journals with any claim, share of their factors claimed)."""
    rng = np.random.default_rng(seed)
    with_claim = claimed = 0
    for _ in range(journals):
        result = method(null_journal(rng, kind))
        factors = set(result.loc[result["claimed"], "factor"])
        with_claim += bool(factors)
        claimed += len(factors)
    return with_claim / journals, claimed / (journals * FACTORS)


@dataclass(frozen=True)
class Rates:
    journals: int
    no_link_journals: int
    no_link_with_claim: float
    planted: int
    planted_found: float
    unlinked_factors: int
    unlinked_claimed: float
    linked_misclaimed: float = 0.0
    """Share of linked factors also claimed at the other lag or with the wrong sign: the day
    and the day after are fitted together, so such a claim is a false statement too."""


def rates(
    journals: int,
    seed: int,
    method: Callable[[pd.DataFrame], pd.DataFrame],
    days: int | None = None,
    effects: tuple[float, float] = EFFECTS,
    with_truth: bool = False,
) -> Rates:
    """The three goals measured over `journals` journals (every other one with links), each
    `days` long (default: 90-365 at random), links of `effects` points (either sign).
    `with_truth`: `method` is also handed the journal's `Truth` (see `oracle_plain`)."""
    rng = np.random.default_rng(seed)
    null_total = null_claimed = planted = found = unlinked = unlinked_claimed = misclaimed = 0
    for i in range(journals):
        linked = i % 2 == 1
        frame, truth = journal(rng, linked, days, effects)
        result = method(frame, truth) if with_truth else method(frame)
        claims = result[result["claimed"]]
        if not linked:
            null_total += 1
            null_claimed += bool(len(claims))
        for factor in (c for c in frame.columns if c.startswith("f")):
            mine = claims[claims["factor"] == factor]
            if factor in truth.links:
                lag, effect = truth.links[factor]
                planted += 1
                hit = mine[mine["lag"] == lag]
                found += bool(len(hit)) and bool(
                    (np.sign(hit["difference"]) == np.sign(effect)).all()
                )
                wrong = (mine["lag"] != lag) | (np.sign(mine["difference"]) != np.sign(effect))
                misclaimed += bool(wrong.any())
            else:
                unlinked += 1
                unlinked_claimed += bool(len(mine))
    return Rates(
        journals,
        null_total,
        null_claimed / max(null_total, 1),
        planted,
        found / max(planted, 1),
        unlinked,
        unlinked_claimed / max(unlinked, 1),
        misclaimed / max(planted, 1),
    )
