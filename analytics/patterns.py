"""What went with better (or harder) days: associations a person can trust.

`associations(days, outcome)` compares the outcome on days with a factor (a practice done, a
trigger of a category, a trigger met with a new skill, a night's sleep) and days without it,
on the same day (lag 0) and on the day after (lag 1). It claims a pattern only when the data
support it, and says how sure it is.

Therapy sessions are not among the journal's factors (`days_table`): how the days after a
session go is one question, answered by `analytics.aftermath` on the same page, which looks
at the session's day and each of the three days after it. With sessions here too, the page
gave two answers: on the sample's last year "Therapy session, day after" read -0.02 points
(not clear) beside the days-after chart's -0.64 on day 1 (claimed), because a model of the
day and the day after counts day 2's dip as the usual level.

Method (numpy/pandas only; scipy is not a dependency):
- **Difference.** For each factor and lag, `difference` is the outcome on days with the factor
  minus days without (points), over days with the outcome logged, estimated allowing for how
  one day carries into the next and for a steady rise or fall over the days looked at
  (feasible GLS, below), with the factor on the day and on the day before fitted together.
  `mean_with` and `mean_without` are the plain means of the same days. The adjusted
  difference scatters less around a planted link (root-mean-square error 0.45 against 0.50
  points on 120-day synthetic journals, tests/test_patterns.py) and is not fooled by two
  things changing over months (a practice taken up while wellbeing rises). The plain
  difference cannot meet the detection goal below with any honest interval: handed each
  journal's true AR(1) variance (which no method has) and the same false discovery rate, it
  finds 76.7% of planted links on the journals below (`oracle_plain` in
  testkit/patterns_synthetic.py, a line of the bench). The two differ by 0.15 points at the
  median claim and 0.43 at the 90th percentile, so every sentence names both: the adjusted
  difference "allowing for how one day carries into the next and for any steady rise or
  fall", then the plain averages (`pattern_words.pattern_sentence`); the chart's tooltip shows
  both. When they point opposite ways (1 claim in 669 on synthetic journals) nothing is
  claimed (`against_plain`): a sentence must not say "higher" beside lower averages. A
  factor's comparison starts on the first day it appears in the range: days before a
  practice was ever taken up are not "days without" it.
- **Carry-over.** Good and bad stretches last several days and practices are done in runs, so
  days are not independent: a naive t-test claims far too often (see `naive_associations` and
  tests/test_patterns.py). The outcome is taken as AR(1) around the factor's effects, with
  persistence rho from the plain least-squares residuals (`_persistence`: the autocorrelation
  of logged days one day apart, or two or three when someone checks in on alternate days,
  with Kendall's small-sample bias added back, within [0, `MAX_PERSISTENCE`]). Each logged
  day is quasi-differenced against the last logged day before it, k days earlier, with the
  exact AR(1) transform (v_t - rho^k v_(t-k)) * sqrt((1 - rho^2) / (1 - rho^2k)), applied
  alike to the outcome, the constant, the day number, the factor and the factor the day
  before (the first day: Prais-Winsten), so gaps left by days without a check-in stay gaps
  in time. The lag-0 and lag-1 differences are the two factor coefficients of the regression
  of the transformed outcome on the other four. Fitted one lag at a time, a link on the day
  after a single-day factor (a weekly event) read as a same-day difference of the opposite sign
  (the transformed factor is -rho on the day after): claimed in 20-47% of such journals;
  fitted together, in none (tests/test_patterns_attack.py). That costs some power: 83.8% of
  planted links found one lag at a time, 80.4% together.
- **Standard error.** The classical one of that regression, with Student's t on (logged days
  - 4) degrees of freedom, through Wallace's (1959) normalising transformation of t (quantile
  error under 0.01 for 10 or more degrees of freedom, checked against tables in the tests),
  inverted in closed form so that a p-value and an interval can never disagree. On no-link
  journals its tests reject 1.00, 1.09 and 1.02 times as often as nominal at 5% (90, 180 and
  365 days) and 1.25-1.31 times at 0.5%, from estimating rho. Heteroskedasticity-and-
  autocorrelation-robust errors were tried and dropped, because at these lengths they are
  noisier than the error they guard against: the equal-weighted cosine (EWC) estimator of
  Lazarus, Lewis, Stock and Watson (2018) with 2 n^(2/3) terms ran 2.2 times nominal at 0.5%
  over 90 days and claimed in 8.6% of no-link journals; a Newey-West estimator on the plain
  difference claimed in 12-16%.
- **Rounding error.** A difference or a standard error below 1e-9 of the outcome's scale is
  taken as exactly 0: someone who logs the same number every day gets no pattern, and a
  perfect fit (no scatter at all) is as clear as a difference can be.
- **Many tries.** Every factor x lag (x outcome, when several are asked at once) with at least
  `MIN_DAYS` outcome days on each side counts as one try; a pattern is claimed when it passes
  the Benjamini-Hochberg procedure at false discovery rate `FDR`. Intervals are
  false-coverage-adjusted (Benjamini and Yekutieli 2005): level 1 - FDR * max(R, 1) / m for R
  claims among m tries (never below 95%), so a claimed interval never crosses 0 and an
  unclaimed one crosses it unless its plain averages point the other way (above).
- **Minimum data.** Nothing is claimed with fewer than `MIN_DAYS` outcome days with the factor
  or without it; such rows keep their counts and difference but have no interval.
- **Too fixed a rhythm.** A practice done exactly every other day is, on every logged day,
  either done that day or done the day before: the factor on the day and the factor the day
  before sum to 1, the constant, and the regression cannot tell the two lags apart (nor from
  the usual level). Fitted anyway, rounding error decided the answer: differences of 1e+14
  points with likely ranges of +-1e+29 (found by a walk with 60 days of check-ins). With
  enough days on both sides, the only such rhythms are that one and its mirror (done on a
  logged day exactly when done the day before). So each factor column's share of its own
  squared length left unexplained by the constant, the rise or fall and the other lag, after
  the carry-over transform (1 / the variance inflation of its coefficient, for columns
  scaled to one length), is checked against `MIN_OWN_SHARE`; below it the lag is
  `separable` False: no difference, standard error or interval, not a try, nothing drawn,
  and the page says why (`pattern_words.cannot_tell_apart`). A rhythm with a few days off it
  is told apart, with the wide interval those few days give.

Measured on synthetic journals (testkit/patterns_synthetic.py: 90-365 days, 20% of days
missing, outcome AR(1) with persistence 0.3-0.6 and a day-to-day SD of 1.7 points on the 0-10
scale, six factors done in Markov runs of 2-5 days on 20-50% of days; half the journals have
no link, the others one or two links of 1.0-1.5 points, either sign, planted on the same day
or the next), 1,000 journals per line, seed 2026 (`python -m bench.patterns_bench`; in
brackets the plain difference with an EWC interval, the method until November 2026):

    journals                no-link journals   planted links found     unlinked factors
                            with any claim     (right sign and lag)    claimed
    90-365 days             4.6% (7.8%)        80.4% (72.1%)           1.1% (1.9%)
    90 days                 4.6% (7.4%)        40.6% (35.9%)           1.1% (2.3%)
    180 days                5.2% (8.0%)        79.4% (68.3%)           1.5% (2.2%)
    365 days                6.2% (5.6%)        96.4% (93.6%)           1.3% (1.8%)
    90-365, links 1.5-2.0   4.6% (7.8%)        95.2% (90.7%)           1.3% (2.2%)
    naive t-test, 90-365    69.6%              93.3%                   18.0%
    goal                    <= 10%             >= 80%                  <= 3%

On 4,000 journals of 90-365 days (seed 7): 5.9%, 80.3% and 1.4%. A linked factor is also
claimed at the other lag or with the wrong sign in 1.4% of cases (naive: 53.7%).

And on no-link journals from processes the method was not tuned on (`NULL_KINDS`, 300 each;
plain/EWC in brackets): a wandering level 5.0% (7.7%), a steady rise or fall 8.0% (8.7%),
setbacks 3.3% (5.3%), two-day persistence 6.3% (8.7%), heavy-tailed days 5.3% (6.7%), runs
of 5-12 days 3.7% (9.3%), practices taken up while wellbeing rises 4.7% (17.3%) of journals
with any claim; 0.6-1.4% of factors claimed (up to 4.1%). Check-ins only on Mondays,
Wednesdays and Fridays, and a wandering level with practices in phases of 15-40 days, are in
tests/test_patterns_attack.py.

The error goals hold at every length. Finding a 1-1.5 point link meets the 80% goal over
90-365 days, narrowly, and from about six months of days (96% at a year) but not at 90 days
(41%): with ~72 logged days, a third of them with the factor, a one-point difference is
often within what runs of good and hard days produce by chance; such links show as "not
clear yet" until more days are logged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np
import pandas as pd

from analytics.dates import DateRange
from analytics.per_version_cache import Kept
from analytics.storage import Connection, sleep_queries
from analytics.storage import patterns_queries as queries
from analytics.words import patterns as pattern_words
from analytics.words.phrases import YOU, Voice

OUTCOMES = ("wellbeing", "anxiety", "energy", "sleep_quality")
LOWER_IS_BETTER = frozenset({"anxiety"})
"""For these outcomes a lower value is the better day; sentences say "lower", never "better"."""
LAGS = (0, 1)
MIN_DAYS = 10
"""Fewer outcome days than this with a factor, or without it, and nothing is claimed."""
FDR = 0.05
"""The false discovery rate the claims are held to (Benjamini-Hochberg)."""
MAX_PERSISTENCE = 0.95
PERSISTENCE_GAPS = 3
"""Persistence is estimated from logged days at most this many days apart (see `_persistence`)."""
MIN_PAIRS = 10
"""Pairs of logged days a given distance apart needed to estimate persistence from them."""
"""The day-to-day persistence used for the carry-over adjustment is capped here (and at 0 below)."""
LEVEL = 0.95
"""The confidence of an interval when nothing is adjusted; intervals are never narrower."""
MIN_SPAN_DAYS = 90
"""The page looks at least this many days: fewer and no pattern can be told from chance."""
MIN_OWN_SHARE = 1e-8
"""A design column (after the carry-over transform) whose squared length is explained by the
other columns of its regression to all but this share cannot be told apart from them: its
coefficient is not estimated, tested or drawn (see "Too fixed a rhythm" in the module
docstring). Exactly collinear columns leave rounding error, 0 to 1e-31 (a practice on every
other day); one day off that rhythm leaves 0.06 in 60 days and 5.5e-4 in ten years of days with
persistence 0.9; the smallest on 200 synthetic journals of the bench (seed 2026) was 0.18.
The line sits far from both."""

COLUMNS = [
    "outcome",
    "factor",
    "lag",
    "n_with",
    "n_without",
    "mean_with",
    "mean_without",
    "difference",
    "se",
    "df",
    "p",
    "level",
    "low",
    "high",
    "tested",
    "claimed",
    "separable",
]


def _wallace(df: np.ndarray) -> np.ndarray:
    return (8 * df + 1) / (8 * df + 3)


def t_to_z(t: np.ndarray, df: float | np.ndarray) -> np.ndarray:
    """Student's t with `df` degrees of freedom mapped to a standard normal deviate (Wallace 1959)."""
    t = np.asarray(t, dtype="float64")
    df = np.asarray(df, dtype="float64")
    return np.sign(t) * _wallace(df) * np.sqrt(df * np.log1p(t * t / df))


def t_quantile(probability: float | np.ndarray, df: float | np.ndarray) -> np.ndarray:
    """The `probability` quantile (> 0.5) of Student's t: the exact inverse of `t_to_z`."""
    z = np.vectorize(NormalDist().inv_cdf)(np.asarray(probability, dtype="float64"))
    df = np.asarray(df, dtype="float64")
    return np.sign(z) * np.sqrt(df * np.expm1((z / _wallace(df)) ** 2 / df))


def two_sided_p(t: np.ndarray, df: float | np.ndarray) -> np.ndarray:
    z = np.abs(t_to_z(t, df))
    return np.vectorize(math.erfc)(z / math.sqrt(2))


def benjamini_hochberg(p: np.ndarray, q: float = FDR) -> np.ndarray:
    """Which of `p` (NaN: not tried) are discoveries at false discovery rate `q`."""
    p = np.asarray(p, dtype="float64")
    tried = np.flatnonzero(np.isfinite(p))
    found = np.zeros(p.size, dtype=bool)
    if tried.size == 0:
        return found
    order = tried[np.argsort(p[tried], kind="stable")]
    m = tried.size
    passing = np.flatnonzero(p[order] <= q * np.arange(1, m + 1) / m)
    if passing.size:
        found[order[: passing[-1] + 1]] = True
    return found


def factor_columns(days: pd.DataFrame) -> list[str]:
    """The factor columns of a days table: every boolean column, and every integer column
    holding only 0 and 1 (a factor read from a CSV), other than `day` and the outcomes."""

    def is_factor(column: str) -> bool:
        values = days[column]
        if column == "day" or column in OUTCOMES:
            return False
        if pd.api.types.is_bool_dtype(values):
            return True
        return pd.api.types.is_integer_dtype(values) and bool(values.dropna().isin([0, 1]).all())

    return [c for c in days.columns if is_factor(c)]


def checked_days(days: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """`days` in calendar order with one row per day from its first to its last: a day missing
    from the table is a day with nothing logged (outcomes NaN, no factor). Refused with a
    ValueError naming the day or column: no `day` column, a day given twice (it would be
    counted twice, and "the day after" would point back in time), an infinite outcome, or a
    factor with a missing value."""
    if "day" not in days:
        raise ValueError("days: needs a `day` column, one row per calendar day")
    when = pd.to_datetime(days["day"]).dt.normalize()
    twice = when[when.duplicated()]
    if len(twice):
        raise ValueError(f"day: {twice.iloc[0]:%Y-%m-%d} is given more than once")
    for name in outcomes:
        if name in days:
            values = pd.to_numeric(days[name], errors="coerce").to_numpy(dtype="float64")
            bad = np.isinf(values)
            if bad.any():
                raise ValueError(
                    f"{name}: {when.iloc[int(np.argmax(bad))]:%Y-%m-%d} is infinite, not a score"
                )
    factors = factor_columns(days)
    for name in factors:
        if days[name].isna().any() and not known_on_some_days(days[name]):
            missing = when[days[name].isna().to_numpy()].iloc[0]
            raise ValueError(f"{name}: {missing:%Y-%m-%d} has no value (give True or False)")
    days = days.assign(day=when).sort_values("day", kind="stable").set_index("day")
    if len(days):
        calendar = pd.date_range(days.index[0], days.index[-1], freq="D", name="day")
        days = days.reindex(calendar)
        for name in factors:
            if not known_on_some_days(days[name]):
                days[name] = days[name].fillna(False).astype(bool)
    return days.reset_index()


def known_on_some_days(values: pd.Series) -> bool:
    """A factor known only on the days it was given (pandas' nullable "boolean", NA where it
    was not: a night's sleep), rather than True or False every day (a practice done or not).
    Such a factor is compared only on the days it is known, and only on the same day (see
    `_tries`)."""
    return isinstance(values.dtype, pd.BooleanDtype)


def _logged_pairs(valid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each day and column: whether an earlier day is `valid` too (`linked`), the index of
    the last such day (`before`, 0 where none) and how many days back it is (`gap`, 0 where
    none). Persistence and the carry-over transform both pair each logged day with it."""
    n = valid.shape[0]
    last = np.maximum.accumulate(np.where(valid, np.arange(n)[:, None], -1), axis=0)
    previous = np.full(valid.shape, -1)
    previous[1:] = last[:-1]
    linked = valid & (previous >= 0)
    before = np.where(linked, previous, 0)
    gap = np.where(linked, np.arange(n)[:, None] - before, 0)
    return linked, before, gap


def _without(basis: np.ndarray, values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Each column of `values` minus its least-squares projection on the same column of
    `basis` (left as it is where that column of `basis` is all but zero)."""
    size = (basis * basis).sum(axis=0)
    usable = size > 1e-12 * np.maximum(valid.sum(axis=0), 1)
    share = (basis * values).sum(axis=0) / np.where(usable, size, 1.0)
    return values - basis * np.where(usable, share, 0.0)


def _persistence(
    residual: np.ndarray, pairs: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Each column's day-to-day persistence rho, from the residuals of the plain comparison:
    the autocorrelation r_k over pairs of logged days k apart, for the smallest k (1 to
    `PERSISTENCE_GAPS`) with at least `MIN_PAIRS` pairs, plus Kendall's small-sample bias
    (1 + 3 r_k) / pairs, taken to the power 1/k (r_k is about rho^k), kept within
    [0, `MAX_PERSISTENCE`]. Someone who checks in on Mondays, Wednesdays and Fridays has no
    pairs one day apart, and rho comes from the pairs two days apart; with no gap holding
    enough pairs, rho is 0 (days that far apart barely carry over)."""
    linked, before, gap = pairs
    k = residual.shape[1]
    earlier = residual[before, np.arange(k)[None, :]]
    rho = np.zeros(k)
    chosen = np.zeros(k, dtype=bool)
    for apart in range(1, PERSISTENCE_GAPS + 1):
        apart_by = linked & (gap == apart)
        count = apart_by.sum(axis=0)
        covariance = (residual * earlier * apart_by).sum(axis=0)
        scale = np.sqrt((residual**2 * apart_by).sum(axis=0) * (earlier**2 * apart_by).sum(axis=0))
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.nan_to_num(covariance / scale)
        r = np.clip(r + (1 + 3 * r) / np.maximum(count, 1), 0.0, 1.0)
        use = ~chosen & (count >= MIN_PAIRS)
        rho = np.where(use, r ** (1 / apart), rho)
        chosen |= use
    return np.clip(rho, 0.0, MAX_PERSISTENCE)


def _carry_over_adjusted(
    y: np.ndarray, x: tuple[np.ndarray, ...], valid: np.ndarray, residual: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, list[np.ndarray]]:
    """Feasible-GLS (Prais-Winsten) coefficients of the factor columns `x` (the factor on the
    day and on the day before, fitted together), their standard errors, the degrees of
    freedom and whether each column can be told apart from the others (`separable`): see
    "Carry-over", "Standard error" and "Too fixed a rhythm" in the module docstring. `y` has
    0 where nothing was logged; `residual` is the plain comparison's."""
    n_days, k = valid.shape
    column = np.arange(k)[None, :]
    linked, before, gap = pairs = _logged_pairs(valid)
    rho = _persistence(residual, pairs)
    # Exact AR(1) transform across gaps: a day k days after the last logged one is
    # quasi-differenced with rho^k and rescaled, so every transformed error has one variance.
    carried = np.where(linked, rho[None, :] ** gap, 0.0)
    weight = np.sqrt((1 - rho**2)[None, :] / (1 - carried**2))

    def transformed(values: np.ndarray) -> np.ndarray:
        earlier = values[before, column] if values.ndim == 2 else values[before]
        now = values if values.ndim == 2 else values[:, None]
        return np.where(valid, weight * (now - carried * earlier), 0.0)

    time = np.arange(n_days, dtype="float64") / max(n_days, 1)
    constant = np.where(valid, weight * (1 - carried), 0.0)
    trend = _without(constant, transformed(time), valid)
    # The constant and a steady rise or fall are partialled out of everything (Gram-Schmidt).
    ys = _without(trend, _without(constant, transformed(y), valid), valid)
    raw = [transformed(v) for v in x]
    xs = [_without(trend, _without(constant, v, valid), valid) for v in raw]
    coefficients, sizes, apart = [], [], []
    for j, own in enumerate(xs):
        alone = own
        for other in xs[:j] + xs[j + 1 :]:
            alone = _without(other, alone, valid)  # two columns: exact Frisch-Waugh-Lovell
        size = (alone * alone).sum(axis=0)
        sizes.append(size)
        apart.append(separable(size, (raw[j] * raw[j]).sum(axis=0)))
        with np.errstate(invalid="ignore", divide="ignore"):
            coefficients.append((alone * ys).sum(axis=0) / size)
    # A column that cannot be told apart adds nothing to the fit (its share is rounding).
    error = ys - sum(
        np.where(ok, np.nan_to_num(b), 0.0) * v
        for b, v, ok in zip(coefficients, xs, apart, strict=True)
    )
    # Fitted: the constant, the rise or fall and one coefficient per factor column.
    df = valid.sum(axis=0) - 2.0 - len(xs)
    noise = (error * error).sum(axis=0) / np.maximum(df, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        errors = [np.sqrt(noise / size) for size in sizes]
    return coefficients, errors, df, apart


def separable(unexplained: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Whether design columns can be told apart from the other columns of their regression:
    `unexplained` (the squared length of each column's residual on the others) is at least
    `MIN_OWN_SHARE` of `length` (the column's own squared length), and not zero. Shared by
    Patterns and the days after a session."""
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.asarray(unexplained, dtype="float64") / np.asarray(length, dtype="float64")
    return np.nan_to_num(share) >= MIN_OWN_SHARE


def separable_columns(design: np.ndarray) -> np.ndarray:
    """For each column of `design`, whether it can be told apart from the others (`separable`),
    by least squares of the column on the other columns."""
    apart = np.zeros(design.shape[1], dtype=bool)
    for j in range(design.shape[1]):
        column, others = design[:, j], np.delete(design, j, axis=1)
        if others.shape[1]:
            fit, *_ = np.linalg.lstsq(others, column, rcond=None)
            column = column - others @ fit
        apart[j] = bool(separable(column @ column, design[:, j] @ design[:, j]))
    return apart


NOT_AGAINST = {"sleep_quality": "sleep:"}
"""Factors not tried against an outcome (by the start of their column): a night's sleep is
not compared with the sleep of the night after it."""


def _one_outcome(days: pd.DataFrame, outcome: str, factors: Sequence[str]) -> pd.DataFrame:
    skip = NOT_AGAINST.get(outcome)
    factors = [f for f in factors if not (skip and f.startswith(skip))]
    every_day = [f for f in factors if not known_on_some_days(days[f])]
    some_days = [f for f in factors if known_on_some_days(days[f])]
    parts = [_tries(days, outcome, every_day), _tries(days, outcome, some_days, some_days=True)]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


def _tries(
    days: pd.DataFrame, outcome: str, factors: Sequence[str], some_days: bool = False
) -> pd.DataFrame:
    """The tries of `factors` against `outcome` on the same day and the day after, fitted
    together (see the module docstring). Factors known only on some days (`some_days`,
    `known_on_some_days`: sleep, about the night before the day it is given with) are tried on
    the same day only: their days with and without are the days they are known, and a day
    one is not known is left out, never read as "without"."""
    lags = (0,) if some_days else LAGS
    y = days[outcome].to_numpy(dtype="float64")
    n_days = y.size
    if not factors:
        return pd.DataFrame(columns=COLUMNS)
    given = days[list(factors)]
    known = given.notna().to_numpy()
    raw = given.fillna(False).to_numpy(dtype=bool).astype("float64")
    logged = np.isfinite(y)
    # A factor counts from the first day it appears: before that, "without" means "not yet".
    # One known only on some days counts on exactly those days.
    started = known if some_days else np.maximum.accumulate(raw > 0, axis=0)
    shifted = {lag: np.zeros_like(raw) for lag in lags}
    for lag in lags:
        if lag < n_days:
            shifted[lag][lag:] = raw[: n_days - lag]
    # The same day and the day before are fitted together: apart, a link on the day after
    # a single-day factor (a weekly event) reads as a same-day difference of the opposite sign,
    # because the transformed factor is -rho on the day after.
    valid = started & logged[:, None]
    x = tuple(shifted[lag] for lag in lags)
    spread = float(np.nanstd(y)) if logged.any() else 0.0
    tolerance = 1e-9 * max(spread, float(np.nanmax(np.abs(y))) if logged.any() else 0.0, 1.0)
    # The plain comparison's residuals (least squares on the constant and both columns,
    # orthogonalised in turn), from which the persistence is estimated.
    basis = [np.where(valid, 1.0, 0.0)]
    for v in x:
        column = np.where(valid, v, 0.0)
        for b in basis:
            column = _without(b, column, valid)
        basis.append(column)
    plain = np.where(valid, np.nan_to_num(y)[:, None], 0.0)
    for b in basis:
        plain = _without(b, plain, valid)
    coefficients, errors, df, apart = _carry_over_adjusted(np.nan_to_num(y), x, valid, plain)
    rows = []
    for lag, difference, se, told in zip(lags, coefficients, errors, apart, strict=True):
        compared = np.zeros_like(valid)
        if lag < n_days:
            compared[lag:] = started[: n_days - lag]
        compared &= logged[:, None]
        on = shifted[lag] > 0
        n_with = (compared & on).sum(axis=0)
        n_without = (compared & ~on).sum(axis=0)
        yv = np.where(compared, y[:, None], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_with = (yv * on).sum(axis=0) / n_with
            mean_without = (yv * ~on).sum(axis=0) / n_without
        # Rounding error is not a difference: an outcome logged as the same number every day
        # gives a difference and a standard error of ~1e-16, whose ratio means nothing.
        difference = np.where(np.abs(difference) < tolerance, 0.0, difference)
        # Too fixed a rhythm to tell this lag apart: no difference at all, not even rounding's.
        difference = np.where(told, difference, np.nan)
        exact = se < tolerance
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(exact, np.where(difference != 0, np.inf, 0.0), difference / se)
        se = np.where(exact, 0.0, se)
        enough = (n_with >= MIN_DAYS) & (n_without >= MIN_DAYS) & (df >= 1)
        tested = enough & np.isfinite(se) & np.isfinite(difference)
        p = np.where(
            tested, two_sided_p(np.where(tested, t, 0.0), np.where(tested, df, 1.0)), np.nan
        )
        for j, factor in enumerate(factors):
            rows.append(
                {
                    "outcome": outcome,
                    "factor": factor,
                    "lag": lag,
                    "n_with": int(n_with[j]),
                    "n_without": int(n_without[j]),
                    "mean_with": float(mean_with[j]) if n_with[j] else np.nan,
                    "mean_without": float(mean_without[j]) if n_without[j] else np.nan,
                    "difference": float(difference[j]) if n_with[j] and n_without[j] else np.nan,
                    "se": float(se[j]) if tested[j] else np.nan,
                    "df": float(df[j]) if tested[j] else np.nan,
                    "p": float(p[j]),
                    "tested": bool(tested[j]),
                    "separable": bool(told[j]),
                }
            )
    return pd.DataFrame(rows)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Benjamini-Hochberg across every try in `frame`, and intervals consistent with the claims."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS).astype(
            {"claimed": bool, "tested": bool, "separable": bool}
        )
    frame = claims_with_intervals(frame)
    # A sentence must not say "higher" beside plain averages that are lower: when holding the
    # day before fixed turns the sign of the plain comparison, nothing is claimed.
    frame.loc[frame["claimed"] & against_plain(frame), "claimed"] = False
    return frame[COLUMNS].reset_index(drop=True)


def claims_with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (rows of tries with `p`, `tested`, `df`, `se`, `difference`) with one false
    discovery rate over all of them: `claimed`, and `level`, `low`, `high` of intervals widened
    to match (never crossing 0 for a claim). Shared by Patterns and the days after a session."""
    claimed = benjamini_hochberg(frame["p"].to_numpy())
    tries = max(int(frame["tested"].sum()), 1)
    alpha = min(FDR * max(int(claimed.sum()), 1) / tries, 1 - LEVEL)
    tested = frame["tested"].to_numpy(dtype=bool)
    df = np.where(tested, frame["df"].to_numpy(dtype="float64"), 1.0)
    half = t_quantile(1 - alpha / 2, df) * frame["se"].to_numpy(dtype="float64")
    difference = frame["difference"].to_numpy(dtype="float64")
    frame = frame.assign(
        level=np.where(tested, 1 - alpha, np.nan),
        low=np.where(tested, difference - half, np.nan),
        high=np.where(tested, difference + half, np.nan),
        claimed=claimed,
    )
    # Rounding at the edge: a claim's interval never touches 0 (p == threshold to the last digit).
    edge = frame["claimed"] & (np.sign(frame["low"]) != np.sign(frame["high"]))
    frame.loc[edge, "claimed"] = False
    return frame


def against_plain(results: pd.DataFrame) -> pd.Series:
    """Rows whose adjusted difference points the other way from their plain averages (or
    whose plain averages are equal)."""
    plain = np.sign(results["mean_with"] - results["mean_without"])
    return plain != np.sign(results["difference"])


def associations(days: pd.DataFrame, outcome: str | Sequence[str] = "wellbeing") -> pd.DataFrame:
    """One row per (outcome, factor, lag) tried: how the outcome differed on days with the
    factor (lag 0) or on the day after it (lag 1), and whether that is claimed.

    `days`: one row per calendar day with `day`, the outcome column(s) (NaN where nothing was
    logged) and one boolean (or 0/1) column per factor; checked and put in calendar order by
    `checked_days` (a ValueError names what is wrong). `outcome`: one column, or several
    tested together (then every outcome's tries count in the one false discovery rate).

    Columns: `outcome`, `factor`, `lag`, `n_with`, `n_without` (days with the outcome logged),
    `mean_with`, `mean_without` (plain means), `difference` (points, with minus without,
    allowing for carry-over and a steady rise or fall: see "Difference" above), `se`,
    `df`, `p` (NaN when not tried), `level` (the interval's confidence, at least 95%), `low`,
    `high`, `tested` (enough days on both sides, and separable), `claimed` and `separable`
    (False: the factor came in too fixed a rhythm to tell this lag apart, and `difference` is
    NaN; see "Too fixed a rhythm"). See the module docstring.
    """
    outcomes = [outcome] if isinstance(outcome, str) else list(outcome)
    days = checked_days(days, outcomes)
    factors = factor_columns(days)
    parts = [_one_outcome(days, name, factors) for name in outcomes if name in days]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _finish(pd.DataFrame())
    return _finish(pd.concat(parts, ignore_index=True))


def naive_associations(days: pd.DataFrame, outcome: str = "wellbeing") -> pd.DataFrame:
    """The test a quick app would run: a two-sample t-test per factor and lag at p < 0.05 that
    treats every day as independent, with no correction for the number of tries. Kept to show
    (in the tests and the bench) why `associations` does not do this."""
    days = days.sort_values("day", kind="stable").reset_index(drop=True)
    y = days[outcome].to_numpy(dtype="float64")
    rows = []
    for factor in factor_columns(days):
        f = days[factor].to_numpy(dtype=bool)
        for lag in LAGS:
            x = np.zeros(y.size, dtype=bool)
            x[lag:] = f[: y.size - lag]
            ok = np.isfinite(y)
            ok[:lag] = False
            a, b = y[ok & x], y[ok & ~x]
            claimed, difference = False, np.nan
            if a.size >= 2 and b.size >= 2:
                difference = a.mean() - b.mean()
                se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
                claimed = se > 0 and abs(difference) / se > 1.96
            rows.append(
                {"factor": factor, "lag": lag, "difference": difference, "claimed": bool(claimed)}
            )
    return pd.DataFrame(rows, columns=["factor", "lag", "difference", "claimed"])


# --- from the journal ---------------------------------------------------------------------

PRACTICE, TRIGGER, NEW_SKILL = "practice", "trigger", "new_skill"
OUTCOME_NAMES = {
    "wellbeing": "wellbeing",
    "anxiety": "anxiety",
    "energy": "energy",
    "sleep_quality": "sleep quality",
}
OUTCOME_LABELS = {"sleep_quality": "Sleep quality"}
"""How the page's choice of outcome names one, where not its name capitalised."""


def factor_column(kind: str, name: str = "") -> str:
    """A factor's column in the days table: "practice:Breathing or grounding", "trigger:Work",
    "new_skill"."""
    return f"{kind}:{name}" if name else kind


def factor_parts(column: str) -> tuple[str, str]:
    """(kind, name) of a factor column; the inverse of `factor_column`."""
    kind, _, name = column.partition(":")
    return kind, name


def window(chosen: DateRange) -> tuple[DateRange, bool]:
    """The days looked at for `chosen`: itself, or the `MIN_SPAN_DAYS` days ending on its last
    day when it is shorter (True: widened, and the page says so)."""
    if chosen.days >= MIN_SPAN_DAYS:
        return chosen, False
    return DateRange(chosen.end - timedelta(days=MIN_SPAN_DAYS - 1), chosen.end), True


def days_table(con: Connection, start: date, end: date) -> pd.DataFrame:
    """One row per calendar day in [start, end]: `day`, `wellbeing`, `anxiety`, `energy` (the
    day's mean check-in, NaN without one) and one boolean column per factor that happened at
    least once in the range (see `factor_column`), in a fixed order: practices, trigger
    categories, new skill; then the night's sleep (`sleep_factors`), and the outcome
    `sleep_quality`: the night after the day (see `with_sleep`)."""
    days = with_sleep(
        queries.day_outcomes(con, start, end), sleep_queries.nights(con, start, end + timedelta(1))
    )
    happened = queries.day_factors(con, start, end)
    if happened.empty:
        return days
    happened = happened.assign(
        column=happened["kind"].where(
            happened["name"] == "", happened["kind"] + ":" + happened["name"]
        ),
        rank=happened["kind"].map({PRACTICE: 0, TRIGGER: 1, NEW_SKILL: 2}),
    )
    order = happened.sort_values(["rank", "name"], kind="stable")["column"].drop_duplicates()
    columns = pd.Index(order)
    flags = np.zeros((len(days), len(columns)), dtype=bool)
    position = (happened["day"] - days["day"].iloc[0]).dt.days.to_numpy()
    flags[position, columns.get_indexer(happened["column"])] = True
    flags = pd.DataFrame(flags, columns=columns, index=days.index)
    sleep = [c for c in days.columns if c.startswith(f"{SLEEP}:")]
    return pd.concat([days.drop(columns=sleep), flags, days[sleep]], axis=1)


SLEEP = "sleep"
ENOUGH_SLEEP_HOURS = 7
"""A night of 7 hours or more: the least adults are advised to sleep regularly for their
health (Watson et al. 2015, the joint consensus of the American Academy of Sleep Medicine and
the Sleep Research Society, J Clin Sleep Med 11(6):591-592)."""
GOOD_SLEEP_QUALITY = 6
"""A night rated 6 or more of 10: above the middle (5) of the 0-10 scale the app rates on. A
fixed line, not the person's own median, so what "a better night" means does not move as
nights are added."""


def sleep_factors(nights: pd.DataFrame) -> dict[str, pd.Series]:
    """The factor columns of a night's sleep (the night before each day): "sleep:hours" (7
    hours or more, `ENOUGH_SLEEP_HOURS`) and "sleep:quality" (rated 6 or more,
    `GOOD_SLEEP_QUALITY`), as nullable booleans, NA on days that night was not given
    (`known_on_some_days`). A factor is only made when some night gave it."""
    columns = {}
    for name, values, line in (
        ("hours", nights["sleep_hours"], ENOUGH_SLEEP_HOURS),
        ("quality", nights["sleep_quality"], GOOD_SLEEP_QUALITY),
    ):
        if values.notna().any():
            columns[factor_column(SLEEP, name)] = (
                (values >= line).astype("boolean").where(values.notna(), pd.NA)
            )
    return columns


def with_sleep(days: pd.DataFrame, nights: pd.DataFrame) -> pd.DataFrame:
    """`days` with the sleep factors (`sleep_factors`, the night before each day) and the
    outcome `sleep_quality`: the quality of the night AFTER each day, given with the next
    day's check-in (`nights` reaches one day past `days`), so that "on days you practised
    grounding" is followed by the night after it, never the night before."""
    night_before = nights.set_index("day").reindex(days["day"])
    night_after = nights.set_index("day").reindex(days["day"] + pd.Timedelta(days=1))
    factors = {
        column: values.set_axis(days.index)
        for column, values in sleep_factors(night_before).items()
    }
    return days.assign(
        sleep_quality=night_after["sleep_quality"].to_numpy(dtype="float64"), **factors
    )


@dataclass(frozen=True)
class PatternsView:
    """What the Patterns page (and the review) shows for one range and outcome(s)."""

    looked_at: DateRange
    widened: bool
    outcomes: tuple[str, ...]
    results: pd.DataFrame
    outcome_days: int
    """Days in `looked_at` with the (first) outcome logged."""
    factors: int
    key: tuple = ()
    """What it was kept under (`patterns_view`): the journal version, the days and outcomes.
    Anything made from this view alone (its chart) can be kept under it as well."""

    @property
    def claims(self) -> pd.DataFrame:
        return claimed_patterns(self.results)

    @property
    def nearest(self) -> int:
        """The largest, over factors, of the smaller side (days with or without)."""
        r = self.results
        return int(np.minimum(r["n_with"], r["n_without"]).max()) if len(r) else 0

    @property
    def state(self) -> str:
        """ "no_outcome" (nothing logged), "ready" (something tried), "too_regular" (nothing
        tried, but some factor had `MIN_DAYS` each side and came in too fixed a rhythm to tell
        its lags apart: `cannot_tell_apart_text`) or "too_few" (no factor has `MIN_DAYS` each
        side)."""
        if self.outcome_days == 0:
            return "no_outcome"
        if bool(self.results["tested"].any()):
            return "ready"
        return "too_regular" if len(self._too_regular()) else "too_few"

    @property
    def tried(self) -> int:
        """How many comparisons had enough days to be tried."""
        return int(self.results["tested"].sum())

    def _too_regular(self) -> pd.DataFrame:
        """The same-day rows of the factors with `MIN_DAYS` each side whose lags could not be
        told apart (`separable` False): too few days is said first, when both are so."""
        r = self.results
        enough = (r["n_with"] >= MIN_DAYS) & (r["n_without"] >= MIN_DAYS)
        # With enough days, both lags or neither (the module docstring); once per factor
        # when several outcomes are asked at once.
        regular = r[~r["separable"].astype(bool) & enough & (r["lag"] == 0)]
        return regular.drop_duplicates("factor")

    def too_few_text(self) -> str:
        """The factors with too few days to compare yet (`pattern_words.too_few_to_compare`), once
        each (their same-day row), or "" when there are none. A factor too regular to compare
        is not among them (`cannot_tell_apart_text`)."""
        regular = set(self._too_regular()["factor"])
        untested = self.results[
            ~self.results["tested"]
            & (self.results["lag"] == 0)
            & ~self.results["factor"].isin(regular)
        ]
        return pattern_words.too_few_to_compare(
            (label(row).rsplit(",", 1)[0], int(row.n_with), int(row.n_without))
            for row in untested.itertuples()
        )

    def cannot_tell_apart_text(self) -> str:
        """The factors whose days came in too fixed a rhythm to tell the same day from the day
        after (`pattern_words.cannot_tell_apart`), once each, or "" when there are none."""
        return pattern_words.cannot_tell_apart(
            (label(row).rsplit(",", 1)[0], int(row.n_with), int(row.n_without))
            for row in self._too_regular().itertuples()
        )


def claimed_patterns(results: pd.DataFrame) -> pd.DataFrame:
    """The claimed rows, clearest first (smallest p), then by factor."""
    claims = results[results["claimed"]]
    return claims.sort_values(["p", "factor", "lag"], kind="stable").reset_index(drop=True)


_CACHE: Kept[PatternsView] = Kept(16)


def patterns_view(
    con: Connection, chosen: DateRange, outcomes: str | Sequence[str] = "wellbeing"
) -> PatternsView:
    """Associations for the days `window(chosen)`, for one outcome or several tested together.

    Results are kept per journal version (`patterns_queries.version`), range and outcomes, so
    a rerun of the page with nothing new logged costs one small query."""
    outcomes = (outcomes,) if isinstance(outcomes, str) else tuple(outcomes)
    looked_at, widened = window(chosen)
    # `widened` too: "Last 30 days" and "Last 90 days" look at the same days, but only the
    # first says that it looks further than the range chosen.
    key = (queries.version(con), looked_at, widened, outcomes)
    return _CACHE.get(key, lambda: replace(_view(con, looked_at, widened, outcomes), key=key))


def _view(
    con: Connection, looked_at: DateRange, widened: bool, outcomes: tuple[str, ...]
) -> PatternsView:
    days = days_table(con, looked_at.start, looked_at.end)
    results = associations(days, outcomes)
    return PatternsView(
        looked_at,
        widened,
        outcomes,
        results,
        int(days[outcomes[0]].notna().sum()),
        len(factor_columns(days)),
    )


def sentence(row, voice: Voice = YOU) -> str:
    """The sentence for one claimed row of `associations` (see `pattern_words.pattern_sentence`)."""
    kind, name = factor_parts(row.factor)
    return pattern_words.pattern_sentence(
        kind,
        name,
        int(row.lag),
        OUTCOME_NAMES.get(row.outcome, row.outcome),
        float(row.difference),
        float(row.low),
        float(row.high),
        int(row.n_with),
        int(row.n_without),
        float(row.mean_with),
        float(row.mean_without),
        voice,
    )


def sentences(results: pd.DataFrame, voice: Voice = YOU) -> list[str]:
    """One sentence per claimed pattern, clearest first, each ending with its full stop (the
    pages listed them without one, the brief and the plan with); none for the rest."""
    return [sentence(row, voice) + "." for row in claimed_patterns(results).itertuples()]


def label(row) -> str:
    kind, name = factor_parts(row.factor)
    return pattern_words.factor_label(kind, name, int(row.lag))


def title(results: pd.DataFrame, outcome: str) -> str:
    """The chart's title, from the same claims as the sentences."""
    claims = claimed_patterns(results)
    first = label(next(claims.itertuples())) if len(claims) else ""
    return pattern_words.patterns_title(
        len(claims), OUTCOME_NAMES.get(outcome, outcome), int(results["tested"].sum()), first
    )
